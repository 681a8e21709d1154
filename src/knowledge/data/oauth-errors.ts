// The token endpoint's `error` field (RFC 6749 §5.2 values Entra ID uses), as listed in the "Handling error
// codes" table of Microsoft's Entra error-code reference (entra-docs reference-error-codes.md @ 04f65548), plus
// the `invalid_tenant` value of microsoft-behaviour.md §1.4 and msal-node's client-side `missing_tenant_id_error`
// (§8.5). The graded fallback when a reply carries the field but no AADSTS code: it narrows the candidates,
// never to certainty.

import type {CauseId} from '../../core/cause-ids.js'
import type {Confidence} from '../../core/cause.js'

export interface OAuthErrorRow {
  error: string
  description: string
  cause: CauseId
  confidence: Confidence
  alternatives: CauseId[]
  why: string
}

export const OAUTH_ERROR_ROWS: readonly OAuthErrorRow[] = [
  {error: 'invalid_client', description: 'Client authentication failed.', cause: 'token.invalid-secret', confidence: 'possible', alternatives: ['token.secret-expired', 'token.missing-secret', 'token.certificate-not-registered', 'token.public-client'], why: 'The client credential (secret or certificate assertion) did not validate; the AADSTS code would say which.'},
  {error: 'invalid_scope', description: 'The scope requested is invalid.', cause: 'token.invalid-scope', confidence: 'likely', alternatives: ['config.scope-not-default'], why: 'Client credentials need exactly one <resource>/.default scope.'},
  {error: 'unauthorized_client', description: "The authenticated client isn't authorized to use this authorization grant type.", cause: 'token.app-not-found', confidence: 'possible', alternatives: ['token.app-disabled'], why: 'Entra uses it for an app not registered in the tenant (700016) or disabled (7000112).'},
  {error: 'invalid_request', description: 'Protocol error, such as a missing required parameter.', cause: 'token.unknown-error', confidence: 'possible', alternatives: ['config.token-url', 'token.missing-secret', 'token.federation-mismatch'], why: 'A parameter is missing or malformed; the description names it.'},
  {error: 'invalid_grant', description: 'Some of the authentication material (auth code, refresh token, access token, PKCE challenge) was invalid, unparseable, missing, or otherwise unusable.', cause: 'token.unknown-error', confidence: 'possible', alternatives: ['client.token-not-refreshed', 'config.basic-auth'], why: 'User-flow material (code, refresh token, password) was refused: client credentials do not use it.'},
  {error: 'unsupported_grant_type', description: "The authorization server doesn't support the authorization grant type.", cause: 'token.unknown-error', confidence: 'likely', alternatives: ['config.token-url'], why: 'grant_type must be client_credentials for app-only mail.'},
  {error: 'invalid_resource', description: "The target resource is invalid because it doesn't exist, Microsoft Entra ID can't find it, or it's not correctly configured.", cause: 'token.resource-not-found', confidence: 'likely', alternatives: ['config.scope-wrong-resource', 'config.cloud-mismatch'], why: 'The resource in the scope is not in this tenant (typo, other cloud, no Exchange Online).'},
  {error: 'invalid_tenant', description: 'The tenant was not found.', cause: 'token.tenant-not-found', confidence: 'likely', alternatives: ['config.cloud-mismatch'], why: 'AADSTS90002 comes with this value.'},
  {error: 'interaction_required', description: 'The request requires user interaction.', cause: 'token.conditional-access', confidence: 'possible', alternatives: ['config.basic-auth'], why: 'A user sign-in needs MFA or consent: the product is signing in as a user.'},
  {error: 'temporarily_unavailable', description: 'The server is temporarily too busy to handle the request.', cause: 'token.unknown-error', confidence: 'likely', alternatives: [], why: 'Entra ID is busy: retry.'},
  {error: 'missing_tenant_id_error', description: 'A tenant id - not common, organizations, or consumers - must be specified when using the client_credentials flow.', cause: 'config.token-url', confidence: 'certain', alternatives: ['config.consumer-account'], why: 'msal-node refuses client credentials without a tenant in the authority.'},
]

const BY_ERROR = new Map(OAUTH_ERROR_ROWS.map((r) => [r.error, r]))

export function lookupOAuthError(error: string): OAuthErrorRow | undefined {
  return BY_ERROR.get(error.toLowerCase())
}
