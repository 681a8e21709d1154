// Structure before wording: codes and fields read wherever they stand (OAuth JSON fields, MSAL layouts, Graph's
// error body, status codes in library wrappers, token claims in logs, escaped JSON), and real texts from public
// threads, each with its source. None of these texts was used to write a pattern; the tables were.
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {classifyText} from '../../src/knowledge/classify.js'
import {explainText} from '../../src/explain/explain-text.js'

const top = (text: string) => explainText(text).causes[0]?.id

describe('structure: codes and fields wherever they appear', () => {
  it('error_codes alone (description cut off) still gives the code\'s cause', () => {
    assert.equal(top('{"error":"invalid_client","error_description":"(cut)","error_codes":[7000222],"timestamp":"2023-05-06 06:03:00Z"}'), 'token.secret-expired')
  })

  it("MSAL's Error(s) list and msal-node 1's layout carry the code without AADSTS", () => {
    assert.equal(top('ServerError: invalid_client: Error(s): 700016 - Timestamp: 2024-03-20 10:27:51Z - Description: [removed]'), 'token.app-not-found')
    assert.equal(top('invalid_client: 7000222 - [2022-04-13 21:48:53Z]: (description removed by the product)'), 'token.secret-expired')
  })

  it('the OAuth error field alone narrows to candidates, never certain', () => {
    const r = explainText('token request failed: HTTP 401 {"error":"invalid_client"}')
    assert.equal(r.causes[0]!.id, 'token.invalid-secret')
    assert.equal(r.causes[0]!.confidence, 'possible')
    assert.ok(r.causes.length >= 2, 'alternatives are listed')
  })

  it('JSON escaped twice (a log line quoting a response body)', () => {
    const text = `"body": "{\\"error\\":\\"unauthorized_client\\",\\"error_description\\":\\"AADSTS7000112: Application '9a1b2c3d-0000-4000-8000-00000000abcd'(Mailer) is disabled.\\\\r\\\\nTrace ID: 0b7e3f4a-1111-4222-8333-444455556666\\"}"`
    assert.equal(top(text), 'token.app-disabled')
  })

  it('token claims quoted in a log: a Graph audience is a wrong audience; an Exchange one is not a finding', () => {
    assert.equal(top("DEBUG token claims: aud='00000003-0000-0000-c000-000000000000', roles=['Mail.Send']"), 'claims.wrong-audience')
    assert.equal(explainText("aud='00000003-0000-0000-c000-000000000000'").causes[0]!.confidence, 'certain')
    assert.equal(top('{"aud": "https://graph.microsoft.com", "idtyp": "app", "roles": ["Mail.Send"]}'), 'claims.wrong-audience')
    assert.deepEqual(classifyText('{"aud": "https://outlook.office365.com", "idtyp": "app", "roles": ["SMTP.SendAsApp"]}'), [])
    assert.deepEqual(classifyText('assertion claims: aud=https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token'), [])
  })

  it('a reply wrapped across lines (terminal or log formatter) is read as one sentence', () => {
    assert.equal(top('535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the\n    Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.'), 'exchange.smtp-auth-disabled-tenant')
    assert.equal(top("AADSTS700027: Client assertion contains an invalid signature. [Reason -\nThe key used is expired., Thumbprint of key used by client: 'AB12'"), 'token.certificate-expired')
    // A finished line does not borrow the next reply's words.
    const two = explainText('535 5.7.139 Authentication unsuccessful [LO4P265CA0200.GBRP265.PROD.OUTLOOK.COM]\n535 5.7.139 Authentication unsuccessful, basic authentication is disabled.')
    assert.deepEqual(two.findings.map((f) => f.causeIds[0]).sort(), ['config.basic-auth', 'exchange.smtp-auth-disabled-tenant'])
  })

  it("Entra's sentence without its code still names the code, one step less sure", () => {
    const r = explainText('The provided value for scope https://outlook.office365.com/SMTP.Send is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).')
    assert.equal(r.causes[0]!.id, 'token.invalid-scope')
    assert.equal(r.causes[0]!.confidence, 'likely')
    assert.equal(top("Application with identifier '9a1b2c3d-0000-4000-8000-00000000abcd' was not found in the directory 'contoso.onmicrosoft.com'."), 'token.app-not-found')
    // With the code, the coded reading alone.
    assert.deepEqual(explainText('AADSTS7000215: Invalid client secret provided.').findings.map((f) => f.patternId), ['aadsts.7000215'])
  })

  it('a user token in a log is a delegated token', () => {
    assert.equal(top('"idtyp":"user","scp":"IMAP.AccessAsUser.All"'), 'claims.delegated-token')
  })

  it('PHPMailer: the reply comes on its own debug line before "Could not authenticate"', () => {
    const text = [
      '2024-05-02 09:01:17 SERVER -> CLIENT: 535 5.7.139 Authentication unsuccessful, the user credentials were incorrect. [CH2PR15CA0029.namprd15.prod.outlook.com]',
      '2024-05-02 09:01:17 SMTP ERROR: Password command failed: 535 5.7.139 Authentication unsuccessful, the user credentials were incorrect.',
      'SMTP Error: Could not authenticate.',
    ].join('\n')
    assert.equal(top(text), 'config.basic-auth')
  })

  it('a Graph failure wrapped in an SMTP relay\'s reply', () => {
    // https://github.com/kartverket/skyline/issues/78
    const text = "DEBUG msg=554 5.0.0 Error: transaction failed, blame it on the weather: [MS Graph API] Access is denied. Check credentials and try again. (code=ErrorAccessDenied, message='Access is denied. Check credentials and try again.')"
    const r = explainText(text)
    assert.equal(r.causes[0]!.id, 'graph.consent-missing')
    assert.ok(r.causes.some((c) => c.id === 'graph.delegated-instead-of-application'), 'the thread\'s real cause is among the candidates')
  })
})

describe('real texts from public threads', () => {
  const REAL: [url: string, text: string, cause: string][] = [
    ['https://github.com/O365/python-o365/issues/551', "AADSTS650053: The application 'APPNAME' asked for scope 'message_all' that doesn't exist on the resource '00000003-0000-0000-c000-000000000000'. Contact the app vendor.", 'token.invalid-scope'],
    ['https://github.com/Earlybyte/aad_oauth/issues/328', 'AADSTS28000: Provided value for the input parameter scope is not valid because it contains more than one resource. Scope https://analysis.windows.net/powerbi/api/Report.Read.All https://graph.microsoft.com/Sites.Read.All openid profile offline_access is not valid. Trace ID: de2aa854-ac14-48f8-a9f0-5a910e931b00 Correlation ID: ae8814a9-8532-4174-9f4e-d29b318cda8f Timestamp: 2024-07-17 14:42:13Z', 'token.invalid-scope'],
    ['https://github.com/Azure/azure-cli/issues/29282', 'DEBUG: msal.application: Refresh failed. invalid_grant: AADSTS530003: Your device is required to be managed to access this resource. Trace ID: a3c52841-d43e-4d86-88e7-d0f2c3862b00 Correlation ID: 53263086-9034-477f-b299-66436a86d9d2 Timestamp: 2024-06-29 06:51:14Z', 'token.conditional-access'],
    ['https://github.com/microsoftconnect/ms-intune-app-sdk-ios/issues/353', '"AADSTS53005: Application needs to enforce Intune protection policies. Trace ID: beacc4a7-8a7b-43d0-939b-f25dcdd64a00 Correlation ID: 995e254b-2935-4426-af12-b3e465ac0d6a Timestamp: 2023-12-11 17:56:07Z"', 'token.conditional-access'],
    ['https://github.com/AzureAD/microsoft-authentication-library-for-js/issues/1487', 'Auth Failed ServerError: 28000 - [2020-04-09 22:47:24Z]: AADSTS28000: Provided value for the input parameter scope is not valid because it contains more than one resource. Scope openid profile email https://graph.microsoft.com/user.readbasic.all offline_access is not valid.', 'token.invalid-scope'],
    ['https://github.com/Azure/azure-sdk-for-net/issues/9076', '{"error":"invalid_scope","error_description":"AADSTS70011: The provided request must include a \'scope\' input parameter. The provided value for the input parameter \'scope\' is not valid. The scope https://management.azure.com/.default https://storage.azure.com/.default is not valid.\\r\\nTrace ID: 81053cae-3879-4358-a9de-95bf1e230800\\r\\nCorrelation ID: c6855d6c-d11b-40da-ab7f-826f95a51dda\\r\\nTimestamp: \\n2019-12-11 02:19:59Z","error_codes":[70011]}', 'token.invalid-scope'],
    ['https://github.com/gophish/gophish/issues/2900', '554 5.2.252 SendAsDenied; delightgx46@outlook.com not allowed to send as security@sfb.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Cannot submit message. 0.35250:1F009983, 1.36674:0A000000', 'exchange.send-as-denied'],
    ['https://github.com/Notifuse/notifuse/issues/250', 'sending an email fails with `554 error: 554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException`', 'exchange.send-as-denied'],
    ['https://github.com/microsoftgraph/microsoft-graph-docs/issues/10880', '{"error":{"code":"ErrorAccessDenied","message":"Access is denied. Check credentials and try again."}}', 'graph.consent-missing'],
    ['https://github.com/microsoftgraph/microsoft-graph-docs/issues/4097', '{ "error": { "code": "ErrorInvalidUser", "message": "The requested user \'4679dbfa-d1b9-45ad-87b5-0eb9e6b80123@b39138ca-3cee-4b4a-a4d6-cd83d9dd62f0\' is invalid.", "innerError": { "request-id": "f8d30a89-55af-4700-b7ae-514cb5d98ce4", "date": "2019-03-05T12:36:46" } } }', 'exchange.no-mailbox'],
    ['https://github.com/DeskDirector/UserVoice/issues/379', '// 403 Forbidden\n{\n    "error": {\n        "code": "ErrorSendAsDenied",\n        "message": "The user account which was used to submit this request does not have the right to send mail on behalf of the specified', 'exchange.send-as-denied'],
    ['https://github.com/microsoftgraph/microsoft-graph-docs-contrib/issues/6623', '{ "error": { "code": "NoPermissionsInAccessToken", "message": "The token contains no permissions, or permissions can not be understood.", "innerError": { "request-id": "a17cb89a-96b2-47cc-81aa-50eb23e52ce0", "date": "2019-09-11T23:23:10" } } }', 'claims.no-application-roles'],
    ['https://github.com/microsoftgraph/msgraph-sdk-python-core/issues/50', '`Message: AADSTS500113: No reply address is registered for the application.`', 'token.unknown-error'],
  ]
  for (const [url, text, cause] of REAL) {
    it(`${url} → ${cause}`, () => assert.equal(top(text), cause))
  }

  it('an unknown-error cause quotes the code\'s own description in its summary', () => {
    const c = explainText('AADSTS500113: No reply address is registered for the application.').causes[0]!
    assert.match(c.summary, /AADSTS500113/)
    assert.match(c.summary, /No reply address is registered/)
  })
})

describe('candidates that mean something', () => {
  it('a bare 535 5.7.3 lists three real alternatives, each with what settles it', () => {
    const r = explainText('535 5.7.3 Authentication unsuccessful [SN2PR00CA0018.namprd00.prod.outlook.com]')
    assert.equal(r.causes.length, 3)
    assert.equal(new Set(r.causes.map((c) => c.id)).size, 3)
    for (const c of r.causes) {
      assert.equal(c.confidence, 'possible')
      assert.ok(typeof c.evidence?.tellApart === 'string' && (c.evidence.tellApart as string).length > 20, c.id)
    }
    assert.match(r.causes[1]!.explanation, /^Inferred, not observed/)
    // Not verified: nothing that changes the tenant is offered for an inferred alternative.
    for (const c of r.causes.slice(1)) {
      assert.ok(c.remediation.powershell.every((l) => !/^(?:New|Add|Set|Remove|Grant|Update|Enable|Disable)-/.test(l.trim())), c.id)
      assert.match(c.remediation.steps[0] ?? '', /^Verify first/)
    }
  })

  it('a certain cause stands alone', () => {
    const r = explainText('AADSTS7000222: The provided client secret keys are expired.')
    assert.deepEqual(r.causes.map((c) => c.id), ['token.secret-expired'])
  })
})
