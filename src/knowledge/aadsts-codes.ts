// Entra ID (AADSTS) error codes an app-only mail setup meets, and the cause each points to
// (microsoft-behaviour.md §1.4; official one-liners in entra-docs reference-error-codes).

import type {CauseId} from '../core/cause-ids.js'
import type {Confidence} from '../core/cause.js'

export interface AadstsCode {
  code: string
  /** Microsoft's short name or our one-line reading of it. */
  meaning: string
  cause: CauseId
  confidence: Confidence
  alternatives?: CauseId[]
  next: string[]
}

const SECRET_NEXT = [
  'Compare the configured secret with App registrations > Certificates & secrets: a GUID is the Secret ID, not the Value.',
  'Check that the secret belongs to the same app registration as the client ID.',
]
// Codes that only a signed-in user (password) flow can produce: the product is not using client credentials.
const USER_FLOW_NEXT = ['Set the product to client credentials (app-only OAuth), not a username/password sign-in.']

export const AADSTS_CODES: AadstsCode[] = [
  {code: '90002', meaning: 'tenant not found', cause: 'token.tenant-not-found', confidence: 'certain', alternatives: ['config.cloud-mismatch'], next: ['Copy the Directory (tenant) ID from the Entra admin center; check the cloud of the token URL.']},
  {code: '900023', meaning: 'tenant identifier is neither a GUID nor a valid domain', cause: 'token.tenant-not-found', confidence: 'certain', alternatives: ['config.token-url', 'config.invalid-value'], next: ['Look at the token URL: it must be https://<authority>/<tenant>/oauth2/v2.0/token, nothing after the tenant but that path.']},
  {code: '50059', meaning: 'no tenant-identifying information', cause: 'token.tenant-not-found', confidence: 'certain', alternatives: ['config.token-url'], next: ['Put the tenant ID into the token URL instead of "common" or nothing.']},
  {code: '90019', meaning: 'no tenant-identifying information (older code)', cause: 'token.tenant-not-found', confidence: 'likely', alternatives: ['config.token-url'], next: ['Put the tenant ID into the token URL.']},
  {code: '50128', meaning: 'invalid domain name, no tenant-identifying information', cause: 'token.tenant-not-found', confidence: 'likely', alternatives: ['config.token-url'], next: ['Put the tenant ID into the token URL.']},
  {code: '90038', meaning: 'the tenant lives in another national cloud (NationalCloudTenantRedirection)', cause: 'config.cloud-mismatch', confidence: 'certain', next: ['Use the authority, scope and mail hosts of the cloud the tenant lives in (GCC High, DoD, 21Vianet).']},
  {code: '700016', meaning: 'application not found in the directory', cause: 'token.app-not-found', confidence: 'certain', alternatives: ['config.invalid-value'], next: ['Compare the client ID with App registrations > Overview > Application (client) ID, and the tenant with Directory (tenant) ID.']},
  {code: '70001', meaning: 'application not found in the directory (pre-2018 code)', cause: 'token.app-not-found', confidence: 'certain', next: ['Compare the client ID with App registrations > Overview > Application (client) ID.']},
  {code: '7000215', meaning: 'invalid client secret', cause: 'token.invalid-secret', confidence: 'certain', alternatives: ['config.secret-is-secret-id'], next: SECRET_NEXT},
  {code: '70002', meaning: 'error validating credentials', cause: 'token.invalid-secret', confidence: 'likely', alternatives: ['token.secret-expired', 'token.public-client'], next: SECRET_NEXT},
  {code: '50012', meaning: 'authentication failed (invalid client credential or assertion)', cause: 'token.invalid-secret', confidence: 'possible', alternatives: ['token.unknown-error'], next: ['Read the sentence after the code: it names the credential problem (secret, certificate or assertion).']},
  {code: '7000222', meaning: 'client secret expired', cause: 'token.secret-expired', confidence: 'certain', next: ['Create a new secret and put its Value into the product.']},
  {code: '7000218', meaning: "no 'client_assertion' or 'client_secret' in the request", cause: 'token.missing-secret', confidence: 'certain', next: ['Check that the product saved the secret and uses client credentials.']},
  {code: '7000216', meaning: "'client_assertion', 'client_secret' or 'request' is required", cause: 'token.missing-secret', confidence: 'certain', next: ['Check that the product saved the secret and uses client credentials.']},
  {code: '700025', meaning: 'public client may not present a secret', cause: 'token.public-client', confidence: 'certain', next: ['App registrations > Authentication: "Allow public client flows" = No.']},
  {code: '1002012', meaning: 'scope must be <resource>/.default for client credentials', cause: 'token.invalid-scope', confidence: 'certain', alternatives: ['config.scope-not-default'], next: ['Set the scope to https://outlook.office365.com/.default (or your cloud\'s Exchange resource).']},
  {code: '70011', meaning: 'invalid scope', cause: 'token.invalid-scope', confidence: 'certain', alternatives: ['config.scope-not-default'], next: ['Set exactly one scope: https://outlook.office365.com/.default.']},
  {code: '700022', meaning: 'scopes of several resources in one request', cause: 'token.invalid-scope', confidence: 'certain', next: ['Request one resource only: https://outlook.office365.com/.default.']},
  {code: '28002', meaning: 'invalid scope value', cause: 'token.invalid-scope', confidence: 'likely', next: ['Set the scope to https://outlook.office365.com/.default.']},
  {code: '28003', meaning: 'empty scope', cause: 'token.invalid-scope', confidence: 'likely', next: ['Set the scope to https://outlook.office365.com/.default.']},
  {code: '500011', meaning: 'resource principal not found in the tenant', cause: 'token.resource-not-found', confidence: 'certain', alternatives: ['config.scope-wrong-resource', 'config.cloud-mismatch'], next: ['Check the spelling and cloud of the resource in the scope.']},
  {code: '500014', meaning: "the resource's service principal is disabled", cause: 'token.resource-not-found', confidence: 'possible', alternatives: ['token.unknown-error'], next: ['Enterprise applications: check that "Office 365 Exchange Online" is enabled in this tenant.']},
  {code: '7000112', meaning: 'application is disabled', cause: 'token.app-disabled', confidence: 'certain', alternatives: ['graph.service-principal-disabled'], next: ['Enterprise applications > your app > Properties > "Enabled for users to sign in?".']},
  {code: '53003', meaning: 'blocked by Conditional Access', cause: 'token.conditional-access', confidence: 'certain', next: ['Service principal sign-in log: which Conditional Access policy blocked it.']},
  {code: '65001', meaning: 'consent not granted', cause: 'graph.consent-missing', confidence: 'likely', alternatives: ['config.basic-auth'], next: ['Grant admin consent for the app; app-only mail should not need user consent at all.']},
  {code: '50126', meaning: 'invalid username or password (user sign-in)', cause: 'config.basic-auth', confidence: 'likely', next: USER_FLOW_NEXT},
  {code: '50034', meaning: 'user account does not exist in the directory (user sign-in)', cause: 'config.basic-auth', confidence: 'possible', alternatives: ['config.invalid-value', 'token.tenant-not-found'], next: [...USER_FLOW_NEXT, 'Check the mailbox address and tenant.']},
  {code: '50076', meaning: 'multi-factor authentication required (user sign-in)', cause: 'config.basic-auth', confidence: 'likely', next: USER_FLOW_NEXT},
  {code: '50079', meaning: 'MFA registration required (user sign-in)', cause: 'config.basic-auth', confidence: 'likely', next: USER_FLOW_NEXT},
  {code: '530035', meaning: 'blocked by security defaults (user sign-in)', cause: 'config.basic-auth', confidence: 'likely', alternatives: ['token.conditional-access'], next: USER_FLOW_NEXT},
  {code: '700024', meaning: 'client assertion is not within its valid time range', cause: 'token.unknown-error', confidence: 'likely', next: ["Check the product server's clock and the certificate assertion's lifetime."]},
  {code: '700027', meaning: 'client assertion failed signature validation', cause: 'token.unknown-error', confidence: 'likely', next: ['The certificate the product signs with is not (or no longer) uploaded to the app registration.']},
  {code: '7000274', meaning: 'certificate (client assertion) problem', cause: 'token.unknown-error', confidence: 'possible', next: ['Check the certificate uploaded to the app registration.']},
  {code: '90014', meaning: 'a required field is missing from the request', cause: 'token.unknown-error', confidence: 'likely', alternatives: ['token.missing-secret'], next: ['Read the field name after the code; usually grant_type, client_id or scope.']},
]

export const AADSTS_BY_CODE: ReadonlyMap<string, AadstsCode> = new Map(AADSTS_CODES.map((c) => [c.code, c]))
