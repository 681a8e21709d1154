// What Microsoft's replies mean, as data: each pattern recognises one reply (Entra ID, Exchange SMTP/IMAP/POP,
// Graph, TLS, network) in whatever wrapper a library puts around it, and names the cause(s) it points to.
// Shared by `explain` (log text) and `check` (live server replies). Strings from microsoft-behaviour.md.
//
// Regexes are written against the server's own words, never against a library's prefix, so the same entry
// matches nodemailer's `Invalid login: 535 …`, Python's `(535, b'5.7.3 …')`, MailKit's `535: 5.7.3 …`, a raw
// `S: 535 5.7.3 …` transcript line or an escaped JSON string.

import type {CauseId} from '../core/cause-ids.js'
import type {Confidence} from '../core/cause.js'
import type {FixValues} from '../diagnosis/catalogue.js'
import {AADSTS_BY_CODE, AADSTS_CODES} from './aadsts-codes.js'

/** How close a reply is to the root cause: `root` names the mistake; `symptom` is a generic failure with candidates. */
export type Rootness = 'root' | 'symptom'
export type PatternSource = 'entra' | 'smtp' | 'imap' | 'pop' | 'graph' | 'tls' | 'network'

export interface Pattern {
  /** Stable ID, e.g. `aadsts.7000215`, `smtp.535-5.7.3`. */
  id: string
  /** One line: what the reply says, for people. */
  label: string
  source: PatternSource
  /** Cheap case-sensitive prefilter: the regex runs only when the text contains one of these. */
  literals: string[]
  /** Must have the `g` flag. */
  regex: RegExp
  /** The cause(s) it points to, most likely first. */
  causes: CauseId[]
  confidence: Confidence
  rootness: Rootness
  /** What else the same reply can mean. */
  alternatives: CauseId[]
  /** What to look at next to tell the candidates apart. */
  next: string[]
  /** Optional extra test on the match (e.g. unknown AADSTS codes only). */
  accept?(match: RegExpExecArray): boolean
  /** Values the reply itself names (client ID, tenant, addresses) for the remediation. */
  values?(match: RegExpExecArray): Partial<FixValues>
}

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'
// Text of one Microsoft sentence: stops at a real or JSON-escaped line break and at a closing JSON quote.
// MSAL appends the IDs on the same line ("… Trace ID: … - Correlation ID: …"): the sentence ends before them.
const REST = '[^\\r\\n"\\\\]{0,400}?(?=\\s*(?:Trace ID:|Correlation ID:|Timestamp:| - )|[\\r\\n"\\\\]|$)'

// The candidates a bare Exchange authentication failure cannot tell apart (microsoft-behaviour.md §5).
const AUTH_FAILED_CANDIDATES: CauseId[] = [
  'claims.no-application-roles',
  'claims.missing-role',
  'claims.wrong-audience',
  'claims.wrong-tenant',
  'exchange.service-principal-missing',
  'exchange.service-principal-wrong-object-id',
  'exchange.mailbox-permission-missing',
]
const AUTH_FAILED_NEXT = [
  'Decode the token the product sends (o365doctor decode): aud must be the Exchange resource, roles must hold the protocol\'s role (SMTP.SendAsApp, IMAP.AccessAsApp, POP.AccessAsApp), idtyp must be app.',
  'Compare the token\'s oid with the ObjectId of Get-ServicePrincipal in Exchange Online: no entry means New-ServicePrincipal was never run; another value means it was run with the wrong object ID.',
  'Get-MailboxPermission -Identity <mailbox>: the service principal needs FullAccess.',
  'Check that the XOAUTH2 user= is the mailbox address itself.',
]

function aadstsValues(m: RegExpExecArray): Partial<FixValues> {
  const text = m[0]
  const v: Partial<FixValues> = {aadstsCode: m[1]!}
  const app = new RegExp(`(?:app|Application|identifier) '(${GUID})'`).exec(text)
  if (app) v.clientId = app[1]!.toLowerCase()
  const name = new RegExp(`Application '${GUID}'\\(([^)]{1,120})\\)`).exec(text)
  if (name) v.appDisplayName = name[1]
  const tenant = /(?:Tenant '([^']{1,200})' not found|directory '([^']{1,200})'|tenant named ([^\s.]+(?:\.[^\s.]+)*?)\.(?:\s|$)|tenant identifier '([^']{1,200})')/.exec(text)
  if (tenant) v.tenant = tenant[1] ?? tenant[2] ?? tenant[3] ?? tenant[4]
  const scope = /(?:value for scope (\S+) is not valid|The scope (\S+) is not valid|resource principal named (\S+) was not found)/.exec(text)
  if (scope) v.scope = scope[1] ?? scope[2] ?? scope[3]
  return v
}

function aadstsPattern(code: string): Pattern {
  const info = AADSTS_BY_CODE.get(code)!
  return {
    id: `aadsts.${code}`,
    label: `Entra ID: AADSTS${code}, ${info.meaning}`,
    source: 'entra',
    literals: [`AADSTS${code}`],
    // Not inside a longer word or number (e.g. "XAADSTS…", "AADSTS70002" inside "AADSTS700022").
    regex: new RegExp(`(?<![A-Za-z0-9_])AADSTS(${code})(?![0-9A-Za-z_])(?::${REST})?`, 'g'),
    causes: [info.cause],
    confidence: info.confidence,
    rootness: 'root',
    alternatives: info.alternatives ?? [],
    next: info.next,
    values: aadstsValues,
  }
}

const ENTRA_PATTERNS: Pattern[] = [
  ...AADSTS_CODES.map((c) => aadstsPattern(c.code)),
  {
    id: 'aadsts.other',
    label: 'Entra ID: an AADSTS error o365doctor has no specific entry for',
    source: 'entra',
    literals: ['AADSTS'],
    regex: new RegExp(`(?<![A-Za-z0-9_])AADSTS(\\d{4,8})(?![0-9A-Za-z_])(?::${REST})?`, 'g'),
    causes: ['token.unknown-error'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: [],
    next: ['Look the code up at https://login.microsoftonline.com/error?code=<code> and in the service principal sign-in log.'],
    accept: (m) => !AADSTS_BY_CODE.has(m[1]!),
    values: aadstsValues,
  },
]

// SMTP: the enhanced status must not be the tail of a longer number ("15.7.3") or version.
// An optional basic reply code in front, as servers and libraries print it: `535 `, `535-`, `535: `, `(535, b'`.
const ES = (status: string) => `(?:(?<!\\d)\\d{3}(?:[ -]|: |, b?['"]))?(?<![\\d.])${status.replace(/\./g, '\\.')}`

const SMTP_PATTERNS: Pattern[] = [
  {
    id: 'smtp.535-5.7.3',
    label: 'Exchange SMTP: 535 5.7.3 Authentication unsuccessful (no reason given)',
    source: 'smtp',
    literals: ['5.7.3 Authentication unsuccessful'],
    regex: new RegExp(`${ES('5.7.3')} Authentication unsuccessful[^\\r\\n"\\\\]{0,120}`, 'g'),
    causes: ['exchange.authorization-failed'],
    confidence: 'possible',
    rootness: 'symptom',
    alternatives: [...AUTH_FAILED_CANDIDATES, 'config.basic-auth', 'config.invalid-value'],
    next: AUTH_FAILED_NEXT,
  },
  {
    id: 'smtp.5.7.139-tenant',
    label: 'Exchange SMTP: 5.7.139 SmtpClientAuthentication is disabled for the Tenant',
    source: 'smtp',
    literals: ['disabled for the Tenant'],
    regex: new RegExp(`${ES('5.7.139')} Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant[^\\r\\n"\\\\]{0,160}`, 'gi'),
    causes: ['exchange.smtp-auth-disabled-tenant'],
    confidence: 'certain',
    rootness: 'root',
    alternatives: [],
    next: ['Get-TransportConfig | Format-List SmtpClientAuthenticationDisabled; Get-CASMailbox -Identity <mailbox> | Format-List SmtpClientAuthenticationDisabled'],
  },
  {
    id: 'smtp.5.7.139-mailbox',
    label: 'Exchange SMTP: 5.7.139 SmtpClientAuthentication is disabled for the Mailbox',
    source: 'smtp',
    literals: ['disabled for the Mailbox'],
    regex: new RegExp(`${ES('5.7.139')} Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox[^\\r\\n"\\\\]{0,160}`, 'gi'),
    causes: ['exchange.smtp-auth-disabled-mailbox'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: [],
    next: ['Get-CASMailbox -Identity <mailbox> | Format-List SmtpClientAuthenticationDisabled'],
  },
  {
    id: 'smtp.5.7.139-basic',
    label: 'Exchange SMTP: 5.7.139 basic authentication is disabled',
    source: 'smtp',
    literals: ['basic authentication is disabled'],
    regex: new RegExp(`${ES('5.7.139')} Authentication unsuccessful, basic authentication is disabled[^\\r\\n"\\\\]{0,160}`, 'gi'),
    causes: ['config.basic-auth'],
    confidence: 'certain',
    rootness: 'root',
    alternatives: [],
    next: ["Look at the product's SMTP authentication setting: it must be OAuth 2.0 / XOAUTH2, not a password."],
  },
  {
    id: 'smtp.5.7.139-criteria',
    label: 'Exchange SMTP: 5.7.139 the request did not meet the criteria to be authenticated',
    source: 'smtp',
    literals: ['did not meet the criteria'],
    regex: new RegExp(`${ES('5.7.139')} Authentication unsuccessful, the request did not meet the criteria[^\\r\\n"\\\\]{0,160}`, 'gi'),
    causes: ['token.conditional-access'],
    confidence: 'possible',
    rootness: 'symptom',
    alternatives: ['config.basic-auth', 'exchange.smtp-auth-disabled-tenant'],
    next: [
      'Check Conditional Access policies that block legacy authentication, and whether security defaults are on.',
      'Check that the product sends XOAUTH2, not a password.',
    ],
  },
  {
    id: 'smtp.5.7.139',
    label: 'Exchange SMTP: 5.7.139 Authentication unsuccessful (policy, no detail)',
    source: 'smtp',
    literals: ['5.7.139 Authentication unsuccessful'],
    // Only the bare form: the detailed variants above end in ", …".
    regex: new RegExp(`${ES('5.7.139')} Authentication unsuccessful(?!,)[^\\r\\n"\\\\]{0,120}`, 'gi'),
    causes: ['exchange.smtp-auth-disabled-tenant'],
    confidence: 'possible',
    rootness: 'symptom',
    alternatives: ['exchange.smtp-auth-disabled-mailbox', 'config.basic-auth', 'token.conditional-access'],
    next: ['Get-TransportConfig and Get-CASMailbox: SmtpClientAuthenticationDisabled; check security defaults and the product\'s auth method.'],
  },
  {
    id: 'smtp.5.7.57',
    label: 'Exchange SMTP: 530 5.7.57 Client not authenticated to send mail',
    source: 'smtp',
    literals: ['5.7.57'],
    regex: new RegExp(`${ES('5.7.57')}(?: SMTP;)? Client (?:was )?not authenticated[^\\r\\n"\\\\]{0,160}`, 'gi'),
    causes: ['config.no-smtp-auth'],
    confidence: 'certain',
    rootness: 'root',
    alternatives: [],
    next: ['Look earlier in the log for a failed AUTH; otherwise turn on authentication in the product.'],
  },
  {
    id: 'smtp.451-5.7.3-starttls',
    label: 'Exchange SMTP: 451 5.7.3 STARTTLS is required to send mail',
    source: 'smtp',
    literals: ['STARTTLS is required'],
    regex: new RegExp(`${ES('5.7.3')} STARTTLS is required[^\\r\\n"\\\\]{0,160}`, 'gi'),
    causes: ['config.smtp-tls-mode'],
    confidence: 'certain',
    rootness: 'root',
    alternatives: [],
    next: ['Set the product to port 587 with STARTTLS.'],
  },
  {
    id: 'smtp.530-5.7.0-starttls',
    label: 'SMTP: 530 5.7.0 Must issue a STARTTLS command first',
    source: 'smtp',
    literals: ['Must issue a STARTTLS command first'],
    regex: /(?<![\d.])5\.7\.0 Must issue a STARTTLS command first[^\r\n"\\]{0,80}/g,
    causes: ['config.smtp-tls-mode'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: ['config.smtp-host'],
    next: ['This wording is older Exchange\'s (and Gmail\'s), not Exchange Online\'s: also check the host is smtp.office365.com.'],
  },
  {
    id: 'smtp.504-5.7.4',
    label: 'Exchange SMTP: 504 5.7.4 Unrecognized authentication type',
    source: 'smtp',
    literals: ['Unrecognized authentication type'],
    regex: new RegExp(`${ES('5.7.4')} Unrecognized authentication type[^\\r\\n"\\\\]{0,160}`, 'gi'),
    causes: ['config.basic-auth'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: [],
    next: ['The product used a mechanism Exchange does not offer (AUTH PLAIN, or "xoauth2" in lower case): it must send AUTH XOAUTH2.'],
  },
  {
    id: 'smtp.421-4.7.66-tls',
    label: 'Exchange SMTP: 421 4.7.66 TLS 1.0 and 1.1 are not supported',
    source: 'smtp',
    literals: ['4.7.66'],
    regex: new RegExp(`${ES('4.7.66')} TLS 1\\.0 and 1\\.1 are not supported[^\\r\\n"\\\\]{0,200}`, 'gi'),
    causes: ['network.tls-failure'],
    confidence: 'certain',
    rootness: 'root',
    alternatives: [],
    next: ["Enable TLS 1.2 in the product's runtime."],
  },
  {
    id: 'smtp.send-as-denied',
    label: 'Exchange SMTP: SendAsDenied (5.2.252 / STOREDRV SendAsDeniedException)',
    source: 'smtp',
    literals: ['SendAsDenied'],
    // One match per reply line: the modern form names SendAsDenied twice.
    regex: /(?:(?<![\d.])5\.2\.(?:252|0) )?(?:STOREDRV\.Submission\.Exception:)?SendAsDenied[^\r\n"\\]{0,400}/g,
    causes: ['exchange.send-as-denied'],
    confidence: 'certain',
    rootness: 'root',
    alternatives: [],
    next: ['Get-RecipientPermission -Identity <From address>: the authenticating mailbox (or the app) needs SendAs.'],
    values: (m) => {
      const who = /SendAsDenied; (\S+@\S+) not allowed to send as (\S+@[^\s;]+)/.exec(m[0])
      return who ? {mailbox: who[1], from: who[2]} : {}
    },
  },
  {
    id: 'smtp.550-5.7.60',
    label: 'Exchange SMTP: 550 5.7.60 Client does not have permissions to send as this sender',
    source: 'smtp',
    literals: ['5.7.60'],
    regex: new RegExp(`${ES('5.7.60')} SMTP; Client does not have permissions to send as this sender[^\\r\\n"\\\\]{0,120}`, 'gi'),
    causes: ['exchange.send-as-denied'],
    confidence: 'certain',
    rootness: 'root',
    alternatives: [],
    next: ['Get-RecipientPermission -Identity <From address>: the authenticating mailbox (or the app) needs SendAs.'],
  },
  {
    id: 'smtp.430-4.2.0-mailbox-logon',
    label: 'Exchange SMTP: 430 4.2.0 STOREDRV mailbox logon failure',
    source: 'smtp',
    literals: ['mailbox logon failure'],
    regex: new RegExp(`${ES('4.2.0')} STOREDRV; mailbox logon failure[^\\r\\n"\\\\]{0,300}`, 'gi'),
    causes: ['exchange.mailbox-permission-missing'],
    confidence: 'possible',
    rootness: 'symptom',
    alternatives: ['exchange.service-principal-wrong-object-id', 'exchange.authorization-failed'],
    next: ['Get-MailboxPermission -Identity <mailbox>: the service principal needs FullAccess.'],
  },
  {
    id: 'smtp.mailbox-cannot-be-accessed',
    label: 'Exchange SMTP: Mailbox cannot be accessed',
    source: 'smtp',
    literals: ['Mailbox cannot be accessed'],
    regex: /Mailbox cannot be accessed[^\r\n"\\]{0,120}/g,
    causes: ['exchange.mailbox-permission-missing'],
    confidence: 'possible',
    rootness: 'symptom',
    alternatives: ['exchange.authorization-failed', 'config.basic-auth'],
    next: ['Get-MailboxPermission -Identity <mailbox>; check the product authenticates with XOAUTH2.'],
  },
  {
    id: 'smtp.501-5.5.124-xoauth2-user',
    label: 'Exchange SMTP: 501 5.5.124 Invalid XOAUTH2 auth data (user address not valid)',
    source: 'smtp',
    literals: ['5.5.124'],
    regex: new RegExp(`${ES('5.5.124')} Invalid XOAUTH2 auth data[^\\r\\n"\\\\]{0,200}`, 'gi'),
    causes: ['config.invalid-value'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: [],
    next: ['The XOAUTH2 user= must be the mailbox\'s SMTP address; check the product\'s username setting is filled in.'],
  },
]

const IMAP_PATTERNS: Pattern[] = [
  {
    id: 'imap.authenticate-failed',
    label: 'Exchange IMAP: NO AUTHENTICATE failed. (no reason given)',
    source: 'imap',
    literals: ['AUTHENTICATE failed'],
    regex: /(?<![A-Za-z])(?:NO )?AUTHENTICATE failed\.?/g,
    causes: ['exchange.authorization-failed'],
    confidence: 'possible',
    rootness: 'symptom',
    alternatives: [...AUTH_FAILED_CANDIDATES],
    next: AUTH_FAILED_NEXT,
  },
  {
    id: 'imap.login-failed',
    label: 'Exchange IMAP: NO LOGIN failed. (password login)',
    source: 'imap',
    literals: ['LOGIN failed'],
    // Upper-case LOGIN is the IMAP command; "Login failed for user" (SQL Server) must not match.
    regex: /(?<![A-Za-z])(?:NO )?LOGIN failed\./g,
    causes: ['config.basic-auth'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: [],
    next: ["The product used IMAP LOGIN with a password: switch it to OAuth 2.0 (AUTHENTICATE XOAUTH2)."],
  },
  {
    id: 'imap.not-connected',
    label: 'Exchange IMAP: BAD User is authenticated but not connected.',
    source: 'imap',
    literals: ['authenticated but not connected'],
    regex: /(?:BAD )?User is authenticated but not connected\.?/g,
    causes: ['exchange.imap-disabled'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: ['exchange.mailbox-permission-missing'],
    next: [
      'Get-CASMailbox -Identity <mailbox> | Format-List ImapEnabled',
      'Get-MailboxPermission -Identity <mailbox>: the service principal needs FullAccess; the XOAUTH2 user= must be that mailbox.',
    ],
  },
]

const POP_PATTERNS: Pattern[] = [
  {
    id: 'pop.authentication-failure',
    label: 'Exchange POP: -ERR Authentication failure (no reason given)',
    source: 'pop',
    literals: ['Authentication failure'],
    regex: /(?:-ERR )?Authentication failure: unknown user name or bad password\.?/g,
    causes: ['exchange.authorization-failed'],
    confidence: 'possible',
    rootness: 'symptom',
    alternatives: [...AUTH_FAILED_CANDIDATES, 'exchange.pop-disabled'],
    next: [...AUTH_FAILED_NEXT, 'Get-CASMailbox -Identity <mailbox> | Format-List PopEnabled'],
  },
  {
    id: 'pop.logon-failure',
    label: 'Exchange POP: -ERR Logon failure (password login)',
    source: 'pop',
    literals: ['Logon failure'],
    regex: /(?:-ERR )?Logon failure: unknown user name or bad password\.?/g,
    causes: ['config.basic-auth'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: ['exchange.pop-disabled'],
    next: ['The product used USER/PASS: switch it to OAuth 2.0 (AUTH XOAUTH2).'],
  },
]

// Standard SASL replies (RFC 4954 SMTP, RFC 5530 IMAP, RFC 3206 POP codes) as real Dovecot 2.3 and Postfix 3.7
// send them (measured by test/integration against those servers). Exchange Online words its own refusals
// differently (above), but a relay or a test server in front of it answers like this. A temporary failure means
// the server could not check the token at all (its token authority was unreachable): not a credentials problem,
// so it names exchange.temporary-failure.
const TEMPORARY_NEXT = [
  'Retry in a few minutes: the server could not check the token right now (its token validation back end was unreachable); the token itself was not judged.',
  'If it persists, check the mail service\'s health (Microsoft 365 admin center > Health > Service health) or the relay\'s connection to its authentication server.',
]
const STANDARD_PATTERNS: Pattern[] = [
  {
    id: 'smtp.535-5.7.8',
    label: 'SMTP: 535 5.7.8 Error: authentication failed (Postfix SASL; RFC 4954 "credentials invalid")',
    source: 'smtp',
    literals: ['5.7.8 Error: authentication failed'],
    regex: new RegExp(`${ES('5.7.8')} Error: authentication failed[^\\r\\n"\\\\]{0,120}`, 'g'),
    causes: ['exchange.authorization-failed'],
    confidence: 'possible',
    rootness: 'symptom',
    alternatives: [...AUTH_FAILED_CANDIDATES],
    next: AUTH_FAILED_NEXT,
  },
  {
    id: 'smtp.454-4.7.0-temporary',
    label: 'SMTP: 454 4.7.0 Temporary authentication failure (the server could not check the login now)',
    source: 'smtp',
    literals: ['Temporary authentication failure'],
    regex: new RegExp(`${ES('4.7.0')} Temporary authentication failure[^\\r\\n"\\\\]{0,160}`, 'g'),
    causes: ['exchange.temporary-failure'],
    confidence: 'possible',
    rootness: 'root',
    alternatives: [],
    next: TEMPORARY_NEXT,
  },
  {
    id: 'imap.authenticationfailed',
    label: 'IMAP: NO [AUTHENTICATIONFAILED] Authentication failed. (RFC 5530; Dovecot)',
    source: 'imap',
    literals: ['[AUTHENTICATIONFAILED]'],
    regex: /(?:NO )?\[AUTHENTICATIONFAILED\][^\r\n"\\]{0,120}/g,
    causes: ['exchange.authorization-failed'],
    confidence: 'possible',
    rootness: 'symptom',
    alternatives: [...AUTH_FAILED_CANDIDATES],
    next: AUTH_FAILED_NEXT,
  },
  {
    id: 'imap.unavailable',
    label: 'IMAP: NO [UNAVAILABLE] Temporary authentication failure (RFC 5530; the server could not check the login now)',
    source: 'imap',
    literals: ['[UNAVAILABLE]'],
    regex: /(?:NO )?\[UNAVAILABLE\][^\r\n"\\]{0,160}/g,
    causes: ['exchange.temporary-failure'],
    confidence: 'possible',
    rootness: 'root',
    alternatives: [],
    next: TEMPORARY_NEXT,
  },
  {
    id: 'pop.auth',
    label: 'POP: -ERR [AUTH] Authentication failed. (RFC 3206; Dovecot)',
    source: 'pop',
    literals: ['[AUTH]'],
    regex: /(?:-ERR )?\[AUTH\] [^\r\n"\\]{1,120}/g,
    causes: ['exchange.authorization-failed'],
    confidence: 'possible',
    rootness: 'symptom',
    alternatives: [...AUTH_FAILED_CANDIDATES],
    next: AUTH_FAILED_NEXT,
  },
  {
    id: 'pop.sys-temp',
    label: 'POP: -ERR [SYS/TEMP] Temporary authentication failure (RFC 3206; the server could not check the login now)',
    source: 'pop',
    literals: ['[SYS/TEMP]'],
    regex: /(?:-ERR )?\[SYS\/TEMP\][^\r\n"\\]{0,160}/g,
    causes: ['exchange.temporary-failure'],
    confidence: 'possible',
    rootness: 'root',
    alternatives: [],
    next: TEMPORARY_NEXT,
  },
]

const GRAPH_PATTERNS: Pattern[] = [
  {
    id: 'graph.invalid-audience',
    label: 'Graph/resource: Invalid audience',
    source: 'graph',
    literals: ['nvalid audience'],
    regex: /(?:Access token validation failure\. )?Invalid audience\.?[^\r\n"\\]{0,80}/gi,
    causes: ['claims.wrong-audience'],
    confidence: 'certain',
    rootness: 'root',
    alternatives: [],
    next: ['Decode the token: the aud must be the API being called (Exchange for SMTP/IMAP/POP, Graph for Graph).'],
  },
  {
    id: 'graph.no-permissions-in-token',
    label: 'Resource: the token contains no permissions (no roles or scp)',
    source: 'graph',
    literals: ['contains no permissions', 'roles claim', 'IDW10201'],
    regex: /(?:The token contains no permissions, or permissions can not be understood|Either scp or roles claim need to be present in the token|IDW10201: Neither scope or roles claim was found in the bearer token)\.?/g,
    causes: ['claims.no-application-roles'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: ['graph.consent-missing', 'graph.delegated-instead-of-application'],
    next: ['Decode the token: a "roles" claim must be present; if not, grant admin consent for the application permission.'],
  },
  {
    id: 'graph.authorization-request-denied',
    label: 'Graph: Authorization_RequestDenied (insufficient privileges)',
    source: 'graph',
    literals: ['Authorization_RequestDenied'],
    regex: /Authorization_RequestDenied(?:[^\r\n]{0,40}?Insufficient privileges to complete the operation\.?)?/g,
    causes: ['graph.consent-missing'],
    confidence: 'possible',
    rootness: 'symptom',
    alternatives: ['graph.permission-not-configured'],
    next: ['This is a Microsoft Graph refusal, not Exchange\'s: the caller lacks a Graph application permission (or its consent). It does not affect SMTP/IMAP/POP.'],
  },
]

const TLS_PATTERNS: Pattern[] = [
  {
    id: 'tls.wrong-version-number',
    label: 'TLS: the other side does not speak TLS yet (wrong version number / unexpected message)',
    source: 'tls',
    literals: ['wrong version number', 'WRONG_VERSION_NUMBER', 'Unsupported or unrecognized SSL message', 'unexpected packet format'],
    regex: /(?:(?:ssl3_get_record:|SSL routines:[^\r\n]{0,40})?wrong version number|\[SSL: WRONG_VERSION_NUMBER\][^\r\n"\\]{0,60}|Unsupported or unrecognized SSL message|The handshake failed due to an unexpected packet format\.?)/gi,
    causes: ['network.tls-mode-mismatch'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: ['config.smtp-tls-mode', 'config.imap-tls-mode', 'config.pop-tls-mode'],
    next: ['Check the port and TLS mode: SMTP 587 = STARTTLS; IMAP 993 / POP 995 = implicit TLS.'],
  },
  {
    id: 'tls.certificate',
    label: 'TLS: certificate not trusted or not matching the host',
    source: 'tls',
    literals: ['certificate', 'CERT', 'PKIX'],
    regex: /(?:self[- ]signed certificate(?: in certificate chain)?|unable to get local issuer certificate|unable to verify the first certificate|certificate has expired|CERT_HAS_EXPIRED|UNABLE_TO_VERIFY_LEAF_SIGNATURE|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID|Hostname\/IP does not match certificate's altnames[^\r\n"\\]{0,120}|PKIX path building failed|The remote certificate is invalid[^\r\n"\\]{0,80}|CERTIFICATE_VERIFY_FAILED[^\r\n"\\]{0,80})/g,
    causes: ['network.tls-failure'],
    confidence: 'certain',
    rootness: 'root',
    alternatives: ['config.smtp-host', 'config.imap-host', 'config.pop-host'],
    next: ['Is a TLS-inspecting proxy in the way? Is the host name the real Exchange Online endpoint?'],
  },
  {
    id: 'tls.protocol',
    label: 'TLS: no common protocol version (TLS 1.2 not enabled)',
    source: 'tls',
    literals: ['protocol version', 'unsupported protocol', 'no protocols available', 'PROTOCOL_VERSION', 'UNSUPPORTED_PROTOCOL'],
    regex: /(?:tlsv1 alert protocol version|unsupported protocol|no protocols available|TLSV1_ALERT_PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL)/gi,
    causes: ['network.tls-failure'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: [],
    next: ["Enable TLS 1.2 in the product's runtime."],
  },
]

const NETWORK_PATTERNS: Pattern[] = [
  {
    id: 'network.dns',
    label: 'Network: host name not found (DNS)',
    source: 'network',
    literals: ['ENOTFOUND', 'EAI_AGAIN', 'UnknownHostException', 'No such host is known', 'Name or service not known', 'nodename nor servname', 'name resolution'],
    regex: /(?:getaddrinfo )?(?:ENOTFOUND|EAI_AGAIN)(?: [A-Za-z0-9.-]+)?|UnknownHostException(?::\s*[A-Za-z0-9.-]+)?|No such host is known\.?|Name or service not known|nodename nor servname provided, or not known|Temporary failure in name resolution/g,
    causes: ['network.dns-failure'],
    confidence: 'certain',
    rootness: 'root',
    alternatives: ['config.smtp-host', 'config.imap-host', 'config.pop-host'],
    next: ['Check the host name\'s spelling; resolve it from the product\'s server.'],
    values: (m) => {
      const host = /(?:ENOTFOUND|EAI_AGAIN|UnknownHostException:?)\s+([A-Za-z0-9.-]+\.[A-Za-z]{2,})/.exec(m[0])
      return host ? {host: host[1]} : {}
    },
  },
  {
    id: 'network.refused',
    label: 'Network: connection refused',
    source: 'network',
    literals: ['ECONNREFUSED', 'onnection refused', 'actively refused'],
    regex: /(?:connect )?ECONNREFUSED(?: [0-9a-fA-F.:]+)?|Connection refused|No connection could be made because the target machine actively refused it\.?/g,
    causes: ['network.connection-refused'],
    confidence: 'certain',
    rootness: 'root',
    alternatives: ['config.smtp-tls-mode'],
    next: ['Check the port and any outbound firewall or proxy.'],
  },
  {
    id: 'network.timeout',
    label: 'Network: connection timed out',
    source: 'network',
    literals: ['ETIMEDOUT', 'ETIMEOUT', 'timed out', 'Greeting never received', 'did not properly respond'],
    regex: /(?:connect )?ETIMEDOUT(?: [0-9a-fA-F.:]+)?|ETIMEOUT|Connection timed out|connect timed out|Read timed out|Greeting never received|SocketTimeoutException|did not properly respond after a period of time/g,
    causes: ['network.timeout'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: ['network.tls-mode-mismatch'],
    next: ['Test-NetConnection <host> -Port <port> from the product\'s server; a client that waits for TLS on a plain-text port also times out.'],
  },
]

/** The whole table, most specific first within each source. */
export const PATTERNS: readonly Pattern[] = [
  ...ENTRA_PATTERNS,
  ...SMTP_PATTERNS,
  ...IMAP_PATTERNS,
  ...POP_PATTERNS,
  ...STANDARD_PATTERNS,
  ...GRAPH_PATTERNS,
  ...TLS_PATTERNS,
  ...NETWORK_PATTERNS,
]

export const PATTERN_BY_ID: ReadonlyMap<string, Pattern> = new Map(PATTERNS.map((p) => [p.id, p]))
