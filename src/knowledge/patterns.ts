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
import {AADSTS_SENTENCES, aadstsInfo} from './aadsts-codes.js'
import {lookupGraphCode, GRAPH_CODE_ROWS} from './data/graph-codes.js'
import {lookupNdr, ndrClassFallback} from './data/exchange-ndr.js'
import {lookupOAuthError, OAUTH_ERROR_ROWS} from './data/oauth-errors.js'

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
  /**
   * Reads the match (and `context`, the rest of its line) to fill in what depends on the code it carries:
   * the ID, label, causes… of a data-table row. Returning undefined rejects the match.
   */
  resolve?(match: RegExpExecArray, context: string, before: string): Resolved | undefined
  /**
   * A graded fallback (an OAuth `error` field, a bare status code): dropped when a non-fallback match of the same
   * source overlaps it or lies within this many characters of it.
   */
  fallback?: number
  /** Values the reply itself names (client ID, tenant, addresses) for the remediation. */
  values?(match: RegExpExecArray): Partial<FixValues>
}

/** What a resolver decides for one match; unset fields keep the pattern's own. */
export interface Resolved {
  id?: string
  label?: string
  causes?: CauseId[]
  confidence?: Confidence
  rootness?: Rootness
  alternatives?: CauseId[]
  next?: string[]
  values?: Partial<FixValues>
}

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'
// Text of one Microsoft sentence: stops at a real or JSON-escaped line break and at a closing JSON quote.
// MSAL appends the IDs on the same line ("… Trace ID: … - Correlation ID: …"): the sentence ends before them.
// Written as a tempered token (each character checked once against the stops), not a lazy run with a lookahead:
// the lazy form retried the lookahead at every length and cost 400 steps per code on text with no stop.
const REST = '(?:(?!\\s*(?:Trace ID:|Correlation ID:|Timestamp:| - ))[^\\r\\n"\\\\]){0,400}'

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

// Built once (not per match); without the g flag, so exec keeps no state between calls.
const APP_ID_RE = new RegExp(`(?:app|Application|identifier) '(${GUID})'`)
const APP_NAME_RE = new RegExp(`Application '${GUID}'\\(([^)]{1,120})\\)`)

function aadstsValues(m: RegExpExecArray): Partial<FixValues> {
  const text = m[0]
  const v: Partial<FixValues> = {aadstsCode: m[1]!}
  const app = APP_ID_RE.exec(text)
  if (app) v.clientId = app[1]!.toLowerCase()
  const name = APP_NAME_RE.exec(text)
  if (name) v.appDisplayName = name[1]
  const tenant = /(?:Tenant '([^']{1,200})' not found|directory '([^']{1,200})'|tenant named ([^\s.]+(?:\.[^\s.]+)*?)\.(?:\s|$)|tenant identifier '([^']{1,200})')/.exec(text)
  if (tenant) v.tenant = tenant[1] ?? tenant[2] ?? tenant[3] ?? tenant[4]
  const scope = /(?:value for scope (\S+) is not valid|The scope (\S+) is not valid|resource principal named (\S+) was not found)/.exec(text)
  if (scope) v.scope = scope[1] ?? scope[2] ?? scope[3]
  return v
}

function resolveAadsts(code: string, context: string): Resolved {
  const info = aadstsInfo(code, context)
  return {
    id: info.known ? `aadsts.${code}` : 'aadsts.other',
    label: `Entra ID: AADSTS${code}, ${info.meaning}`,
    causes: [info.cause],
    confidence: info.confidence,
    alternatives: info.alternatives,
    next: info.next,
  }
}

const ENTRA_PATTERNS: Pattern[] = [
  {
    id: 'aadsts',
    label: 'Entra ID: an AADSTS error',
    source: 'entra',
    literals: ['AADSTS'],
    // Not inside a longer word or number ("XAADSTS…", 70002 inside 700022).
    regex: new RegExp(`(?<![A-Za-z0-9_])AADSTS(\\d{4,8})(?![0-9A-Za-z_])(?::${REST})?`, 'g'),
    causes: ['token.unknown-error'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: [],
    next: [],
    resolve: (m, context) => resolveAadsts(m[1]!, context),
    values: aadstsValues,
  },
  {
    // The code without its AADSTS prefix: `"error_codes":[7000215]`, MSAL's `Error(s): 7000215 -` and
    // msal-node 1's `invalid_client: 7000218 - [`. Usually next to the description, which then wins.
    id: 'aadsts.error-codes',
    label: 'Entra ID: an error code in the structured fields',
    source: 'entra',
    literals: ['error_codes', 'Error(s):', ' - ['],
    regex: /(?:error_codes\\?["']?\s*[:=]\s*\[\s*|Error\(s\):\s*|(?<![A-Za-z_])[a-z_]{6,30}: )(\d{4,8})(?![\d.])(?:\]|\s*,|\s+- (?:\[|Timestamp))/g,
    causes: ['token.unknown-error'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: [],
    next: [],
    fallback: 700,
    resolve: (m) => resolveAadsts(m[1]!, ''),
    values: (m) => ({aadstsCode: m[1]!}),
  },
  {
    // Entra's own sentence quoted without its code: the code it belongs to, one step less sure.
    id: 'aadsts.sentence',
    label: "Entra ID: an error's description without its AADSTS code",
    source: 'entra',
    literals: AADSTS_SENTENCES.map((x) => x.fragment.slice(0, 24)),
    regex: new RegExp(`(?:${AADSTS_SENTENCES.map((x) => x.fragment.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})[^\\r\\n"\\\\]{0,300}`, 'g'),
    causes: ['token.unknown-error'],
    confidence: 'possible',
    rootness: 'root',
    alternatives: [],
    next: [],
    // The code, when it is in the text, reads the same sentence better.
    fallback: 300,
    resolve: (m, context) => {
      const code = AADSTS_SENTENCES.find((x) => m[0].startsWith(x.fragment))!.code
      const r = resolveAadsts(code, context)
      return {...r, id: `aadsts.${code}`, label: `${r.label} (its text; the code itself is not quoted)`, confidence: r.confidence === 'certain' ? 'likely' : 'possible'}
    },
    values: aadstsValues,
  },
  {
    // The OAuth `error` field alone (no AADSTS code near it): narrows the candidates, never to certainty.
    id: 'oauth.error',
    label: 'Entra ID: the OAuth error field',
    source: 'entra',
    literals: OAUTH_ERROR_ROWS.map((r) => r.error),
    regex: new RegExp(`(?<![A-Za-z_])(${OAUTH_ERROR_ROWS.map((r) => r.error).join('|')})(?![A-Za-z_])`, 'g'),
    causes: ['token.unknown-error'],
    confidence: 'possible',
    rootness: 'root',
    alternatives: [],
    next: [],
    fallback: 700,
    resolve: (m) => {
      const row = lookupOAuthError(m[1]!)!
      return {
        id: `oauth.${row.error}`,
        label: `Entra ID: error "${row.error}" without an AADSTS code (${row.description})`,
        causes: [row.cause],
        confidence: row.confidence,
        rootness: row.confidence === 'possible' ? 'symptom' : 'root',
        alternatives: row.alternatives,
        next: [row.why, 'The AADSTS code in error_description (or the sign-in log, by correlation ID) names the exact problem.'],
      }
    },
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
    // microsoft-behaviour.md §8.3.1: the reply to a password (basic) AUTH that Conditional Access or MFA stops;
    // no policy blocks XOAUTH2 SMTP (§8.3.2), so the fix is OAuth.
    causes: ['config.basic-auth'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: ['token.conditional-access'],
    next: [
      'Check that the product sends XOAUTH2, not a password: Conditional Access and MFA stop password logins to SMTP.',
      'Check Conditional Access policies that block legacy authentication, and whether security defaults are on.',
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
    id: 'smtp.5.7.57-text',
    label: "Exchange SMTP: Client was not authenticated to send anonymous mail (5.7.57's text)",
    source: 'smtp',
    literals: ['not authenticated to send anonymous mail'],
    regex: /Client was not authenticated to send anonymous mail(?: during MAIL FROM)?/g,
    causes: ['config.no-smtp-auth'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: [],
    // The coded form (smtp.5.7.57) is the same reply read better.
    fallback: 0,
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

// The NDR table's one row without a code ("n/a"): the daily recipient limit, in the NDR's own words.
SMTP_PATTERNS.push({
  id: 'smtp.submission-quota',
  label: "Exchange: the sender's submission quota was exceeded (10,000 recipients a day)",
  source: 'smtp',
  literals: ['submission quota was exceeded'],
  regex: /(?:The message can't be submitted because )?the sender's submission quota was exceeded\.?/gi,
  causes: ['exchange.throttled'],
  confidence: 'certain',
  rootness: 'root',
  alternatives: ['exchange.outbound-blocked'],
  next: ['The mailbox passed the recipient rate limit; it resets within 24 hours. An account that never sends this much may be compromised.'],
})

// A reply that names another provider's server: the product is not talking to Exchange Online at all.
SMTP_PATTERNS.push({
  id: 'smtp.not-exchange-google',
  label: "SMTP: the reply comes from Google's mail servers (gsmtp), not Exchange Online",
  source: 'smtp',
  literals: ['gsmtp', 'support.google.com/mail'],
  regex: /(?<![\w.])(?:[45]\d\d[ -])?[45]\.\d{1,3}\.\d{1,3}(?![\d.])[^\r\n"\\]{0,300}?(?:gsmtp|support\.google\.com\/mail[^\s"\\]{0,80})/g,
  causes: ['config.smtp-host'],
  confidence: 'likely',
  rootness: 'root',
  alternatives: [],
  next: ["Check the product's SMTP host: Exchange Online is smtp.office365.com; a Google reply means the product talks to Gmail."],
})

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

IMAP_PATTERNS.push(
  // §8.8.2: the session outlived its token.
  {
    id: 'imap.access-token-expired',
    label: 'Exchange IMAP: * BYE Session invalidated - AccessTokenExpired',
    source: 'imap',
    literals: ['AccessTokenExpired'],
    regex: /(?:\* BYE )?Session invalidated - AccessTokenExpired/g,
    causes: ['client.token-not-refreshed'],
    confidence: 'certain',
    rootness: 'root',
    alternatives: [],
    next: ['The token expired during the session (app-only tokens live 60-90 minutes): the product must fetch a new token and log in again, not reuse the old one.'],
  },
  // §8.6.3: IMAP throttling, BAD or NO, with Exchange's suggested backoff (kept as the throttle detail).
  {
    id: 'imap.throttled',
    label: 'Exchange IMAP: Request is throttled',
    source: 'imap',
    literals: ['Request is throttled'],
    regex: /(?:(?:BAD|NO) )?Request is throttled\. Suggested Backoff Time: (\d{1,12}) milliseconds/g,
    causes: ['exchange.throttled'],
    confidence: 'certain',
    rootness: 'root',
    alternatives: [],
    next: ['Wait the suggested backoff time; open fewer IMAP connections and fetch less per command.'],
    values: (m) => ({throttleDetail: `Suggested Backoff Time: ${m[1]} milliseconds`}),
  },
  {
    id: 'imap.basic-auth-disabled',
    label: 'Exchange IMAP: NO Basic authentication is disabled.',
    source: 'imap',
    literals: ['Basic authentication is disabled'],
    regex: /(?:NO )?Basic authentication is disabled\./g,
    causes: ['config.basic-auth'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: ['config.consumer-account'],
    next: ['The product logged in with a password: switch it to OAuth 2.0 (AUTHENTICATE XOAUTH2). A consumer (outlook.com) mailbox cannot use app-only tokens at all.'],
  },
)

const POP_PATTERNS: Pattern[] = [
  // §8.7: POP's answer to `AUTH XOAUTH2 <initial response>` on one line (or a token too long for it).
  {
    id: 'pop.one-line-auth',
    label: 'Exchange POP: -ERR Protocol error. Connection is closed. 10',
    source: 'pop',
    literals: ['Protocol error. Connection is closed'],
    regex: /(?:-ERR )?Protocol error\. Connection is closed\.(?: \d{1,3})?/g,
    causes: ['client.pop-one-line-auth'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: [],
    next: ['Exchange POP takes AUTH XOAUTH2 only in two steps (AUTH XOAUTH2, then the token after "+ "); a token over about 4,096 characters gets the same reply.'],
  },
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

// Client-side texts of the Azure SDK (microsoft-behaviour.md §8.1.5, §8.2.3): the credential never left the machine.
const CLIENT_PATTERNS: Pattern[] = [
  {
    id: 'client.certificate-unreadable',
    label: 'Azure SDK: the configured certificate cannot be read as PEM',
    source: 'entra',
    literals: ['PEM certificate', 'PEM-encoded certificate'],
    regex: /ClientCertificateCredential: Provide either a PEM certificate in string form, or the path to that certificate in the filesystem\.?|The file at the specified path does not contain a PEM-encoded certificate\.?/g,
    causes: ['config.client-certificate'],
    confidence: 'certain',
    rootness: 'root',
    alternatives: [],
    next: ['Give the product a PEM file holding both the certificate and its private key (the JavaScript SDK reads no .pfx).'],
  },
  {
    id: 'client.fic-one-audience',
    label: 'Graph: a federated identity credential must have exactly one audience',
    source: 'graph',
    literals: ['exactly one audience'],
    regex: /Federated identity credentials must have exactly one audience\.?/g,
    causes: ['token.federation-mismatch'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: [],
    next: ['Set the credential\'s audiences to ["api://AzureADTokenExchange"].'],
  },
]

const GRAPH_PATTERNS: Pattern[] = [
  {
    id: 'graph.no-exchange-mailbox',
    label: 'Graph: the user has no Exchange Online mailbox (inactive, soft-deleted, on-premises or unlicensed)',
    source: 'graph',
    literals: ['REST API is not yet supported for this mailbox', 'inactive, soft-deleted, or is hosted on-premise', 'Resource could not be discovered'],
    regex: /REST API is not yet supported for this mailbox\.?|The mailbox is either inactive, soft-deleted, or is hosted on-premise\.?|Resource could not be discovered\.?/g,
    causes: ['exchange.no-mailbox'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: ['config.invalid-value'],
    next: ['Check that the address belongs to a licensed user or a shared mailbox in Exchange Online (Get-Mailbox <address>); on-premises, guest and unlicensed users have none.'],
  },
  {
    id: 'graph.token-validation-failure',
    label: 'Graph/resource: Access token validation failure (no reason given)',
    source: 'graph',
    literals: ['Access token validation failure'],
    regex: /Access token validation failure(?!\.? Invalid audience)\.?/g,
    causes: ['claims.wrong-audience'],
    confidence: 'possible',
    rootness: 'symptom',
    alternatives: ['claims.expired'],
    next: ['Decode the token: the aud must be the API being called, and exp in the future.'],
  },
  {
    id: 'graph.token-expired',
    label: 'Graph/resource: the access token has expired',
    source: 'graph',
    literals: ['has expired or is not yet valid', 'Lifetime validation failed'],
    regex: /Access token has expired or is not yet valid\.?|IDX10223: Lifetime validation failed[^\r\n"\\]{0,120}/g,
    causes: ['claims.expired'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: ['client.token-not-refreshed'],
    next: ['App-only tokens live 60-90 minutes: the product must request a new one instead of reusing a stored token.'],
  },
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
    // One per alternative below, not the bare word "certificate" (every certificate-store log line has it).
    literals: [
      'signed certificate', 'local issuer certificate', 'verify the first certificate', 'certificate has expired', 'CERT_HAS_EXPIRED',
      'UNABLE_TO_VERIFY_LEAF', 'SIGNED_CERT', 'CERT_ALTNAME_INVALID', 'match certificate', 'PKIX path', 'remote certificate is invalid',
      'CERTIFICATE_VERIFY_FAILED',
    ],
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

// Graded fallbacks read from structure: any enhanced status code, any Graph error code, token claims in logs.
// Each resolves through a data table (data/exchange-ndr.ts, data/graph-codes.ts); specific patterns above win
// where they overlap.

/** True when `rest` (the text after a bare status code) starts with the first words of Microsoft's description. */
function startsWithDescription(rest: string, description: string): boolean {
  const words = description.toLowerCase().replace(/[^a-z0-9 ]/g, ' ').split(/\s+/).filter(Boolean).slice(0, 3).join(' ')
  const head = rest.toLowerCase().replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim()
  return words.length > 0 && head.startsWith(words)
}

const SMTP_CODE_PATTERN: Pattern = {
  id: 'smtp.code',
  label: 'Exchange: an enhanced status code',
  source: 'smtp',
  // The status's first digit, its dot and the next digit ("4.59.0" in a version still passes; the regex decides).
  literals: [...'0123456789'].flatMap((d) => [`4.${d}`, `5.${d}`]),
  // `550 5.7.501 …`, `535-5.7.3`, `(554, b'5.2.0 …`, `Status: 5.1.8`, or a bare code followed by its documented text.
  regex: /(?<![\w.])(?:([45])\d\d(?:[ -]|: |, b?['"]))?([45]\.\d{1,3}\.\d{1,3})(?![\d.])([^\r\n"\\]{0,200})/g,
  causes: ['check.unexplained-failure'],
  confidence: 'possible',
  rootness: 'symptom',
  alternatives: [],
  next: [],
  fallback: 0,
  resolve: (m, context, before) => {
    const [whole, basicClass, code, rest] = m as unknown as [string, string | undefined, string, string]
    if (basicClass !== undefined && basicClass !== code[0]) return undefined
    // The phrase that picks a row may be on the next line when the reply was wrapped.
    const hit = lookupNdr(code, context)
    if (basicClass === undefined && !/Status:\s*$/i.test(before)) {
      if (!hit || hit.kind !== 'exact' || !startsWithDescription(rest, hit.row.description)) return undefined
    }
    const row = hit?.row ?? ndrClassFallback(code, basicClass === undefined ? undefined : whole.slice(0, 3))
    const where = hit ? (hit.row.source === 'ndr-table' ? "Exchange Online's NDR table" : 'microsoft-behaviour.md') : 'its class'
    return {
      id: `smtp.code.${code}`,
      label: `Exchange: ${code} ${row.description} (from ${where})`,
      causes: [row.cause],
      confidence: hit ? row.confidence : 'possible',
      rootness: row.confidence === 'possible' || !hit ? 'symptom' : 'root',
      alternatives: row.cause === 'exchange.authorization-failed' ? [...AUTH_FAILED_CANDIDATES] : [],
      next: [row.why],
      ...(hit?.row.limit ? {values: {throttleDetail: hit.row.limit}} : {}),
    }
  },
}

const GRAPH_BARE_CODES = GRAPH_CODE_ROWS.map((r) => r.code).filter((c) => /^(?:Error|Mailbox|Authori[sz]ation_|Authentication_|InvalidAud|InvalidAuthenticationToken|NoPermissions|ApplicationThrottled|Request_)/.test(c))

function resolveGraphCode(code: string, context: string, before: string): Resolved | undefined {
  const row = lookupGraphCode(code)
  if (!row) {
    // An unknown code counts only inside Graph's error shape: {"error":{"code":"…"
    if (!/error\\?["']?\s*:\s*\{\s*\\?["']?$/.test(before.replace(/\\?["']code\\?["']?\s*:\s*\\?["']?$/, ''))) return undefined
    return {id: 'graph.code.other', label: `Graph: error code ${code} (not in o365doctor's table)`, causes: ['check.unexplained-failure'], confidence: 'possible', rootness: 'symptom', alternatives: [], next: ['Read the message after the code; Graph errors are documented at https://learn.microsoft.com/graph/errors.']}
  }
  let {cause, confidence} = row
  // One code, several messages: the message decides.
  if (/^invalidAuthenticationToken$/i.test(code)) {
    if (/Invalid audience/i.test(context)) [cause, confidence] = ['claims.wrong-audience', 'certain']
    else if (/expired/i.test(context)) [cause, confidence] = ['claims.expired', 'likely']
  }
  return {
    id: `graph.code.${row.code}`,
    label: `Graph: ${row.code}, ${row.description}`,
    causes: [cause],
    confidence,
    rootness: confidence === 'possible' ? 'symptom' : 'root',
    alternatives: [row.cause, ...row.alternatives].filter((a) => a !== cause),
    next: [row.why],
  }
}

const GRAPH_MESSAGES = GRAPH_CODE_ROWS.filter((r) => r.message !== undefined)

/**
 * A Graph error read three ways (below), all graded fallbacks of one kind: the code's row decides the cause; a
 * specific message pattern near the code (Invalid audience, expired) is more precise.
 */
function graphCodePattern(label: string, literals: string[], regex: RegExp, resolve: NonNullable<Pattern['resolve']>): Pattern {
  return {
    id: 'graph.code',
    label,
    source: 'graph',
    literals,
    regex,
    causes: ['check.unexplained-failure'],
    confidence: 'possible',
    rootness: 'symptom',
    alternatives: [],
    next: [],
    fallback: 300,
    resolve,
  }
}

const GRAPH_CODE_PATTERNS: Pattern[] = [
  // Microsoft's message without its code (an SDK that prints only the message).
  graphCodePattern(
    'Graph: an error message',
    GRAPH_MESSAGES.map((r) => r.message!.slice(0, 24)),
    new RegExp(`(?:${GRAPH_MESSAGES.map((r) => r.message!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g'),
    (m, context, before) => resolveGraphCode(GRAPH_MESSAGES.find((r) => r.message === m[0])!.code, context, before),
  ),
  // JSON (also escaped, also Python's single quotes), `code=X` and .NET's `Code: X`.
  graphCodePattern(
    'Graph: an error code',
    ['code'],
    /(?:\\?["']code\\?["']\s*:\s*\\?["']|(?<![A-Za-z])code=|(?<![A-Za-z])Code: )([A-Za-z][A-Za-z_]{2,60})/g,
    (m, context, before) => resolveGraphCode(m[1]!, context, before + m[0].slice(0, m[0].length - m[1]!.length)),
  ),
  // The code alone, where it cannot be a word of the sentence around it.
  graphCodePattern(
    'Graph: an error code',
    GRAPH_BARE_CODES,
    new RegExp(`(?<![A-Za-z_])(${GRAPH_BARE_CODES.join('|')})(?![A-Za-z_])`, 'g'),
    (m, context, before) => resolveGraphCode(m[1]!, context, before),
  ),
]

// Token claims quoted in logs (a decoded token, MSAL's or a product's debug output): aud='…', "idtyp":"user", "scp":"…".
const EXCHANGE_AUDIENCE = /^(?:https:\/\/(?:outlook\.office365\.com|outlook\.office\.com|ps\.outlook\.com|outlook\.office365\.us|outlook-dod\.office365\.us|partner\.outlook\.cn)\/?|00000002-0000-0ff1-ce00-000000000000)$/i
const GRAPH_AUDIENCE = /^(?:https:\/\/(?:graph\.microsoft\.com|graph\.microsoft\.us|dod-graph\.microsoft\.us|microsoftgraph\.chinacloudapi\.cn)\/?|00000003-0000-0000-c000-000000000000)$/i
// Audiences that are not an access token for an API (client assertions, federated tokens).
const NOT_AN_API = /login\.microsoftonline|login\.partner|sts\.windows\.net|AzureADTokenExchange|token\.actions\.githubusercontent/i

const CLAIM_PATTERNS: Pattern[] = [
  {
    id: 'claims.aud',
    label: 'Token: the audience (aud) is not Exchange Online',
    source: 'graph',
    literals: ['aud'],
    regex: /(?<![A-Za-z_])aud\\?["']?\s*[:=]\s*\\?["']?([A-Za-z0-9:/._-]{3,200})/g,
    causes: ['claims.wrong-audience'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: [],
    next: ['Set the product\'s scope to https://outlook.office365.com/.default (your cloud\'s Exchange resource) and get a new token.'],
    resolve: (m) => {
      const aud = m[1]!.replace(/\\$/, '')
      if (EXCHANGE_AUDIENCE.test(aud) || NOT_AN_API.test(aud)) return undefined
      if (!/^(?:https?:\/\/|api:\/\/|[0-9a-f]{8}-)/i.test(aud)) return undefined
      const graph = GRAPH_AUDIENCE.test(aud)
      return {
        label: graph ? `Token: aud ${aud} is Microsoft Graph, not Exchange Online` : `Token: aud ${aud} is not Exchange Online`,
        confidence: graph ? 'certain' : 'likely',
        values: {audience: aud},
      }
    },
  },
  {
    id: 'claims.user-token',
    label: 'Token: a user (delegated) token, not an app-only one',
    source: 'graph',
    literals: ['idtyp', 'scp'],
    regex: /(?<![A-Za-z_])(?:idtyp\\?["']?\s*[:=]\s*\\?["']?user(?![A-Za-z])|scp\\?["']\s*:\s*\\?["'][A-Za-z]+\.[A-Za-z])/g,
    causes: ['claims.delegated-token'],
    confidence: 'likely',
    rootness: 'root',
    alternatives: ['graph.delegated-instead-of-application'],
    next: ['An app-only token has "roles" and idtyp "app"; a user token has "scp". Set the product to client credentials with application permissions.'],
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
  ...CLIENT_PATTERNS,
  ...TLS_PATTERNS,
  ...NETWORK_PATTERNS,
  SMTP_CODE_PATTERN,
  ...GRAPH_CODE_PATTERNS,
  ...CLAIM_PATTERNS,
]

