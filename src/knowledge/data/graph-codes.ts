// Microsoft Graph error `code` values (the `{"error":{"code":…,"message":…}}` body) and the cause each supports.
// Sources: Graph's own list of error codes (https://learn.microsoft.com/graph/errors, "Code property"), the
// Outlook/Exchange and directory codes that ../shared/spec/microsoft-behaviour.md quotes (§2.2, §3.3, §8.5.1),
// and the public threads named per row. Codes are case-sensitive on the wire; lookups here are not.

import type {CauseId} from '../../core/cause-ids.js'
import type {Confidence} from '../../core/cause.js'

export interface GraphCodeRow {
  code: string
  description: string
  cause: CauseId
  confidence: Confidence
  alternatives: CauseId[]
  why: string
  source: string
  /** Microsoft's message for the code, verbatim from a stored source: recognised even without the code. */
  message?: string
}

const GRAPH_ERRORS = 'https://learn.microsoft.com/graph/errors'
const SPEC = 'microsoft-behaviour.md'
const U = '[U] not in the stored sources; wording from general Graph behaviour'

type Row = [code: string, description: string, cause: CauseId, confidence: Confidence, alternatives: CauseId[], why: string, source: string]

const ROWS: Row[] = [
  // Graph's generic codes
  ['accessDenied', "The caller doesn't have permission to perform the action.", 'graph.consent-missing', 'possible', ['graph.permission-not-configured', 'claims.no-application-roles'], 'The token lacks the Graph application permission this call needs.', GRAPH_ERRORS],
  ['activityLimitReached', 'The app or user has been throttled.', 'exchange.throttled', 'likely', [], 'Graph throttles the caller; retry after the Retry-After delay.', GRAPH_ERRORS],
  ['generalException', 'An unspecified error has occurred.', 'check.unexplained-failure', 'possible', [], 'Graph gave no reason.', GRAPH_ERRORS],
  ['invalidAuthenticationToken', 'The access token is missing, invalid, or expired.', 'claims.wrong-audience', 'possible', ['claims.expired'], 'The message says which: "Invalid audience", "expired", or a malformed token.', U],
  ['invalidRequest', 'The request is malformed or incorrect.', 'check.unexplained-failure', 'possible', [], 'A malformed Graph request: a client bug, not a tenant setting.', GRAPH_ERRORS],
  ['itemNotFound', 'The resource could not be found.', 'exchange.no-mailbox', 'possible', ['config.invalid-value'], 'For a mailbox call: no such user or no Exchange Online mailbox.', GRAPH_ERRORS],
  ['quotaLimitReached', 'The user has reached their quota limit.', 'check.unexplained-failure', 'likely', [], 'The mailbox or drive is full: not the product\'s sign-in.', GRAPH_ERRORS],
  ['serviceNotAvailable', 'The service is not available. Try the request again after a delay.', 'exchange.temporary-failure', 'likely', [], 'A temporary service-side failure.', GRAPH_ERRORS],
  ['unauthenticated', "The caller isn't authenticated.", 'claims.expired', 'possible', ['claims.wrong-audience'], 'No valid token reached Graph (expired, wrong audience, or missing).', GRAPH_ERRORS],
  ['notAllowed', 'Access to the requested resource is not allowed. The operation might be blocked by policy.', 'graph.consent-missing', 'possible', [], 'A policy or permission refuses the call.', GRAPH_ERRORS],
  ['TooManyRequests', 'The app or user has been throttled (HTTP 429).', 'exchange.throttled', 'likely', [], 'Throttled; retry after the Retry-After delay.', U],
  // Token audience and authorization
  ['InvalidAuthenticationToken', 'Access token validation failure (Invalid audience / expired / malformed).', 'claims.wrong-audience', 'possible', ['claims.expired'], 'The message says which: "Invalid audience" is the token\'s aud, "expired" its lifetime.', SPEC],
  ['InvalidAudienceForResource', 'The audience claim value is invalid for current resource.', 'claims.wrong-audience', 'certain', [], "The token's aud is another API than the one called (an Exchange token on Graph, or the reverse).", 'o365doctor issue 12 (named among real texts); [U] no stored transcript'],
  ['Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', 'graph.consent-missing', 'possible', ['graph.permission-not-configured'], 'A Graph directory permission (application) is missing or not consented; it does not affect SMTP/IMAP/POP.', SPEC],
  ['Authorization_IdentityNotFound', 'The identity of the calling application could not be established.', 'token.app-not-found', 'possible', ['graph.service-principal-disabled'], 'The app has no service principal in the tenant the token is for.', U],
  ['NoPermissionsInAccessToken', 'The token contains no permissions, or permissions can not be understood.', 'claims.no-application-roles', 'likely', ['graph.consent-missing', 'graph.delegated-instead-of-application'], 'The token has no roles: no application permission was consented.', 'https://github.com/microsoftgraph/microsoft-graph-docs-contrib/issues/6623'],
  ['Authentication_ExpiredToken', 'Your access token has expired.', 'claims.expired', 'certain', [], 'The token was used after its exp.', SPEC],
  ['ErrorAccessDenied', 'Access is denied. Check credentials and try again.', 'graph.consent-missing', 'likely', ['graph.delegated-instead-of-application', 'graph.permission-not-configured'], 'Exchange behind Graph refused: the token lacks Mail.* application permission (or an Application Access Policy / RBAC scope excludes the mailbox).', 'https://github.com/kartverket/skyline/issues/78'],
  ['ErrorSendAsDenied', 'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.', 'exchange.send-as-denied', 'certain', [], 'The From address is not one this mailbox or app may send as.', 'https://github.com/DeskDirector/UserVoice/issues/379'],
  // Mailbox existence (§8.5.1)
  ['MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.', 'exchange.no-mailbox', 'certain', [], 'The user has no Exchange Online mailbox (unlicensed, soft-deleted, inactive, on-premises, guest).', SPEC],
  ['MailboxNotSupportedForRESTAPI', 'REST API is not yet supported for this mailbox.', 'exchange.no-mailbox', 'certain', [], 'The mailbox is not in Exchange Online (on-premises or another kind).', SPEC],
  ['ResourceNotFound', 'Resource could not be discovered.', 'exchange.no-mailbox', 'likely', ['config.invalid-value'], 'Graph could not find a mailbox for the user (intermittently also for users without one).', SPEC],
  ['Request_ResourceNotFound', "Resource '<id>' does not exist or one of its queried reference-property objects are not present.", 'exchange.no-mailbox', 'possible', ['config.invalid-value'], 'No such user (or object) in the tenant: check the address.', SPEC],
  ['ErrorInvalidUser', "The requested user '<address>' is invalid.", 'exchange.no-mailbox', 'likely', ['config.invalid-value'], 'No mailbox answers to this address in the tenant.', 'https://github.com/microsoftgraph/microsoft-graph-docs/issues/4097'],
  ['ErrorNonExistentMailbox', 'The SMTP address has no mailbox associated with it.', 'exchange.no-mailbox', 'likely', [], 'No mailbox answers to this address.', U],
  // Limits
  ['ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', 'exchange.throttled', 'likely', [], 'Too many concurrent requests for one mailbox.', U],
  ['ErrorExceededMessageLimit', 'Sending this message exceeded the message limit.', 'exchange.throttled', 'likely', [], 'A sending limit of the mailbox was reached.', U],
  ['ErrorQuotaExceeded', 'The mailbox quota was exceeded.', 'check.unexplained-failure', 'likely', [], 'The mailbox is full: not the product\'s sign-in.', U],
]

// Codes whose description above is Microsoft's message word for word, as a stored source shows it.
const VERBATIM = new Set(['ErrorAccessDenied', 'ErrorSendAsDenied', 'MailboxNotEnabledForRESTAPI', 'NoPermissionsInAccessToken', 'Authorization_RequestDenied'])

export const GRAPH_CODE_ROWS: readonly GraphCodeRow[] = ROWS.map(([code, description, cause, confidence, alternatives, why, source]) => ({
  code,
  description,
  cause,
  confidence,
  alternatives,
  why,
  source,
  ...(VERBATIM.has(code) ? {message: description} : {}),
}))

const BY_CODE = new Map(GRAPH_CODE_ROWS.map((r) => [r.code.toLowerCase(), r]))

export function lookupGraphCode(code: string): GraphCodeRow | undefined {
  return BY_CODE.get(code.toLowerCase())
}
