import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {explainText, NOTHING_RECOGNISED} from '../../src/explain/explain-text.js'
import {maskSecrets} from '../../src/explain/mask.js'

const APP = '9a1b2c3d-0000-4000-8000-00000000abcd'
const TRACE = '0b7e3f4a-1111-4222-8333-444455556666'
const CORR = '5c6d7e8f-aaaa-4bbb-8ccc-ddddeeeeffff'
// A fake but JWT-shaped token and the XOAUTH2 blob that would carry it.
const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL291dGxvb2sub2ZmaWNlMzY1LmNvbSIsInJvbGVzIjpbXX0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU'
const BLOB = Buffer.from(`user=sender@contoso.com\u0001auth=Bearer ${TOKEN}\u0001\u0001`).toString('base64')

const TRANSCRIPT = [
  '2024-03-20 10:27:50 INFO  Requesting token for https://outlook.office365.com/.default',
  `2024-03-20 10:27:51 ERROR ServerError: invalid_client: Error(s): 7000215 - Timestamp: 2024-03-20 10:27:51Z - Description: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${APP}'. Trace ID: ${TRACE} Correlation ID: ${CORR} Timestamp: 2024-03-20 10:27:51Z - Correlation ID: ${CORR} - Trace ID: ${TRACE}`,
  '2024-03-20 10:27:55 [smtp] C: EHLO app01',
  `2024-03-20 10:27:56 [smtp] C: AUTH XOAUTH2 ${BLOB}`,
  '2024-03-20 10:27:56 [smtp] S: 535 5.7.3 Authentication unsuccessful [SN2PR00CA0018.namprd00.prod.outlook.com 2024-03-20T10:27:56.998Z 08DC48BEE95C08E5]',
  '2024-03-20 10:28:01 WARN  retry 1 of 3',
  `2024-03-20 10:28:01 DEBUG Authorization: Bearer ${TOKEN}`,
  '2024-03-20 10:28:02 [smtp] S: 535 5.7.3 Authentication unsuccessful [SN2PR00CA0018.namprd00.prod.outlook.com 2024-03-20T10:28:02.001Z 08DC48BEE95C08E6]',
  '2024-03-20 10:28:07 [smtp] S: 535 5.7.3 Authentication unsuccessful [SN2PR00CA0018.namprd00.prod.outlook.com 2024-03-20T10:28:07.311Z 08DC48BEE95C08E7]',
].join('\n')

describe('explainText', () => {
  it('ranks the root cause first in a full transcript, then the symptom as a possible consequence', () => {
    const r = explainText(TRANSCRIPT)
    assert.equal(r.recognised, true)
    assert.equal(r.verdict, 'fail')
    assert.equal(r.causes[0]!.id, 'token.invalid-secret')
    assert.equal(r.causes[0]!.confidence, 'certain')
    assert.deepEqual(r.causes[0]!.evidence?.correlationId, CORR)
    assert.match(r.causes[0]!.explanation, new RegExp(CORR))
    assert.equal(r.causes[1]!.id, 'exchange.authorization-failed')
    assert.equal(r.causes[1]!.confidence, 'possible')
    assert.match(r.causes[1]!.explanation, /AADSTS7000215/)
    assert.equal(r.causes.length, 2)
    const smtp = r.findings.find((f) => f.patternId === 'smtp.535-5.7.3')!
    assert.equal(smtp.occurrences, 3)
    assert.equal(smtp.line, 5)
    assert.equal(r.findings[0]!.line, 2)
  })

  it('never echoes a token or XOAUTH2 blob from the input', () => {
    const out = JSON.stringify(explainText(TRANSCRIPT))
    assert.ok(!out.includes(TOKEN))
    assert.ok(!out.includes(BLOB))
    assert.ok(!out.includes(TOKEN.slice(0, 40)))
    // Even when the secret sits inside a recognised reply.
    const r = explainText(`AADSTS50012: Invalid client secret ${TOKEN} access_token=${TOKEN} client_secret=abc~DEF.ghi`)
    const text = JSON.stringify(r)
    assert.ok(!text.includes(TOKEN))
    assert.ok(!text.includes('abc~DEF.ghi'))
  })

  it('fills the remediation with values the reply and the caller name', () => {
    const r = explainText(
      '554 5.2.252 SendAsDenied; sender@contoso.com not allowed to send as noreply@contoso.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message',
      {values: {cloud: 'usgov'}},
    )
    const c = r.causes[0]!
    assert.equal(c.id, 'exchange.send-as-denied')
    assert.equal(c.confidence, 'certain')
    assert.match(c.remediation.powershell.join('\n'), /Add-RecipientPermission -Identity 'noreply@contoso\.com' -Trustee 'sender@contoso\.com' -AccessRights SendAs/)
    assert.match(c.remediation.powershell[0]!, /O365USGovGCCHigh/)
  })

  it('a lone symptom lists its candidates and what to check next', () => {
    const r = explainText("imaplib.IMAP4.error: b'AUTHENTICATE failed.'")
    const c = r.causes[0]!
    assert.equal(c.id, 'exchange.authorization-failed')
    assert.equal(c.confidence, 'possible')
    assert.ok(c.candidates?.includes('exchange.service-principal-wrong-object-id'))
    assert.ok(c.candidates?.includes('claims.no-application-roles'))
    assert.ok(r.findings[0]!.next.some((n) => /Get-ServicePrincipal/.test(n)))
  })

  it('unknown text gives a plain result', () => {
    const r = explainText('Everything is fine: 235 2.7.0 Authentication successful')
    assert.deepEqual(r, {recognised: false, summary: NOTHING_RECOGNISED, causes: [], findings: [], verdict: 'pass'})
  })

  it('one cause per ID even when several replies point to it', () => {
    const r = explainText('535 5.7.139 Authentication unsuccessful, basic authentication is disabled.\nA1 NO LOGIN failed.\n-ERR Logon failure: unknown user name or bad password.')
    assert.deepEqual(r.causes.map((c) => c.id), ['config.basic-auth'])
    assert.equal(r.findings.length, 3)
  })
})

describe('maskSecrets', () => {
  it('masks JWTs, SASL blobs and form secrets to 8 characters at most', () => {
    const out = maskSecrets(`AUTH XOAUTH2 ${BLOB} / A1 AUTHENTICATE XOAUTH2 ${BLOB} / ${TOKEN} / client_secret=s3cr3t~value&x=1`)
    assert.ok(!out.includes(BLOB.slice(0, 12)))
    assert.ok(!out.includes(TOKEN.slice(0, 12)))
    assert.ok(!out.includes('s3cr3t'))
  })
})
