// Every row of every source table, proven: Microsoft's AADSTS reference, Exchange Online's NDR table and the
// spec's client-submission replies, Graph's error codes, the OAuth `error` field. Each row's own text goes through
// classifyText in a realistic wrapper and must come out as the row's cause.
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {classifyText} from '../../src/knowledge/classify.js'
import {aadstsInfo} from '../../src/knowledge/aadsts-codes.js'
import {AADSTS_REFERENCE_COUNT, AADSTS_ROWS} from '../../src/knowledge/data/aadsts-reference.js'
import {NDR_ROWS, NDR_TABLE_COUNT, ndrClassFallback} from '../../src/knowledge/data/exchange-ndr.js'
import {GRAPH_CODE_ROWS} from '../../src/knowledge/data/graph-codes.js'
import {OAUTH_ERROR_ROWS} from '../../src/knowledge/data/oauth-errors.js'
import {isCauseId} from '../../src/core/cause-ids.js'

describe('AADSTS: every code of Microsoft\'s reference (and the spec\'s extra codes)', () => {
  it('holds the whole reference table, each code once, each with a real cause and a why', () => {
    assert.ok(AADSTS_REFERENCE_COUNT >= 300, `only ${AADSTS_REFERENCE_COUNT} reference rows`)
    const codes = AADSTS_ROWS.map((r) => r.code)
    assert.equal(new Set(codes).size, codes.length, 'a code appears twice')
    for (const r of AADSTS_ROWS) {
      assert.ok(isCauseId(r.cause), `${r.code}: ${r.cause}`)
      assert.ok(r.why.length > 10 && r.description.length > 5, r.code)
      if (r.source === 'thread') assert.match(r.url ?? '', /^https:\/\//, r.code)
    }
  })

  it('token.unknown-error only where no specific cause fits, and never "certain"', () => {
    for (const r of AADSTS_ROWS.filter((x) => x.cause === 'token.unknown-error')) assert.notEqual(r.confidence, 'certain', r.code)
  })

  for (const r of AADSTS_ROWS) {
    it(`AADSTS${r.code} → ${r.cause}`, () => {
      // The bare code (as MSAL's Error(s) list or a ticket quotes it) maps to the row.
      const bare = classifyText(`ERROR token request failed: AADSTS${r.code}`)
      assert.equal(bare.length, 1)
      assert.equal(bare[0]!.patternId, `aadsts.${r.code}`)
      assert.equal(bare[0]!.causeIds[0], r.cause)
      assert.equal(bare[0]!.confidence, r.confidence)
      // With Microsoft's own description in the OAuth JSON, the label carries the description.
      const json = `{"error":"invalid_request","error_description":"AADSTS${r.code}: ${r.description.replace(/"/g, "'")}\\r\\nTrace ID: 0b7e3f4a-1111-4222-8333-444455556666","error_codes":[${r.code}]}`
      const m = classifyText(json)
      assert.equal(m.length, 1, 'the error field and error_codes add nothing when the description has the code')
      assert.equal(m[0]!.causeIds[0], aadstsInfo(r.code, r.description).cause)
    })
  }

  // The codes the issue and microsoft-behaviour.md §8 name, with the server's own texts.
  const NAMED: [string, string, string][] = [
    ['700027 current wording', "AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '9a1b2c3d-0000-4000-8000-00000000abcd'.", 'token.certificate-not-registered'],
    ['700027 older wording', "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: 'DA20FCA696C4F83E8A9AED59BE33368ED421F3C1', Please visit the Azure Portal", 'token.certificate-not-registered'],
    ['700027 key expired', "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: 'DA20FCA696C4F83E8A9AED59BE33368ED421F3C1', Found key 'Start=06/29/2021 21:13:15, End=06/29/2023 21:13:15'", 'token.certificate-expired'],
    ['legacy 70002/50012 key expired', "AADSTS70002: Error validating credentials. AADSTS50012: Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: 'AB12', Found key 'Start=1, End=2, Thumbprint=AB12', Configured keys: [Key0:Start=1, End=2, Thumbprint=AB12;]]", 'token.certificate-expired'],
    ['700024', 'AADSTS700024: Client assertion is not within its valid time range. Current time: 2024-10-02T22:05:03.6755165Z, assertion valid from 1970-01-01T00:00:00.0000000Z, expiry time of assertion 2024-10-02T21:30:53.0000000Z.', 'token.assertion-invalid'],
    ['legacy 50012 time range', 'AADSTS70002: Error validating credentials. AADSTS50012: Client assertion is not within its valid time range.', 'token.assertion-invalid'],
    ['700021', "AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .", 'token.assertion-invalid'],
    ['700023 server text', 'AADSTS700023: Client assertion audience claim does not match Realm issuer. Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .', 'token.assertion-invalid'],
    ['50027', 'AADSTS50027: JWT token is invalid or malformed.', 'token.assertion-invalid'],
    ['50048', 'AADSTS50048: Subject must match the issuer claim in the client assertion.', 'token.assertion-invalid'],
    ['70021', "AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://kubernetes.default.svc.cluster.local'. Assertion Subject: 'system:serviceaccount:default:workload-identity-sa'. Assertion Audience: 'api://AzureADTokenExchange'.", 'token.federation-mismatch'],
    ['700211', "AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://token.actions.githubusercontent.com/'.", 'token.federation-mismatch'],
    ['700212', "AADSTS700212: No matching federated identity record found for presented assertion audience 'api://AzureADTokenExchange'.", 'token.federation-mismatch'],
    ['700213', "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/app:ref:refs/heads/main'.", 'token.federation-mismatch'],
    ['7002138', "AADSTS7002138: No matching federated identity record found for presented assertion subject 'repo:Contoso/app:ref:refs/heads/main'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.", 'token.federation-mismatch'],
    ['9001023', 'AADSTS9001023: The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.', 'config.consumer-account'],
    ['90010 (MSAL.NET shows 9001023 so)', 'AADSTS90010: The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.', 'config.consumer-account'],
    ['50194', "AADSTS50194: Application '9a1b2c3d-0000-4000-8000-00000000abcd'(Mailer) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'.", 'config.token-url'],
    ['53005', 'AADSTS53005: Application needs to enforce Intune protection policies.', 'token.conditional-access'],
    ['650053', "AADSTS650053: The application 'Mailer' asked for scope 'SMTP.SendAsApp' that doesn't exist on the resource '00000002-0000-0ff1-ce00-000000000000'.", 'token.invalid-scope'],
    ['28000', 'AADSTS28000: Provided value for the input parameter scope is not valid because it contains more than one resource.', 'token.invalid-scope'],
    ['53000', 'AADSTS53000: Device is not in required device state: compliant.', 'token.conditional-access'],
    ['530003', 'AADSTS530003: Your device is required to be managed to access this resource.', 'token.conditional-access'],
    ['70043', 'AADSTS70043: The refresh token has expired or is invalid due to sign-in frequency checks by conditional access.', 'token.conditional-access'],
    ['700082', 'AADSTS700082: The refresh token has expired due to inactivity.', 'client.token-not-refreshed'],
    ['500113', 'AADSTS500113: No reply address is registered for the application.', 'token.unknown-error'],
    ['900144 client_secret', "AADSTS900144: The request body must contain the following parameter: 'client_secret'.", 'token.missing-secret'],
  ]
  for (const [name, text, cause] of NAMED) {
    it(`named: ${name} → ${cause}`, () => {
      const m = classifyText(text)
      assert.equal(m[0]!.causeIds[0], cause, m[0]!.label)
    })
  }

  it('a code no table lists is token.unknown-error with the code in the label', () => {
    const m = classifyText('AADSTS9999998: Something new happened.')
    assert.equal(m[0]!.patternId, 'aadsts.other')
    assert.equal(m[0]!.causeIds[0], 'token.unknown-error')
    assert.match(m[0]!.label, /AADSTS9999998/)
  })
})

// A status code with the basic reply code of its class, as an SMTP reply or NDR quotes it.
function reply(code: string, description: string): string {
  const first = /^(\d\.\d{1,3})\.(\d{1,3})(?:-\d+)?$/.exec(code)!
  return `${code[0]}50 ${first[1]}.${first[2]} ${description}`
}

describe('Exchange Online: every row of the NDR table and of the spec\'s submission replies', () => {
  it('holds the whole NDR table', () => {
    assert.ok(NDR_TABLE_COUNT >= 60, `only ${NDR_TABLE_COUNT} rows`)
    for (const r of NDR_ROWS) assert.ok(isCauseId(r.cause), `${r.code}: ${r.cause}`)
  })

  for (const r of NDR_ROWS) {
    it(`${r.code} ${r.description.slice(0, 50)} → ${r.cause}`, () => {
      const text = reply(r.code, r.description)
      const m = classifyText(`Remote Server returned '${text}'`)
      assert.ok(m.length > 0, text)
      assert.equal(m[0]!.causeIds[0], r.cause, `${text} → ${m[0]!.patternId}`)
    })
  }

  it("the table's row without a code (n/a): the submission quota text", () => {
    assert.equal(classifyText("The message can't be submitted because the sender's submission quota was exceeded.")[0]?.causeIds[0], 'exchange.throttled')
  })

  it('the same code in each library\'s wrapping', () => {
    const wrappers = [
      'javax.mail.MessagingException: 550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.',
      "smtplib.SMTPDataError: (550, b'5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.')",
      'MailKit.Net.Smtp.SmtpCommandException: 550: 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.',
      'Error: Message failed: 550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.',
      'SMTP ERROR: DATA END command failed: 550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.',
      '{"response":"550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.","responseCode":550}',
    ]
    for (const w of wrappers) assert.equal(classifyText(w)[0]?.causeIds[0], 'exchange.outbound-blocked', w)
  })

  it('a documented range covers its members; an unlisted code falls back by class', () => {
    assert.equal(classifyText('451 4.7.650 Access denied, please try again later')[0]!.causeIds[0], 'exchange.outbound-blocked')
    assert.equal(classifyText('550 5.7.620 Access denied, banned sending IP [192.0.2.1]')[0]!.causeIds[0], 'exchange.outbound-blocked')
    const cases: [string, string][] = [
      ['451 4.9.99 something odd', ndrClassFallback('4.9.99').cause],
      ['535 5.7.999 something odd', 'exchange.authorization-failed'],
      // The same class refusing a message (after MAIL/RCPT/DATA), not the login: a policy the catalogue cannot fix.
      ['550 5.7.999 something odd', 'check.unexplained-failure'],
      ['550 5.9.99 something odd', 'check.unexplained-failure'],
    ]
    for (const [text, cause] of cases) {
      const m = classifyText(text)[0]!
      assert.equal(m.causeIds[0], cause, text)
      assert.equal(m.confidence, 'possible')
    }
  })

  it('bare numbers that only look like status codes do not match', () => {
    for (const text of ['upgraded nodemailer to 5.1.8 yesterday', 'Microsoft.Identity.Client 4.59.0', 'version 5.7.501 of the tool', '200 2.0.0 OK', '550 4.7.0 mismatched classes']) {
      assert.deepEqual(classifyText(text).map((m) => m.patternId), [], text)
    }
  })

  it('a bare code counts when its documented text follows, or in a DSN Status: field', () => {
    assert.equal(classifyText('5.1.8 Access denied, bad outbound sender')[0]!.causeIds[0], 'exchange.outbound-blocked')
    assert.equal(classifyText('Status: 5.7.501\nDiagnostic-Code: smtp; whatever')[0]!.causeIds[0], 'exchange.outbound-blocked')
  })
})

describe('Graph: every error code of the table', () => {
  for (const r of GRAPH_CODE_ROWS) {
    it(`${r.code} → ${r.cause}`, () => {
      const body = `{"error":{"code":"${r.code}","message":"${r.description.replace(/"/g, "'")}","innerError":{"date":"2024-03-05T12:36:46"}}}`
      const m = classifyText(body)
      assert.ok(m.length > 0, body)
      const expected = /^invalidAuthenticationToken$/i.test(r.code) ? ['claims.wrong-audience', 'claims.expired'] : [r.cause]
      assert.ok(expected.includes(m[0]!.causeIds[0]!), `${r.code}: ${m[0]!.patternId} → ${m[0]!.causeIds[0]}`)
      assert.ok(isCauseId(r.cause))
    })
  }

  it('escaped JSON, Python dicts, code= and .NET Code: forms', () => {
    for (const t of [
      '"{\\"error\\":{\\"code\\":\\"MailboxNotEnabledForRESTAPI\\",\\"message\\":\\"The mailbox is either inactive, soft-deleted, or is hosted on-premise.\\"}}"',
      "{'error': {'code': 'MailboxNotEnabledForRESTAPI', 'message': 'x'}}",
      'GraphError code=MailboxNotEnabledForRESTAPI, message=x',
      'Microsoft.Graph.ServiceException: Code: MailboxNotEnabledForRESTAPI\nMessage: x',
    ]) assert.equal(classifyText(t)[0]?.causeIds[0], 'exchange.no-mailbox', t)
  })

  it("Microsoft's verbatim message counts without its code", () => {
    for (const r of GRAPH_CODE_ROWS.filter((x) => x.message !== undefined)) {
      assert.equal(classifyText(`ODataError: ${r.message}`)[0]?.causeIds[0], r.cause, r.code)
    }
  })

  it('the message decides for InvalidAuthenticationToken', () => {
    assert.equal(classifyText('{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid."}}')[0]!.causeIds[0], 'claims.expired')
    assert.equal(classifyText('{"error":{"code":"InvalidAuthenticationToken","message":"Access token validation failure. Invalid audience."}}')[0]!.causeIds[0], 'claims.wrong-audience')
  })

  it('an unknown code counts only inside Graph\'s error shape', () => {
    assert.equal(classifyText('{"error":{"code":"SomethingBrandNew","message":"x"}}')[0]?.patternId, 'graph.code.other')
    assert.deepEqual(classifyText('{"status":{"code":"SomethingElse"}}'), [])
  })
})

describe('OAuth error field: the graded fallback when no AADSTS code is given', () => {
  for (const r of OAUTH_ERROR_ROWS) {
    it(`${r.error} → ${r.cause}`, () => {
      const m = classifyText(`{"error":"${r.error}","error_description":"something went wrong"}`)
      assert.equal(m.length, 1)
      assert.equal(m[0]!.patternId, `oauth.${r.error}`)
      assert.equal(m[0]!.causeIds[0], r.cause)
      assert.notEqual(r.confidence === 'certain' ? 'x' : m[0]!.confidence, 'certain')
    })
  }

  it('the AADSTS code wins over the error field next to it', () => {
    const m = classifyText('{"error":"invalid_client","error_description":"AADSTS7000222: The provided client secret keys for app \'x\' are expired."}')
    assert.deepEqual(m.map((x) => x.patternId), ['aadsts.7000222'])
  })
})
