// Fixed sample reports for renderer and schema tests. Everything is literal (times, IDs, counts) so golden files
// are stable, and the summary/verdict are written out by hand so they can catch a wrong summarize/verdictOf.

import type {Cause} from '../../src/core/cause.js'
import type {CheckReport, Report} from '../../src/core/report.js'

const TENANT_ID = '4f2c9e1a-8b7d-4c3e-9f10-2a6b5d8e7c41'
const CLIENT_ID = '9a1b3c5d-7e9f-4a2b-8c4d-6e8f0a2b4c6d'
const SP_OBJECT_ID = '77e0c2d4-1f3a-4b5c-9d7e-0f1a2b3c4d5e'

function base(overrides: Partial<Report>): Report {
  return {
    schemaVersion: '1',
    tool: {name: 'o365doctor', version: '0.1.0'},
    startedAt: '2026-11-22T10:00:00.000Z',
    durationMs: 812,
    target: {
      cloud: 'global',
      tenant: 'contoso.onmicrosoft.com',
      clientId: CLIENT_ID,
      mailbox: 'sender@contoso.com',
      protocols: ['smtp', 'imap'],
      sources: {tenant: 'file', clientId: 'file', clientSecret: 'env', mailbox: 'flag'},
    },
    checks: [],
    causes: [],
    summary: {pass: 0, warn: 0, fail: 0, skip: 0, error: 0},
    verdict: 'pass',
    ...overrides,
  }
}

function check(fields: Pick<CheckReport, 'id' | 'title' | 'status' | 'summary'> & Partial<CheckReport>): CheckReport {
  return {durationMs: 12, causes: [], ...fields}
}

const tokenAcquire = check({
  id: 'token.acquire',
  title: 'Get an app-only token',
  status: 'pass',
  durationMs: 41,
  summary: 'token for https://outlook.office365.com, expires in 59 min',
  evidence: {aud: 'https://outlook.office365.com', token: 'eyJ0eXAi…'},
})

/** Everything works: SMTP and IMAP with a good token. */
export function passingReport(): Report {
  const checks = [
    check({id: 'config.static', title: 'Check the settings', status: 'pass', durationMs: 1, summary: 'settings are consistent for the global cloud'}),
    tokenAcquire,
    check({
      id: 'token.claims',
      title: 'Read the token claims',
      status: 'pass',
      durationMs: 2,
      summary: 'roles SMTP.SendAsApp, IMAP.AccessAsApp; tenant matches',
      evidence: {roles: ['SMTP.SendAsApp', 'IMAP.AccessAsApp'], oid: SP_OBJECT_ID, tid: TENANT_ID},
    }),
    check({id: 'smtp.login', title: 'Log in to SMTP (smtp.office365.com:587)', status: 'pass', durationMs: 388, summary: '235 2.7.0 Authentication successful'}),
    check({id: 'imap.login', title: 'Log in to IMAP (outlook.office365.com:993)', status: 'pass', durationMs: 1204, summary: 'AUTHENTICATE XOAUTH2 accepted; INBOX has 12 messages'}),
  ]
  return base({checks, summary: {pass: 5, warn: 0, fail: 0, skip: 0, error: 0}, verdict: 'pass'})
}

const wrongObjectId: Cause = {
  id: 'exchange.service-principal-wrong-object-id',
  severity: 'error',
  confidence: 'likely',
  summary: 'Exchange knows this app under the wrong object ID',
  explanation:
    `The token is valid and carries IMAP.AccessAsApp, yet IMAP answered "NO AUTHENTICATE failed.". The token's oid is ` +
    `${SP_OBJECT_ID} (the enterprise application), but Exchange's service principal was created with the app ` +
    'registration\'s object ID, so Exchange cannot match the token to it.',
  remediation: {
    steps: [
      'Connect to Exchange Online PowerShell as an Exchange administrator.',
      'Remove the service principal that uses the wrong object ID, then create it again with the enterprise application\'s object ID (Entra ID > Enterprise applications > your app > Object ID).',
      'Give it FullAccess on the mailbox.',
    ],
    powershell: [
      'Connect-ExchangeOnline -Organization contoso.onmicrosoft.com',
      `Remove-ServicePrincipal -Identity ${CLIENT_ID}`,
      `New-ServicePrincipal -AppId ${CLIENT_ID} -ObjectId ${SP_OBJECT_ID} -DisplayName "Contoso Mailer"`,
      `Add-MailboxPermission -Identity sender@contoso.com -User ${SP_OBJECT_ID} -AccessRights FullAccess`,
    ],
  },
  checks: ['imap.login', 'graph.service-principal'],
  docs: ['https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth'],
  evidence: {tokenOid: SP_OBJECT_ID, exchangeServicePrincipalObjectId: '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0'},
  candidates: ['exchange.mailbox-permission-missing'],
}

const smtpAuthDisabled: Cause = {
  id: 'exchange.smtp-auth-disabled-tenant',
  severity: 'error',
  confidence: 'certain',
  summary: 'SMTP AUTH is turned off for the whole organisation',
  explanation:
    'Exchange Online answered "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant." ' +
    'Until SMTP AUTH is allowed for the organisation or for this mailbox, no token will log in over SMTP.',
  remediation: {
    steps: ['Allow SMTP AUTH for this mailbox only (safer than the whole organisation).'],
    powershell: [
      'Connect-ExchangeOnline -Organization contoso.onmicrosoft.com',
      'Set-CASMailbox -Identity sender@contoso.com -SmtpClientAuthenticationDisabled $false',
    ],
  },
  checks: ['smtp.login'],
  docs: ['https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission'],
}

const secretExpiring: Cause = {
  id: 'graph.secret-expiring',
  severity: 'warning',
  confidence: 'certain',
  summary: 'The client secret expires in 9 days',
  explanation: 'The secret in use (hint "Q~3a") expires on 2026-12-01. After that the token request fails with AADSTS7000222.',
  remediation: {
    steps: ['Create a new client secret in Entra ID > App registrations > Contoso Mailer > Certificates & secrets, and put its Value (not its Secret ID) into the product.'],
    powershell: [],
  },
  checks: ['graph.app'],
  docs: [],
}

const hostInfo: Cause = {
  id: 'config.smtp-host',
  severity: 'info',
  confidence: 'possible',
  summary: 'The SMTP host is an alias of smtp.office365.com',
  explanation: 'smtp-mail.outlook.com works today, but Microsoft documents smtp.office365.com for Microsoft 365.',
  remediation: {steps: ['Set the SMTP host to smtp.office365.com.'], powershell: []},
  checks: ['config.static'],
  docs: [],
}

/** Several causes, deliberately not in ranked order (the renderers rank them). */
export function failingReport(): Report {
  const checks = [
    check({id: 'config.static', title: 'Check the settings', status: 'pass', durationMs: 1, summary: 'settings are consistent for the global cloud', causes: ['config.smtp-host']}),
    tokenAcquire,
    check({id: 'graph.app', title: 'Read the app registration', status: 'warn', durationMs: 230, summary: 'a client secret expires in 9 days', causes: ['graph.secret-expiring']}),
    check({id: 'graph.service-principal', title: 'Read the enterprise application', status: 'pass', durationMs: 190, summary: `enterprise application ${SP_OBJECT_ID} is enabled`}),
    check({
      id: 'smtp.login',
      title: 'Log in to SMTP (smtp.office365.com:587)',
      status: 'fail',
      durationMs: 402,
      summary: '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.',
      causes: ['exchange.smtp-auth-disabled-tenant'],
      transcript: [
        {t: 0, dir: 'S', text: '220 SN4PR0501CA0040.outlook.office365.com Microsoft ESMTP MAIL Service ready'},
        {t: 180, dir: 'C', text: 'AUTH XOAUTH2 dXNlcj1z…'},
        {t: 402, dir: 'S', text: '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.'},
      ],
    }),
    check({id: 'imap.login', title: 'Log in to IMAP (outlook.office365.com:993)', status: 'fail', durationMs: 1530, summary: 'NO AUTHENTICATE failed.', causes: ['exchange.service-principal-wrong-object-id']}),
    check({id: 'imap.inbox', title: 'Open the inbox', status: 'skip', durationMs: 0, summary: 'not run', skippedBecause: ['imap.login']}),
  ]
  return base({
    durationMs: 2604,
    checks,
    causes: [secretExpiring, hostInfo, wrongObjectId, smtpAuthDisabled],
    summary: {pass: 3, warn: 1, fail: 2, skip: 1, error: 0},
    verdict: 'fail',
  })
}

/** A run where the token could not be fetched (network), so most checks were skipped, and one check crashed. */
export function skipAndErrorReport(): Report {
  const checks = [
    check({id: 'config.static', title: 'Check the settings', status: 'pass', durationMs: 1, summary: 'settings are consistent for the global cloud'}),
    check({id: 'network.token-endpoint', title: 'Reach login.microsoftonline.com:443', status: 'warn', durationMs: 10012, summary: 'no answer within 10 s', causes: ['network.timeout']}),
    check({id: 'token.acquire', title: 'Get an app-only token', status: 'skip', durationMs: 0, summary: 'not run', skippedBecause: ['network.token-endpoint']}),
    check({id: 'smtp.login', title: 'Log in to SMTP (smtp.office365.com:587)', status: 'skip', durationMs: 0, summary: 'not run', skippedBecause: ['token.acquire']}),
    check({id: 'imap.connect', title: 'Connect to outlook.office365.com:993', status: 'error', durationMs: 3, summary: 'the check crashed', error: {name: 'TypeError', message: "Cannot read properties of undefined (reading 'host')"}}),
  ]
  const timeout: Cause = {
    id: 'network.timeout',
    severity: 'warning',
    confidence: 'likely',
    summary: 'login.microsoftonline.com:443 did not answer within 10 s',
    explanation: 'The TCP connection was neither accepted nor refused. A firewall or proxy is the usual reason.',
    remediation: {steps: ['Allow outbound HTTPS to login.microsoftonline.com, or set HTTPS_PROXY.'], powershell: ['Test-NetConnection login.microsoftonline.com -Port 443']},
    checks: ['network.token-endpoint'],
    docs: [],
  }
  return base({
    durationMs: 10020,
    target: {cloud: 'global', tenant: 'contoso.onmicrosoft.com', protocols: ['smtp', 'imap'], lab: 'network-timeout'},
    checks,
    causes: [timeout],
    summary: {pass: 1, warn: 1, fail: 0, skip: 2, error: 1},
    verdict: 'warn',
  })
}

/** Strings a server, a tenant or a product can put in a report, aimed at every renderer's escaping. */
export const HOSTILE = {
  cdataEnd: 'end ]]> of CDATA',
  script: '<script>alert("x")</script>',
  pipe: 'a | b || c',
  quotes: `"double" and 'single' & ampersand &amp;`,
  control: 'bell\u0007 nul\u0000 esc\u001b[31mred\u001b[0m vt\u000b del\u007f c1\u009b',
  unicode: 'café 📬 日本語 \u202eevil\u202c',
  loneSurrogate: 'half \ud800 pair',
  markdown: '# heading *bold* _it_ [link](http://x) `code` ~~s~~ <b>',
  backticks: 'Write-Host "a```b" `',
}

export function hostileReport(): Report {
  const all = Object.values(HOSTILE).join(' / ')
  const cause: Cause = {
    id: 'exchange.send-as-denied',
    severity: 'error',
    confidence: 'certain',
    summary: `Send As denied for ${HOSTILE.script} ${HOSTILE.pipe}`,
    explanation: `The server said: ${all}\nSecond line ${HOSTILE.cdataEnd}`,
    remediation: {
      steps: [`Grant Send As to ${HOSTILE.quotes}`, `Check ${HOSTILE.control}`],
      powershell: [`Add-RecipientPermission -Identity "${HOSTILE.quotes}" -Trustee x -AccessRights SendAs`, HOSTILE.backticks],
    },
    checks: ['smtp.send'],
    docs: ['https://learn.microsoft.com/x?a=1&b=<2>'],
    evidence: {reply: all, nested: {text: HOSTILE.control}},
  }
  const checks = [
    check({
      id: 'smtp.send',
      title: `Send as ${HOSTILE.quotes} ${HOSTILE.unicode}`,
      status: 'fail',
      summary: `554 5.2.252 SendAsDenied; ${HOSTILE.cdataEnd} ${HOSTILE.script} ${HOSTILE.pipe} ${HOSTILE.control}`,
      causes: ['exchange.send-as-denied'],
      evidence: {reply: all},
    }),
    check({id: 'imap.login', title: HOSTILE.markdown, status: 'error', summary: HOSTILE.pipe, error: {name: 'Error', message: `${HOSTILE.loneSurrogate} ${HOSTILE.script}`}}),
    check({id: 'pop.login', title: HOSTILE.unicode, status: 'skip', summary: HOSTILE.backticks, skippedBecause: ['imap.login']}),
  ]
  return base({
    target: {cloud: 'global', tenant: `contoso${HOSTILE.quotes}`, mailbox: HOSTILE.script, protocols: ['smtp', 'imap', 'pop'], lab: HOSTILE.unicode},
    checks,
    causes: [cause],
    summary: {pass: 0, warn: 0, fail: 1, skip: 1, error: 1},
    verdict: 'fail',
  })
}

export const SAMPLE_REPORTS = {
  passing: passingReport,
  failing: failingReport,
  'skip-error': skipAndErrorReport,
  hostile: hostileReport,
} as const
