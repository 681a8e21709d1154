// Entra's refusals of a client assertion or federated token, in their documented variants (§8.1.7, §8.2.4),
// each read into its cause; the Graph keyCredentials thumbprint; the closest federated credential.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {closestFederatedCredential, credentialFailureOf} from '../../src/checks/token/credential-failure.js'
import {thumbprintOfKeyIdentifier} from '../../src/checks/graph/certificates.js'

const NOW = new Date('2024-10-02T23:05:04Z')
const TAIL = "Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '9a1b2c3d-0000-4000-8000-000000000001'."

describe('AADSTS texts → cause', () => {
  const cases: [string, string, string, string][] = [
    ['700027', 'not registered (current wording)', `AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., ${TAIL}]`, 'token.certificate-not-registered'],
    ['700027', 'not registered, with thumbprint (older wording)', `AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '84E05C1D98BCE3A5421D225B140B36E86A3D5534', ${TAIL}]`, 'token.certificate-not-registered'],
    ['700027', 'key expired', "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: '84E05C1D98BCE3A5421D225B140B36E86A3D5534', Found key 'Start=06/29/2021 21:13:15, End=06/29/2023 21:13:15'", 'token.certificate-expired'],
    ['700027', 'signature failed', "AADSTS700027: Client assertion contains an invalid signature. [Reason - Key was found, but use of the key to verify the signature failed., Thumbprint of key used by client: '84E05C1D98BCE3A5421D225B140B36E86A3D5534']", 'token.certificate-not-registered'],
    ['700024', 'time range', 'AADSTS700024: Client assertion is not within its valid time range. Current time: 2024-10-02T22:05:03.6755165Z, assertion valid from 1970-01-01T00:00:00.0000000Z, expiry time of assertion 2024-10-02T21:30:53.0000000Z. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .', 'token.assertion-invalid'],
    ['700021', 'iss/sub', "AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter.", 'token.assertion-invalid'],
    ['700023', 'aud', 'AADSTS700023: Client assertion audience claim does not match Realm issuer.', 'token.assertion-invalid'],
    ['50027', 'malformed', 'AADSTS50027: JWT token is invalid or malformed.', 'token.assertion-invalid'],
    ['50048', 'sub ≠ iss', 'AADSTS50048: Subject must match the issuer claim in the client assertion.', 'token.assertion-invalid'],
    ['50012', 'legacy wrapper, expired key', "AADSTS70002: Error validating credentials. AADSTS50012: Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: 'AB'", 'token.certificate-expired'],
    ['70021', 'older federation', "AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://kubernetes.default.svc.cluster.local'. Assertion Subject: 'system:serviceaccount:default:sa'. Assertion Audience: 'api://AzureADTokenExchange'.", 'token.federation-mismatch'],
    ['700211', 'issuer', "AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://token.actions.githubusercontent.com/'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.", 'token.federation-mismatch'],
    ['700212', 'audience', "AADSTS700212: No matching federated identity record found for presented assertion audience 'https://github.com/contoso'. Please check …", 'token.federation-mismatch'],
    ['700213', 'subject (2025 wording)', "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/mailer:environment:staging'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion.", 'token.federation-mismatch'],
    ['7002138', 'case only', "AADSTS7002138: No matching federated identity record found for presented assertion subject 'repo:Contoso/mailer:environment:prod'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.", 'token.federation-mismatch'],
  ]
  for (const [code, what, text, cause] of cases) {
    it(`${code} ${what} → ${cause}`, () => assert.equal(credentialFailureOf(code, text, NOW)?.cause, cause))
  }
  it('a code that is no credential problem is left to the general table', () => {
    assert.equal(credentialFailureOf('7000215', 'AADSTS7000215: Invalid client secret provided.', NOW), undefined)
  })
  it('700024 reveals the clock offset: Entra\'s "Current time" against ours', () => {
    const f = credentialFailureOf('700024', cases[4]![2], NOW)!
    assert.equal(f.values.clockOffsetSeconds, 3600)
    assert.match(f.summary, /3600 s ahead/)
    const same = credentialFailureOf('700024', cases[4]![2], new Date('2024-10-02T22:05:04Z'))!
    assert.equal(same.values.clockOffsetSeconds, 0)
  })
  it('the expired key\'s end date and thumbprint are read', () => {
    const f = credentialFailureOf('700027', cases[2]![2], NOW)!
    assert.equal(f.values.certificateExpires, '2023-06-29T21:13:15.000Z')
    assert.equal(f.values.thumbprintSha1, '84E05C1D98BCE3A5421D225B140B36E86A3D5534')
  })
  it('federation: the field each code names, case-only, and the presented claims', () => {
    assert.equal(credentialFailureOf('700211', cases[11]![2], NOW)!.field, 'issuer')
    assert.equal(credentialFailureOf('700212', cases[12]![2], NOW)!.field, 'audience')
    const sub = credentialFailureOf('700213', cases[13]![2], NOW)!
    assert.equal(sub.field, 'subject')
    assert.equal(sub.values.federatedSubject, 'repo:contoso/mailer:environment:staging')
    assert.equal(credentialFailureOf('7002138', cases[14]![2], NOW)!.caseOnly, true)
    const older = credentialFailureOf('70021', cases[10]![2], NOW)!
    assert.equal(older.field, undefined)
    assert.equal(older.values.federatedIssuer, 'https://kubernetes.default.svc.cluster.local')
    assert.equal(older.values.federatedAudience, 'api://AzureADTokenExchange')
  })
})

describe('Graph shapes', () => {
  it('customKeyIdentifier is base64 of the SHA-1 bytes (the keyCredential doc example)', () => {
    assert.equal(thumbprintOfKeyIdentifier('2iD8ppbE+D6Kmu1ZvjM2jtQh88E='), 'DA20FCA696C4F83E8A9AED59BE33368ED421F3C1')
    assert.equal(thumbprintOfKeyIdentifier('AAAA'), undefined)
  })
  it('the closest federated credential: another environment, or a case-only difference', () => {
    const iss = 'https://token.actions.githubusercontent.com'
    const aud = ['api://AzureADTokenExchange']
    const registered = [
      {name: 'main', issuer: iss, subject: 'repo:contoso/mailer:ref:refs/heads/main', audiences: aud},
      {name: 'prod', issuer: iss, subject: 'repo:contoso/mailer:environment:prod', audiences: aud},
      {name: 'other', issuer: 'https://example.com', subject: 'repo:contoso/mailer:environment:staging', audiences: aud},
    ]
    assert.equal(closestFederatedCredential({issuer: iss, subject: 'repo:contoso/mailer:environment:staging', audience: aud[0]}, registered)?.name, 'prod')
    assert.equal(closestFederatedCredential({issuer: iss, subject: 'repo:Contoso/Mailer:ref:refs/heads/main', audience: aud[0]}, registered)?.name, 'main')
  })
})
