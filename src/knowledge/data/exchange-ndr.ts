// Exchange Online's enhanced status codes (RFC 3463 x.y.z), as data: every row of Microsoft's "Email non-delivery
// reports and SMTP errors in Exchange Online" table (MicrosoftDocs/OfficeDocs-Exchange, Exchange/ExchangeOnline/
// mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online.md; the
// newest stored copy is the x13-me/OfficeDocs-Exchange fork @ 316f63a, April 2022), plus the client-submission
// replies that ../shared/spec/microsoft-behaviour.md quotes (§4.3, §8.3.1, §8.4, §8.6), each with the cause it
// supports. A code with several documented texts has one row per text; `phrase` picks the row. The table's one
// row without a code ("n/a", the submission quota text) is a pattern (smtp.submission-quota in patterns.ts).
//
// Most NDR codes are about delivering to a recipient, not about how the product signs in: those map to
// check.unexplained-failure (a real failure the app-only mail catalogue has no fix for), with Microsoft's own
// description as the summary.

import type {CauseId} from '../../core/cause-ids.js'
import type {Confidence} from '../../core/cause.js'

export interface NdrRow {
  /** `5.7.501`, or a documented range `4.7.500-699` (last part only). */
  code: string
  /** Microsoft's text for the code (the NDR table's description, or the reply as spec quotes it). */
  description: string
  /** Lower-case words that pick this row among several for the same code. */
  phrase?: string
  cause: CauseId
  confidence: Confidence
  why: string
  source: 'ndr-table' | 'spec'
  /** For a limit: which one was reached, in words, for the cause's throttle detail. */
  limit?: string
}

export const NDR_TABLE_URL =
  'https://learn.microsoft.com/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online'

const W = {
  recipient: "A delivery problem with the recipient or the receiving system, after Exchange accepted the message: not the product's sign-in.",
  remote: 'The receiving mail system (outside Exchange Online) refused or could not take the message: not the product\'s sign-in.',
  inbound: "Exchange Online's checks on mail arriving from another system: not the product's authenticated submission.",
  outbound: 'Exchange Online restricted the sender for suspected spam: sending is blocked until the account or tenant is cleared.',
  limit: 'An Exchange Online sending or receiving limit was reached; it resets with time.',
  anonymous: 'The message was submitted without authentication (or the relay/connector did not identify the sender).',
}

type Row = [code: string, description: string, cause: CauseId, confidence: Confidence, why: string, phrase?: string, limit?: string]

const NDR_TABLE: Row[] = [
  ['4.3.2', 'STOREDRV.Deliver; recipient thread limit exceeded', 'exchange.throttled', 'likely', W.limit],
  ['4.4.316', 'Connection refused [Message=Socket error code 10061]', 'check.unexplained-failure', 'likely', W.remote],
  ['4.4.7', 'Message expired', 'check.unexplained-failure', 'likely', W.remote],
  ['4.5.3', 'Too many recipients', 'exchange.throttled', 'possible', 'More than 200 envelope recipients for one domain in one message: split the recipients.'],
  ['4.7.26', 'Access denied, a message sent over IPv6 must pass either SPF or DKIM validation, this message is not signed', 'check.unexplained-failure', 'likely', W.inbound],
  ['4.7.321', 'starttls-not-supported: Destination mail server must support TLS to receive mail.', 'check.unexplained-failure', 'likely', W.remote],
  ['4.7.322', "certificate-expired: Destination mail server's certificate is expired.", 'check.unexplained-failure', 'likely', W.remote],
  ['4.7.323', 'tlsa-invalid: The domain failed DANE validation.', 'check.unexplained-failure', 'likely', W.remote],
  ['4.7.324', 'dnssec-invalid: Destination domain returned invalid DNSSEC records', 'check.unexplained-failure', 'likely', W.remote],
  ['4.7.325', 'certificate-host-mismatch: Remote certificate MUST have a common name or subject alternative name matching the hostname (DANE)', 'check.unexplained-failure', 'likely', W.remote],
  ['4.7.500-699', 'Access denied, please try again later (suspicious activity: sending temporarily restricted)', 'exchange.outbound-blocked', 'likely', W.outbound],
  ['4.7.850-899', 'Access denied, please try again later (suspicious activity on the IP: temporarily restricted)', 'exchange.outbound-blocked', 'likely', W.outbound],
  ['5.0.350', 'Generic error, x-dg-ref header is too long, or Requested action not taken: policy violation detected (AS345)', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.1.0', 'Sender denied', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.1.1', 'Bad destination mailbox address', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.1.8', 'Access denied, bad outbound sender', 'exchange.outbound-blocked', 'certain', 'The account is on the Restricted entities list for sending spam (usually a compromised account).'],
  ['5.1.10', 'Recipient not found', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.1.90', "Your message can't be sent because you've reached your daily limit for message recipients", 'exchange.throttled', 'likely', W.limit],
  ['5.2.2', 'Submission quota exceeded', 'exchange.throttled', 'likely', W.limit],
  ['5.2.121', "Recipient's per hour message receive limit from specific sender exceeded.", 'exchange.throttled', 'likely', W.limit],
  ['5.2.122', "Recipient's per hour message receive limit exceeded.", 'exchange.throttled', 'likely', W.limit],
  ['5.3.190', 'Journaling on-premises messages to Microsoft 365 or Office 365 not supported when Journaling Archive is disabled.', 'check.unexplained-failure', 'likely', W.inbound],
  ['5.4.1', 'Relay Access Denied', 'check.unexplained-failure', 'possible', 'The receiving server does not accept mail for this domain (MX or accepted-domain configuration); an unauthenticated product sending to outside domains also gets it.', 'relay access denied'],
  ['5.4.1', 'Recipient address rejected: Access denied', 'check.unexplained-failure', 'likely', W.recipient, 'recipient address rejected'],
  ['5.4.6', 'Routing loop detected', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.4.14', 'Routing loop detected', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.4.300', 'Message expired', 'check.unexplained-failure', 'likely', W.remote],
  ['5.5.0', '550 5.5.0 Requested action not taken: mailbox unavailable', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.6.11', 'Invalid characters', 'check.unexplained-failure', 'likely', 'The product put bare line feeds into the message: fix how it builds the message (CRLF line ends).'],
  ['5.7.1', 'Delivery not authorized', 'check.unexplained-failure', 'likely', W.recipient, 'delivery not authorized'],
  ['5.7.1', 'Unable to relay', 'config.no-smtp-auth', 'possible', W.anonymous, 'unable to relay'],
  ['5.7.1', 'Client was not authenticated', 'config.no-smtp-auth', 'likely', W.anonymous, 'client was not authenticated'],
  ['5.7.12', 'Sender was not authenticated by organization', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.7.23', 'The message was rejected because of Sender Policy Framework violation', 'check.unexplained-failure', 'likely', W.remote],
  ['5.7.57', 'Client was not authenticated to send anonymous mail during MAIL FROM', 'config.no-smtp-auth', 'certain', 'MAIL FROM without a successful AUTH on smtp.office365.com.'],
  ['5.7.64', 'TenantAttribution; Relay Access Denied', 'check.unexplained-failure', 'likely', 'An inbound connector from an on-premises system no longer matches (certificate or IP): a connector setting, not the product\'s sign-in.'],
  ['5.7.124', 'Sender not in allowed-senders list', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.7.133', 'Sender not authenticated for group', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.7.134', 'Sender was not authenticated for mailbox', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.7.13', 'Sender was not authenticated for public folder', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.7.135', 'Sender was not authenticated for public folder', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.7.136', 'Sender was not authenticated', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.7.25', 'Access denied, the sending IPv6 address must have a reverse DNS record', 'check.unexplained-failure', 'likely', W.inbound],
  ['5.7.321', 'starttls-not-supported: Destination mail server must support TLS to receive mail.', 'check.unexplained-failure', 'likely', W.remote],
  ['5.7.322', "certificate-expired: Destination mail server's certificate is expired.", 'check.unexplained-failure', 'likely', W.remote],
  ['5.7.323', 'tlsa-invalid: The domain failed DANE validation.', 'check.unexplained-failure', 'likely', W.remote],
  ['5.7.324', 'dnssec-invalid: Destination domain returned invalid DNSSEC records', 'check.unexplained-failure', 'likely', W.remote],
  ['5.7.325', 'certificate-host-mismatch: Remote certificate MUST have a common name or subject alternative name matching the hostname (DANE)', 'check.unexplained-failure', 'likely', W.remote],
  ['5.7.501', 'Access denied, spam abuse detected', 'exchange.outbound-blocked', 'certain', W.outbound],
  ['5.7.502', 'Access denied, banned sender', 'exchange.outbound-blocked', 'certain', W.outbound],
  ['5.7.503', 'Access denied, banned sender', 'exchange.outbound-blocked', 'certain', W.outbound],
  ['5.7.504', 'Recipient address rejected: Access denied', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.7.505', 'Access denied, banned recipient', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.7.506', 'Access Denied, Bad HELO', 'check.unexplained-failure', 'likely', W.inbound],
  ['5.7.507', 'Access denied, rejected by recipient', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.7.508', 'Access denied, [$SenderIPAddress] has exceeded permitted limits within $range range', 'check.unexplained-failure', 'likely', W.inbound],
  ['5.7.509', 'Access denied, sending domain [$SenderDomain] does not pass DMARC verification', 'check.unexplained-failure', 'likely', W.inbound],
  ['5.7.510', 'Access denied, [contoso.com] does not accept email over IPv6', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.7.511', 'Access denied, banned sender', 'exchange.outbound-blocked', 'likely', W.outbound],
  ['5.7.512', 'Access denied, message must be RFC 5322 section 3.6.2 compliant', 'check.unexplained-failure', 'likely', 'The message the product built has no valid From header: fix the product\'s message, not its sign-in.'],
  ['5.7.513', 'Service unavailable, Client host [$ConnectingIP] blocked by $recipientDomain using Customer Block list (AS16012607)', 'check.unexplained-failure', 'likely', W.recipient],
  ['5.7.606-649', 'Access denied, banned sending IP [IP1.IP2.IP3.IP4]', 'exchange.outbound-blocked', 'likely', 'The sending IP address is banned for its reputation; delist it through the delist portal.'],
  ['5.7.700-749', 'Access denied, tenant has exceeded threshold (5.7.705) / traffic not accepted from this IP (5.7.708)', 'exchange.outbound-blocked', 'certain', 'Exchange Online blocks the tenant\'s outbound mail (most traffic judged suspicious, or a new/trial tenant with low reputation).'],
  ['5.7.750', 'Service unavailable. Client blocked from sending from unregistered domains', 'exchange.outbound-blocked', 'likely', 'Mail from domains not added to the tenant: add and verify every sending domain.'],
]

// Client-submission replies the spec quotes (smtp.office365.com), where the NDR table is silent or says less.
const SENDING_CONNECTIONS = 'more than 3 concurrent sending connections for the mailbox'

const SPEC: Row[] = [
  ['5.7.3', 'Authentication unsuccessful', 'exchange.authorization-failed', 'possible', 'Exchange refused the login without a reason: token audience, roles, service principal or mailbox permission.', 'authentication unsuccessful'],
  ['5.7.3', 'STARTTLS is required to send mail', 'config.smtp-tls-mode', 'certain', 'The product sent MAIL or AUTH before STARTTLS on 587.', 'starttls'],
  ['5.7.139', 'Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.', 'exchange.smtp-auth-disabled-tenant', 'certain', 'SMTP AUTH is switched off for the organisation (Set-TransportConfig).', 'disabled for the tenant'],
  ['5.7.139', 'Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox.', 'exchange.smtp-auth-disabled-mailbox', 'certain', 'SMTP AUTH is switched off for this mailbox (Set-CASMailbox).', 'disabled for the mailbox'],
  ['5.7.139', 'Authentication unsuccessful, basic authentication is disabled.', 'config.basic-auth', 'certain', 'The product sent a password; the tenant blocks basic auth for SMTP.', 'basic authentication is disabled'],
  ['5.7.139', "Authentication unsuccessful, user is locked by your organization's security defaults policy.", 'config.basic-auth', 'likely', 'Security defaults block password (basic) SMTP AUTH; app-only XOAUTH2 is not affected.', 'security defaults'],
  ['5.7.139', 'Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully.', 'config.basic-auth', 'likely', 'A Conditional Access or MFA requirement stopped a password (basic) SMTP login.', 'did not meet the criteria'],
  ['5.7.139', 'Authentication unsuccessful, the user credentials were incorrect.', 'config.basic-auth', 'likely', 'A password (basic) SMTP login with a wrong password: the product is not using XOAUTH2.', 'credentials were incorrect'],
  ['5.7.139', 'Authentication unsuccessful, account locked.', 'config.basic-auth', 'possible', 'A password (basic) SMTP login of a locked account [U wording].', 'account locked'],
  ['5.7.139', 'Authentication unsuccessful', 'exchange.smtp-auth-disabled-tenant', 'possible', 'A policy refusal without detail: SMTP AUTH switched off (tenant or mailbox), basic auth blocked, or Conditional Access.'],
  ['5.7.4', 'Unrecognized authentication type', 'config.basic-auth', 'likely', 'The product used a mechanism Exchange does not offer (AUTH PLAIN, lower-case xoauth2).'],
  ['5.7.30', 'Basic authentication is not supported for Client Submission.', 'config.basic-auth', 'certain', 'Microsoft\'s announced reply once basic SMTP AUTH is retired for the tenant (off by default from end of December 2026).'],
  ['5.7.60', 'SMTP; Client does not have permissions to send as this sender', 'exchange.send-as-denied', 'certain', 'The From address is not one the authenticated mailbox or app may send as.'],
  ['5.2.252', 'SendAsDenied; <mailbox> not allowed to send as <from>', 'exchange.send-as-denied', 'certain', 'The From address is not one the authenticated mailbox or app may send as.'],
  ['5.2.0', 'STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied', 'exchange.send-as-denied', 'certain', 'The From address is not one the authenticated mailbox or app may send as.', 'sendasdenied'],
  // §8.6.1: the recipient rate limit, the sending-connection limit (current and older text), after DATA.
  ['5.2.0', 'STOREDRV.Submission.Exception:SubmissionQuotaExceededException', 'exchange.throttled', 'certain', 'The mailbox passed 10,000 recipients a day.', 'submissionquotaexceeded', 'the daily recipient limit (10,000) is used up'],
  ['5.2.0', 'STOREDRV.Submission.Exception:OutboundSpamException', 'exchange.outbound-blocked', 'certain', W.outbound, 'outboundspam'],
  ['5.2.0', 'STOREDRV.Submission.Exception (other)', 'check.unexplained-failure', 'possible', 'Exchange could not submit the message; the exception name after STOREDRV says why.'],
  ['4.3.2', 'Concurrent connections limit exceeded.', 'exchange.throttled', 'certain', 'More than three connections send from one mailbox at the same time.', 'concurrent connections', SENDING_CONNECTIONS],
  ['4.3.2', 'STOREDRV.ClientSubmit; sender thread limit exceeded', 'exchange.throttled', 'certain', 'More than three connections send from one mailbox at the same time.', 'sender thread limit', SENDING_CONNECTIONS],
  ['5.2.2', 'mailbox full; STOREDRV.Submission.Exception:QuotaExceededException', 'check.unexplained-failure', 'likely', "The sending mailbox is full: free space or raise its quota; not the product's sign-in.", 'mailbox full'],
  ['4.2.0', 'STOREDRV; mailbox logon failure', 'exchange.mailbox-permission-missing', 'possible', 'Login passed but the mailbox could not be opened: FullAccess, the service principal, or the mailbox itself.', 'mailbox logon failure'],
  ['5.2.1', 'Mailbox cannot be accessed', 'exchange.mailbox-permission-missing', 'possible', 'The mailbox could not be opened for this identity [cause unconfirmed].', 'mailbox cannot be accessed'],
  ['5.5.124', 'Invalid XOAUTH2 auth data - User address provided is not valid.', 'config.invalid-value', 'likely', 'The XOAUTH2 user= is empty or not a mailbox address.'],
  ['5.5.105', 'External sending is not supported for High Volume Email accounts.', 'check.unexplained-failure', 'likely', 'High Volume Email sends to internal recipients only [L].'],
  ['5.5.2', 'Send hello first', 'check.unexplained-failure', 'likely', 'The product sent a command before EHLO: a client bug.'],
  ['4.7.66', 'TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2.', 'network.tls-failure', 'certain', "The product's TLS is older than 1.2."],
  ['5.7.0', 'Must issue a STARTTLS command first', 'config.smtp-tls-mode', 'likely', 'Older Exchange / Gmail wording: the product skipped STARTTLS.', 'starttls'],
  ['5.7.8', 'Error: authentication failed', 'exchange.authorization-failed', 'possible', 'The standard "credentials invalid" reply (RFC 4954), as relays and test servers send it.'],
  ['4.7.0', 'Temporary authentication failure', 'exchange.temporary-failure', 'possible', 'The server could not check the credentials right now (RFC 4954).', 'temporary authentication failure'],
]

function toRow([code, description, cause, confidence, why, phrase, limit]: Row, source: NdrRow['source']): NdrRow {
  const row: NdrRow = {code, description, cause, confidence, why, source}
  if (phrase) row.phrase = phrase
  if (limit) row.limit = limit
  return row
}

export const NDR_ROWS: readonly NdrRow[] = [...NDR_TABLE.map((r) => toRow(r, 'ndr-table')), ...SPEC.map((r) => toRow(r, 'spec'))]

/** How many rows of Microsoft's NDR table the data holds. */
export const NDR_TABLE_COUNT = NDR_TABLE.length

interface Range {
  prefix: string
  from: number
  to: number
  rows: NdrRow[]
}

const EXACT = new Map<string, NdrRow[]>()
const RANGES: Range[] = []
for (const row of NDR_ROWS) {
  const range = /^(\d\.\d{1,3})\.(\d{1,3})-(\d{1,3})$/.exec(row.code)
  if (range) RANGES.push({prefix: range[1]!, from: Number(range[2]), to: Number(range[3]), rows: [row]})
  else EXACT.set(row.code, [...(EXACT.get(row.code) ?? []), row])
}

export type NdrMatchKind = 'exact' | 'range' | 'class'

/**
 * The row for an enhanced status code and the text that follows it: the exact code (the row whose phrase the
 * text contains, else the code's row without a phrase, else its first row), then a documented range.
 */
export function lookupNdr(code: string, text: string): {row: NdrRow; kind: NdrMatchKind} | undefined {
  const rows = EXACT.get(code)
  if (rows) {
    if (rows.length === 1) return {row: rows[0]!, kind: 'exact'}
    const lower = text.slice(0, 600).toLowerCase()
    const row = rows.find((r) => r.phrase !== undefined && lower.includes(r.phrase)) ?? rows.find((r) => r.phrase === undefined) ?? rows[0]!
    return {row, kind: 'exact'}
  }
  const m = /^(\d\.\d{1,3})\.(\d{1,3})$/.exec(code)
  if (m) {
    const n = Number(m[2])
    const range = RANGES.find((r) => r.prefix === m[1] && n >= r.from && n <= r.to)
    if (range) return {row: range.rows[0]!, kind: 'range'}
  }
  return undefined
}

// Basic reply codes of the authentication exchange (RFC 4954): a 5.7.x with one of these refused the login itself.
const AUTH_REPLY = new Set(['530', '534', '535', '538'])

/**
 * The graded fallback for a code no row names: by class (4 = transient, 5.7 = security/policy, other 5). A 5.7.x
 * refusal of the login (535 …) points to authorization; one of a message (550/554 after MAIL, RCPT or DATA) is a
 * policy refusal the catalogue has no fix for.
 */
export function ndrClassFallback(code: string, basic?: string): NdrRow {
  if (code.startsWith('4.')) {
    return {code, description: `a transient (4.x.x) refusal Microsoft's table does not list`, cause: 'exchange.temporary-failure', confidence: 'possible', why: 'A 4.x.x reply is temporary: the same request may succeed later.', source: 'spec'}
  }
  if (code.startsWith('5.7.') && (basic === undefined || AUTH_REPLY.has(basic))) {
    return {code, description: `a security or policy (5.7.x) refusal Microsoft's table does not list`, cause: 'exchange.authorization-failed', confidence: 'possible', why: 'RFC 3463 class 5.7 is "security or policy": a permission, authentication or policy refusal.', source: 'spec'}
  }
  if (code.startsWith('5.7.')) {
    return {code, description: `a security or policy (5.7.x) refusal of the message that Microsoft's table does not list`, cause: 'check.unexplained-failure', confidence: 'possible', why: 'The server refused the message (not the login) by policy; the text after the code names the policy.', source: 'spec'}
  }
  return {code, description: `a permanent (5.x.x) failure Microsoft's table does not list`, cause: 'check.unexplained-failure', confidence: 'possible', why: 'A permanent failure o365doctor has no entry for; the text after the code says what failed.', source: 'spec'}
}
