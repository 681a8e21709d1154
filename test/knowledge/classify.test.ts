import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {classifyText} from '../../src/knowledge/classify.js'
import {extractIds} from '../../src/knowledge/extract.js'
import {KNOWN_AADSTS_CODES} from '../../src/knowledge/aadsts-codes.js'
import {PATTERNS} from '../../src/knowledge/patterns.js'
import {isCauseId} from '../../src/core/cause-ids.js'

const APP = '9a1b2c3d-0000-4000-8000-00000000abcd'
const TRACE = '0b7e3f4a-1111-4222-8333-444455556666'
const CORR = '5c6d7e8f-aaaa-4bbb-8ccc-ddddeeeeffff'
const S1 = '[SN2PR00CA0018.namprd00.prod.outlook.com 2024-03-20T10:27:56.998Z 08DC48BEE95C08E5]'
const D7000215 = `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${APP}'.`

// [name, text, pattern id, first cause]
const CASES: [string, string, string, string][] = [
  // Entra ID, in the wrappers libraries put around it
  ['raw token endpoint JSON with escaped CRLF', `{"error":"invalid_client","error_description":"${D7000215}\\r\\nTrace ID: ${TRACE}\\r\\nCorrelation ID: ${CORR}\\r\\nTimestamp: 2023-05-06 06:03:00Z","error_codes":[7000215],"timestamp":"2023-05-06 06:03:00Z","trace_id":"${TRACE}","correlation_id":"${CORR}","error_uri":"https://login.microsoftonline.com/error?code=7000215"}`, 'aadsts.7000215', 'token.invalid-secret'],
  ['msal-node 2 ServerError', `ServerError: invalid_client: Error(s): 7000215 - Timestamp: 2024-03-20 10:27:51Z - Description: ${D7000215} Trace ID: ${TRACE} Correlation ID: ${CORR} Timestamp: 2024-03-20 10:27:51Z - Correlation ID: ${CORR} - Trace ID: ${TRACE}`, 'aadsts.7000215', 'token.invalid-secret'],
  ['msal-node 1 format', `invalid_client: 7000218 - [2022-04-13 21:48:53Z]: AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.\r\nTrace ID: ${TRACE}\r\nCorrelation ID: ${CORR}`, 'aadsts.7000218', 'token.missing-secret'],
  ['MSAL.NET MsalServiceException', `Microsoft.Identity.Client.MsalServiceException: AADSTS700016: Application with identifier '${APP}' was not found in the directory 'contoso.onmicrosoft.com'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.\n   at Microsoft.Identity.Client.Internal.Requests.RequestBase.HandleTokenRefreshErrorAsync`, 'aadsts.700016', 'token.app-not-found'],
  ['MSAL Python dict', `{'error': 'invalid_tenant', 'error_description': "AADSTS90002: Tenant 'contso.onmicrosoft.com' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.\\r\\nTrace ID: ${TRACE}\\r\\nCorrelation ID: ${CORR}\\r\\nTimestamp: 2023-05-06 06:03:00Z", 'error_codes': [90002]}`, 'aadsts.90002', 'token.tenant-not-found'],
  ['ADAL-style message', `AdalServiceException: AADSTS7000222: The provided client secret keys for app '${APP}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`, 'aadsts.7000222', 'token.secret-expired'],
  ['900023', `AADSTS900023: Specified tenant identifier 'oauth2' is neither a valid DNS name, nor a valid external domain.`, 'aadsts.900023', 'token.tenant-not-found'],
  ['50059', 'AADSTS50059: No tenant-identifying information found in either the request or implied by any provided credentials.', 'aadsts.50059', 'token.tenant-not-found'],
  ['700025', "AADSTS700025: Client is public so neither 'client_assertion' nor 'client_secret' should be presented.", 'aadsts.700025', 'token.public-client'],
  ['1002012', 'AADSTS1002012: The provided value for scope SMTP.SendAsApp is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).', 'aadsts.1002012', 'token.invalid-scope'],
  ['70011', "AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope https://outlook.office365.com/SMTP.SendAsApp is not valid.", 'aadsts.70011', 'token.invalid-scope'],
  ['500011', 'AADSTS500011: The resource principal named https://outlook.office356.com was not found in the tenant named Contoso. This can happen if the application has not been installed by the administrator of the tenant.', 'aadsts.500011', 'token.resource-not-found'],
  ['7000112', `AADSTS7000112: Application '${APP}'(Mailer) is disabled.`, 'aadsts.7000112', 'token.app-disabled'],
  ['53003', 'AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.', 'aadsts.53003', 'token.conditional-access'],
  ['90038 national cloud', 'AADSTS90038: Tenant is configured for a national cloud.', 'aadsts.90038', 'config.cloud-mismatch'],
  ['50126 user flow', 'AADSTS50126: Error validating credentials due to invalid username or password.', 'aadsts.50126', 'config.basic-auth'],
  ['unknown AADSTS code', 'AADSTS9999999: Something new.', 'aadsts.other', 'token.unknown-error'],
  // SMTP, in library wrappers
  ['nodemailer EAUTH', `Error: Invalid login: 535 5.7.3 Authentication unsuccessful ${S1}\n    at SMTPConnection._formatError`, 'smtp.535-5.7.3', 'exchange.authorization-failed'],
  ['python smtplib', `smtplib.SMTPAuthenticationError: (535, b'5.7.3 Authentication unsuccessful ${S1}')`, 'smtp.535-5.7.3', 'exchange.authorization-failed'],
  ['MailKit', 'MailKit.Security.AuthenticationException: 535: 5.7.3 Authentication unsuccessful [VI1PR0902CA0036.eurprd09.prod.outlook.com]', 'smtp.535-5.7.3', 'exchange.authorization-failed'],
  ['JavaMail', `javax.mail.AuthenticationFailedException: 535 5.7.3 Authentication unsuccessful ${S1}\n\n\tat com.sun.mail.smtp.SMTPTransport$Authenticator.authenticate`, 'smtp.535-5.7.3', 'exchange.authorization-failed'],
  ['PHPMailer debug', `2024-03-20 10:27:56 SERVER -> CLIENT: 535 5.7.3 Authentication unsuccessful ${S1}\nSMTP ERROR: AUTH command failed\nSMTP Error: Could not authenticate.`, 'smtp.535-5.7.3', 'exchange.authorization-failed'],
  ['raw transcript <<<', `<<< 535 5.7.3 Authentication unsuccessful ${S1}`, 'smtp.535-5.7.3', 'exchange.authorization-failed'],
  ['5.7.139 tenant', '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [MN2PR05CA0004.namprd05.prod.outlook.com 2023-09-12T20:59:57.214Z 08DBB276B7E699C4]', 'smtp.5.7.139-tenant', 'exchange.smtp-auth-disabled-tenant'],
  ['5.7.139 mailbox (smtplib)', "(535, b'5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.')", 'smtp.5.7.139-mailbox', 'exchange.smtp-auth-disabled-mailbox'],
  ['5.7.139 basic', 'Invalid login: 535 5.7.139 Authentication unsuccessful, basic authentication is disabled. [PR0P264CA0123.FRAP264.PROD.OUTLOOK.COM]', 'smtp.5.7.139-basic', 'config.basic-auth'],
  ['5.7.139 criteria', '535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully. Contact your administrator.', 'smtp.5.7.139-criteria', 'config.basic-auth'],
  ['5.7.139 bare', '535 5.7.139 Authentication unsuccessful [LO4P265CA0200.GBRP265.PROD.OUTLOOK.COM]', 'smtp.5.7.139', 'exchange.smtp-auth-disabled-tenant'],
  ['5.7.57', 'MAIL FROM failed: 530 5.7.57 Client not authenticated to send mail. [FR5P281CA0041.DEUP281.PROD.OUTLOOK.COM 2024-10-09T10:39:31.988Z 08DCE8162EC4E3C0]', 'smtp.5.7.57', 'config.no-smtp-auth'],
  ['5.7.57 NDR', '5.7.57 SMTP; Client was not authenticated to send anonymous mail during MAIL FROM', 'smtp.5.7.57', 'config.no-smtp-auth'],
  ['5.7.57 text without its code', 'System.Net.Mail.SmtpException: Client was not authenticated to send anonymous mail during MAIL FROM', 'smtp.5.7.57-text', 'config.no-smtp-auth'],
  ['451 STARTTLS', 'S: 451 5.7.3 STARTTLS is required to send mail [SG2PR02CA0073.apcprd02.prod.outlook.com 2024-07-24T03:43:18.298Z 08DCAB6EB788477A]', 'smtp.451-5.7.3-starttls', 'config.smtp-tls-mode'],
  ['504 5.7.4', '504 5.7.4 Unrecognized authentication type [MW4PR03CA0123.namprd03.prod.outlook.com]', 'smtp.504-5.7.4', 'config.basic-auth'],
  ['421 4.7.66', '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls. [SA9P221CA0019.NAMP221.PROD.OUTLOOK.COM]', 'smtp.421-4.7.66-tls', 'network.tls-failure'],
  ['SendAsDenied 5.2.252', 'Message failed: 554 5.2.252 SendAsDenied; sender@contoso.com not allowed to send as noreply@contoso.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Cannot submit message.', 'smtp.send-as-denied', 'exchange.send-as-denied'],
  ['SendAsDenied 5.2.0 old', '554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message Cannot submit message.', 'smtp.send-as-denied', 'exchange.send-as-denied'],
  ['5.7.60', '550 5.7.60 SMTP; Client does not have permissions to send as this sender', 'smtp.550-5.7.60', 'exchange.send-as-denied'],
  ['430 4.2.0', '430 4.2.0 STOREDRV; mailbox logon failure; STOREDRV.Submission.Exception:ConnectionFailedTransientException.MapiExceptionLogonFailed; Failed to process message due to a transient exception with message [BeginDiagnosticData]Cannot open mailbox.', 'smtp.430-4.2.0-mailbox-logon', 'exchange.mailbox-permission-missing'],
  ['530 5.7.0 (older wording)', '530 5.7.0 Must issue a STARTTLS command first', 'smtp.530-5.7.0-starttls', 'config.smtp-tls-mode'],
  ['mailbox cannot be accessed', 'Error: Invalid login: 550 5.2.1 Mailbox cannot be accessed [CWXP265CA0023.GBRP265.PROD.OUTLOOK.COM]', 'smtp.mailbox-cannot-be-accessed', 'exchange.mailbox-permission-missing'],
  ['5.5.124', '501 5.5.124 Invalid XOAUTH2 auth data - User address provided is not valid. Please ensure the auth d', 'smtp.501-5.5.124-xoauth2-user', 'config.invalid-value'],
  ['submission quota (NDR, no code)', "Your message couldn't be delivered. The message can't be submitted because the sender's submission quota was exceeded.", 'smtp.submission-quota', 'exchange.throttled'],
  ['Gmail reply (not Exchange)', '535 5.7.8  https://support.google.com/mail/?p=BadCredentials d2-20020a05600c4b0200b003fef5e5f2e2sm1234567wmp.1 - gsmtp', 'smtp.not-exchange-google', 'config.smtp-host'],
  // IMAP
  ['IMAP raw', 'S: A1 NO AUTHENTICATE failed.', 'imap.authenticate-failed', 'exchange.authorization-failed'],
  ['python imaplib', "imaplib.IMAP4.error: b'AUTHENTICATE failed.'", 'imap.authenticate-failed', 'exchange.authorization-failed'],
  ['JavaMail IMAP', 'javax.mail.AuthenticationFailedException: AUTHENTICATE failed.', 'imap.authenticate-failed', 'exchange.authorization-failed'],
  ['MailKit IMAP', 'MailKit.Security.AuthenticationException: AUTHENTICATE failed.', 'imap.authenticate-failed', 'exchange.authorization-failed'],
  ['IMAP LOGIN basic', 'A1 NO LOGIN failed.', 'imap.login-failed', 'config.basic-auth'],
  ['IMAP not connected', '* BAD User is authenticated but not connected.', 'imap.not-connected', 'exchange.imap-disabled'],
  ['IMAP token expired mid-session (imapsync)', 'Read: * BYE Session invalidated - AccessTokenExpired', 'imap.access-token-expired', 'client.token-not-refreshed'],
  ['IMAP throttled (email-oauth2-proxy)', 'A5 BAD Request is throttled. Suggested Backoff Time: 89117 milliseconds', 'imap.throttled', 'exchange.throttled'],
  ['IMAP consumer password', "imaplib.IMAP4.error: b'Basic authentication is disabled.'", 'imap.basic-auth-disabled', 'config.basic-auth'],
  // POP
  ['POP one-line AUTH (getmail6)', "getmailOperationError: POP error (-ERR Protocol error. Connection is closed. 10)", 'pop.one-line-auth', 'client.pop-one-line-auth'],
  ['POP oauth', '-ERR Authentication failure: unknown user name or bad password.', 'pop.authentication-failure', 'exchange.authorization-failed'],
  ['poplib', "poplib.error_proto: b'-ERR Logon failure: unknown user name or bad password.'", 'pop.logon-failure', 'config.basic-auth'],
  // Standard SASL replies, word for word as real Postfix 3.7 / Dovecot 2.3 send them (test/integration)
  ['Postfix 535 5.7.8 (nodemailer)', 'Error: Invalid login: 535 5.7.8 Error: authentication failed: (reason unavailable)', 'smtp.535-5.7.8', 'exchange.authorization-failed'],
  ['Postfix 454 4.7.0', '454 4.7.0 Temporary authentication failure: Connection lost to authentication server', 'smtp.454-4.7.0-temporary', 'exchange.temporary-failure'],
  ['Dovecot IMAP refused', 'a1 NO [AUTHENTICATIONFAILED] Authentication failed.', 'imap.authenticationfailed', 'exchange.authorization-failed'],
  ['Dovecot IMAP temporary', 'a1 NO [UNAVAILABLE] Temporary authentication failure. [mx1:2026-11-23 03:36:38]', 'imap.unavailable', 'exchange.temporary-failure'],
  ['Dovecot POP refused', '-ERR [AUTH] Authentication failed.', 'pop.auth', 'exchange.authorization-failed'],
  ['Dovecot POP temporary', '-ERR [SYS/TEMP] Temporary authentication failure. [mx1:2026-11-23 03:36:38]', 'pop.sys-temp', 'exchange.temporary-failure'],
  // TLS and network
  ['openssl wrong version', 'Error: C0D7A2F0B67F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:355:', 'tls.wrong-version-number', 'network.tls-mode-mismatch'],
  ['python wrong version', 'ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1129)', 'tls.wrong-version-number', 'network.tls-mode-mismatch'],
  ['java unrecognized', 'javax.net.ssl.SSLException: Unsupported or unrecognized SSL message', 'tls.wrong-version-number', 'network.tls-mode-mismatch'],
  ['node self-signed', 'Error: self-signed certificate in certificate chain', 'tls.certificate', 'network.tls-failure'],
  ['java PKIX', 'sun.security.validator.ValidatorException: PKIX path building failed', 'tls.certificate', 'network.tls-failure'],
  ['openssl protocol version', 'Error: 140736000:error:1409442E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version', 'tls.protocol', 'network.tls-failure'],
  ['ENOTFOUND', 'Error: getaddrinfo ENOTFOUND smtp.office356.com', 'network.dns', 'network.dns-failure'],
  ['ECONNREFUSED', 'Error: connect ECONNREFUSED 52.96.1.2:465', 'network.refused', 'network.connection-refused'],
  ['ETIMEDOUT', 'Error: connect ETIMEDOUT 52.96.1.2:587', 'network.timeout', 'network.timeout'],
  ['.NET refused', 'System.Net.Sockets.SocketException (10061): No connection could be made because the target machine actively refused it.', 'network.refused', 'network.connection-refused'],
  // Graph and resources
  ['Graph invalid audience', '{"error":{"code":"InvalidAuthenticationToken","message":"Access token validation failure. Invalid audience."}}', 'graph.invalid-audience', 'claims.wrong-audience'],
  ['Graph request denied', `{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"request-id":"${CORR}","date":"2020-01-27T19:20:20"}}}`, 'graph.authorization-request-denied', 'graph.consent-missing'],
  ['token validation failure, no reason', '{"error":{"code":"InvalidAuthenticationToken","message":"Access token validation failure."}}', 'graph.token-validation-failure', 'claims.wrong-audience'],
  ['token expired (Graph)', 'Access token has expired or is not yet valid.', 'graph.token-expired', 'claims.expired'],
  ['no Exchange mailbox (Graph, older message)', 'ErrorMessage: REST API is not yet supported for this mailbox.', 'graph.no-exchange-mailbox', 'exchange.no-mailbox'],
  ['Azure SDK certificate', 'CredentialUnavailableError: The file at the specified path does not contain a PEM-encoded certificate.', 'client.certificate-unreadable', 'config.client-certificate'],
  ['FIC with two audiences', 'Request_BadRequest: Federated identity credentials must have exactly one audience.', 'client.fic-one-audience', 'token.federation-mismatch'],
  ['decoded user token', 'claims: {"aud":"https://outlook.office.com","idtyp":"user","scp":"SMTP.Send"}', 'claims.user-token', 'claims.delegated-token'],
  ['no permissions in token', 'The token contains no permissions, or permissions can not be understood.', 'graph.no-permissions-in-token', 'claims.no-application-roles'],
]

describe('classifyText: each pattern in the wrappers libraries use', () => {
  for (const [name, text, patternId, cause] of CASES) {
    it(name, () => {
      const matches = classifyText(text)
      assert.ok(matches.length > 0, `no match in: ${text}`)
      assert.equal(matches[0]!.patternId, patternId)
      assert.equal(matches[0]!.causeIds[0], cause)
      assert.ok(text.includes(matches[0]!.matchedText), 'matchedText comes from the input')
    })
  }

  it('every pattern has at least one case above, and only real cause IDs', () => {
    const covered = new Set(CASES.map((c) => c[2]))
    const aadstsCovered = KNOWN_AADSTS_CODES.filter((c) => covered.has(`aadsts.${c}`)).length
    assert.ok(aadstsCovered >= 15)
    for (const p of PATTERNS) {
      assert.ok(p.regex.flags.includes('g'), p.id)
      for (const id of [...p.causes, ...p.alternatives]) assert.ok(isCauseId(id), `${p.id}: ${id}`)
      // Table-driven patterns (AADSTS, status codes, Graph codes, OAuth error, claims) are proven row by row in tables.test.ts.
      if (!p.resolve) assert.ok(covered.has(p.id), `no test case for ${p.id}`)
    }
  })

  it('every AADSTS code of the table is recognised with its code', () => {
    for (const c of KNOWN_AADSTS_CODES) {
      const m = classifyText(`error_description: AADSTS${c}: something.`)
      assert.equal(m.length, 1, c)
      assert.equal(m[0]!.patternId, `aadsts.${c}`)
      assert.equal(m[0]!.values.aadstsCode, c)
    }
  })
})

describe('classifyText: what must not match', () => {
  const NEGATIVE: [string, string][] = [
    ['a successful 235', '235 2.7.0 Authentication successful'],
    ['IMAP success', 'A1 OK AUTHENTICATE completed.'],
    ['AADSTS inside a word', 'see ticket XAADSTS7000215 and file AADSTS7000215x.log'],
    ['AADSTS with a longer code', 'AADSTS70002212: nothing'],
    ['SQL Server login', "Login failed for user 'sa'."],
    ['a version number', 'upgraded to 15.7.3 Authentication unsuccessful-looking changelog? no: v105.7.57'],
  ]
  for (const [name, text] of NEGATIVE) {
    it(name, () => {
      const ids = classifyText(text).map((m) => m.patternId)
      // Only the unknown-code catch-all may see the longer AADSTS number; nothing else may match.
      assert.deepEqual(ids.filter((id) => id !== 'aadsts.other'), [])
      if (name !== 'AADSTS with a longer code') assert.deepEqual(ids, [])
    })
  }

  it('a longer AADSTS code is not mistaken for a known shorter one', () => {
    const m = classifyText('AADSTS700022: The provided value for the input parameter scope is not valid because it contains more than one resource.')
    assert.equal(m[0]!.patternId, 'aadsts.700022')
    assert.equal(classifyText('AADSTS70002: Error validating credentials.')[0]!.patternId, 'aadsts.70002')
  })
})

describe('classifyText: replies from servers that are not Exchange Online', () => {
  it("Gmail's 535 5.7.8 points to the SMTP host, not to an Exchange cause", () => {
    const text = "Error: Invalid login: 535-5.7.8 Username and Password not accepted. For more information, go to\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials d2-20020a05600c4b0200b003fef5e5f2e2sm1234567wmp.1 - gsmtp"
    const m = classifyText(text)
    const roots = m.filter((x) => x.rootness === 'root')
    assert.deepEqual(roots.map((x) => x.causeIds[0]), ['config.smtp-host'])
    assert.ok(m.every((x) => x.rootness === 'root' || x.confidence === 'possible'))
  })
})

describe('Microsoft IDs', () => {
  it('extracts correlation ID, trace ID and timestamp from JSON, escaped JSON and MSAL text', () => {
    const json = `"trace_id":"${TRACE}","correlation_id":"${CORR}","timestamp":"2023-05-06 06:03:00Z"`
    assert.deepEqual(extractIds(json), {correlationId: CORR, traceId: TRACE, timestamp: '2023-05-06 06:03:00Z'})
    const escaped = `{\\"trace_id\\":\\"${TRACE}\\",\\"correlation_id\\":\\"${CORR.toUpperCase()}\\"}`
    assert.deepEqual(extractIds(escaped), {correlationId: CORR, traceId: TRACE})
    const msal = classifyText(CASES[1]![1])[0]!
    assert.deepEqual(msal.ids, {correlationId: CORR, traceId: TRACE, timestamp: '2024-03-20 10:27:51Z'})
    assert.equal(msal.values.clientId, APP)
  })

  it('extracts the Exchange diagnostic suffix, in upper and lower case', () => {
    const m = classifyText(`Invalid login: 535 5.7.3 Authentication unsuccessful ${S1}`)[0]!
    assert.deepEqual(m.ids.server, {server: 'SN2PR00CA0018.namprd00.prod.outlook.com', time: '2024-03-20T10:27:56.998Z', id: '08DC48BEE95C08E5'})
    const old = classifyText('421 4.7.66 TLS 1.0 and 1.1 are not supported. [SA9P221CA0019.NAMP221.PROD.OUTLOOK.COM]')[0]!
    assert.deepEqual(old.ids.server, {server: 'SA9P221CA0019.NAMP221.PROD.OUTLOOK.COM'})
  })

  it('names the addresses of a SendAsDenied', () => {
    const m = classifyText(CASES.find((c) => c[0] === 'SendAsDenied 5.2.252')![1])
    assert.equal(m.length, 1, 'one finding per reply line, though it names SendAsDenied twice')
    assert.deepEqual(m[0]!.values, {mailbox: 'sender@contoso.com', from: 'noreply@contoso.com'})
  })
})

describe('classifyText speed', () => {
  it('classifies 1 MB of mixed log in well under a second', () => {
    const lines = [
      '2024-03-20 10:27:50 INFO  connecting to smtp.office365.com:587',
      '2024-03-20 10:27:56 [smtp] S: 250-SIZE 157286400',
      `2024-03-20 10:27:56 [smtp] S: 535 5.7.3 Authentication unsuccessful ${S1}`,
      '2024-03-20 10:28:01 DEBUG a long line of unrelated application output that mentions Authentication and certificate and timed',
      'A1 NO AUTHENTICATE failed.',
    ]
    let text = ''
    while (text.length < 1_000_000) text += lines.join('\n') + '\n'
    text += CASES[0]![1]
    const start = performance.now()
    const matches = classifyText(text)
    const ms = performance.now() - start
    assert.ok(matches.some((m) => m.patternId === 'aadsts.7000215'))
    assert.ok(ms < 500, `took ${ms.toFixed(0)} ms`)
  })
})
