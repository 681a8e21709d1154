// The lab's external OIDC issuer, as Entra and anyone else reach it over HTTPS at the issuer's own host name:
// discovery document, JWKS whose key verifies the token the lab minted for the client; Graph lists the app's
// federated credentials and certificates in Microsoft's shapes (§8.2.3, §8.1.6).
import assert from 'node:assert/strict'
import {createHash, X509Certificate} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {after, before, describe, it} from 'node:test'
import {createLocalJWKSet, jwtVerify} from 'jose'
import {resolveScenario} from '../../src/lab/scenario/load-scenario.js'
import {startLab} from '../../src/lab/start-lab.js'
import type {LabHandle} from '../../src/lab/lab-types.js'
import {GRAPH_SCOPE, msalToken, rawRequest} from './lab-test-helpers.js'

const GH = 'token.actions.githubusercontent.com'

describe('lab: external OIDC issuer and Graph credentials', () => {
  let lab: LabHandle
  before(async () => {
    const scenario = await resolveScenario('federation-healthy')
    const cert = await resolveScenario('certificate-healthy')
    // Both kinds on one app: the certificate scenario's registered certificate, the federation scenario's credentials.
    scenario.applications[0]!.certificates = cert.applications[0]!.certificates
    scenario.applications[0]!.secrets = [{id: '0e4f5a6b-0000-4000-8000-000000000004', value: 'Qx8~labSecretValue.For.Tests-0001', expires: new Date(Date.now() + 86_400_000)}]
    lab = await startLab(scenario, {mail: false})
  })
  after(() => lab.close())

  it('serves discovery and keys at the issuer host; the minted token verifies with them', async () => {
    const doc = (await rawRequest(lab, GH, 'GET', '/.well-known/openid-configuration')).json()
    assert.equal(doc.issuer, `https://${GH}`)
    assert.equal(doc.jwks_uri, `https://${GH}/.well-known/jwks`)
    const jwks = (await rawRequest(lab, GH, 'GET', new URL(doc.jwks_uri as string).pathname)).json()
    const token = await lab.mintFederatedToken!({issuer: `https://${GH}`, subject: 'repo:contoso/mailer:environment:prod', audience: 'api://AzureADTokenExchange'})
    const {payload} = await jwtVerify(token, createLocalJWKSet(jwks as never), {issuer: `https://${GH}`, audience: 'api://AzureADTokenExchange'})
    assert.equal(payload.sub, 'repo:contoso/mailer:environment:prod')
  })
  it('Graph: federatedIdentityCredentials and keyCredentials (customKeyIdentifier = base64 SHA-1)', async () => {
    const token = (await msalToken(lab, {scope: GRAPH_SCOPE}))!.accessToken
    const headers = {Authorization: `Bearer ${token}`}
    const app = (await rawRequest(lab, 'graph.microsoft.com', 'GET', "/v1.0/applications(appId='9a1b2c3d-0000-4000-8000-000000000001')", {headers})).json()
    const list = (await rawRequest(lab, 'graph.microsoft.com', 'GET', `/v1.0/applications/${app.id}/federatedIdentityCredentials`, {headers})).json()
    assert.equal(list['@odata.context'], `https://graph.microsoft.com/v1.0/$metadata#applications('${app.id}')/federatedIdentityCredentials`)
    assert.deepEqual(list.value.map((c: {name: string}) => c.name).sort(), ['github-main', 'github-prod'])
    assert.deepEqual(Object.keys(list.value[0]).sort(), ['audiences', 'description', 'id', 'issuer', 'name', 'subject'])
    const sha1 = createHash('sha1').update(new X509Certificate(readFileSync('scenarios/certs/mailer.pem')).raw).digest('base64')
    assert.equal(app.keyCredentials.length, 1)
    assert.equal(app.keyCredentials[0].customKeyIdentifier, sha1)
    assert.equal(app.keyCredentials[0].type, 'AsymmetricX509Cert')
    assert.equal(app.keyCredentials[0].usage, 'Verify')
    assert.equal(app.keyCredentials[0].key, null)
  })
})
