// What an AADSTS code means for app-only mail: the cause comes from the data table of Microsoft's reference
// (data/aadsts-reference.ts); this module adds what to check next and the alternatives for the codes an app-only
// mail setup meets, and reads the sentence after the code where one code covers several problems (700027's
// "The key used is expired", 50012's reasons, 900144's parameter name).

import type {CauseId} from '../core/cause-ids.js'
import type {Confidence} from '../core/cause.js'
import {AADSTS_ROW_BY_CODE, AADSTS_ROWS, type AadstsRow} from './data/aadsts-reference.js'

export interface AadstsInfo {
  code: string
  /** Microsoft's short description of the code (or of the variant the text names). */
  meaning: string
  cause: CauseId
  confidence: Confidence
  alternatives: CauseId[]
  next: string[]
  /** Why the code points to this cause. */
  why: string
  /** False for a code no table knows. */
  known: boolean
}

const SECRET_NEXT = [
  'Compare the configured secret with App registrations > Certificates & secrets: a GUID is the Secret ID, not the Value.',
  'Check that the secret belongs to the same app registration as the client ID.',
]
const USER_FLOW_NEXT = ['Set the product to client credentials (app-only OAuth), not a username/password sign-in.']
const CERT_NEXT = [
  "Compare the thumbprint in the message with App registrations > Certificates & secrets > Certificates: the product's certificate must be uploaded there (the .cer, public part only).",
  "Check that the product signs with the private key of that same certificate.",
]
const ASSERTION_NEXT = [
  "Check the product server's clock (the assertion's nbf/exp must cover Entra's current time, to the minute).",
  "The assertion's iss and sub must be the client ID and its aud the token endpoint the product calls.",
]
const FEDERATION_NEXT = [
  "Compare the presented token's iss, sub and aud (quoted in the message) with App registrations > Certificates & secrets > Federated credentials; subject matching is case-sensitive.",
]

interface Details {
  alternatives?: CauseId[]
  next: string[]
}

// Next steps and alternatives for the codes an app-only mail setup meets (microsoft-behaviour.md §1.4, §8).
const DETAILS: Record<string, Details> = {
  '90002': {alternatives: ['config.cloud-mismatch'], next: ['Copy the Directory (tenant) ID from the Entra admin center; check the cloud of the token URL.']},
  '900023': {alternatives: ['config.token-url', 'config.invalid-value'], next: ['Look at the token URL: it must be https://<authority>/<tenant>/oauth2/v2.0/token, nothing after the tenant but that path.']},
  '50059': {alternatives: ['config.token-url'], next: ['Put the tenant ID into the token URL instead of "common" or nothing.']},
  '90019': {alternatives: ['config.token-url'], next: ['Put the tenant ID into the token URL.']},
  '50128': {alternatives: ['config.token-url'], next: ['Put the tenant ID into the token URL.']},
  '90038': {next: ['Use the authority, scope and mail hosts of the cloud the tenant lives in (GCC High, DoD, 21Vianet).']},
  '700016': {alternatives: ['config.invalid-value'], next: ['Compare the client ID with App registrations > Overview > Application (client) ID, and the tenant with Directory (tenant) ID.']},
  '70001': {alternatives: ['token.app-disabled'], next: ['Compare the client ID with App registrations > Overview > Application (client) ID.']},
  '7000215': {alternatives: ['config.secret-is-secret-id'], next: SECRET_NEXT},
  '70002': {alternatives: ['token.secret-expired', 'token.certificate-not-registered'], next: SECRET_NEXT},
  '50012': {alternatives: ['token.invalid-secret', 'token.assertion-invalid'], next: ['Read the sentence after the code: it names the credential problem (secret, certificate or assertion).']},
  '7000222': {next: ['Create a new secret and put its Value into the product.']},
  '7000218': {next: ['Check that the product saved the secret and uses client credentials.']},
  '7000216': {next: ['Check that the product saved the secret and uses client credentials.']},
  '700025': {next: ['App registrations > Authentication: "Allow public client flows" = No.']},
  '1002012': {alternatives: ['config.scope-not-default'], next: ["Set the scope to https://outlook.office365.com/.default (or your cloud's Exchange resource)."]},
  '70011': {alternatives: ['config.scope-not-default'], next: ['Set exactly one scope: https://outlook.office365.com/.default.']},
  '700022': {next: ['Request one resource only: https://outlook.office365.com/.default.']},
  '28000': {next: ['Request one resource only: https://outlook.office365.com/.default.']},
  '28002': {next: ['Set the scope to https://outlook.office365.com/.default.']},
  '28003': {next: ['Set the scope to https://outlook.office365.com/.default.']},
  '650053': {alternatives: ['config.scope-not-default'], next: ['Set the scope to https://outlook.office365.com/.default: app-only tokens take no named permissions in the scope.']},
  '500011': {alternatives: ['config.scope-wrong-resource', 'config.cloud-mismatch'], next: ['Check the spelling and cloud of the resource in the scope.']},
  '500014': {next: ['Enterprise applications: check that "Office 365 Exchange Online" is enabled in this tenant.']},
  '7000112': {alternatives: ['graph.service-principal-disabled'], next: ['Enterprise applications > your app > Properties > "Enabled for users to sign in?".']},
  '53003': {next: ['Service principal sign-in log: which Conditional Access policy blocked it (Conditional Access for workload identities).']},
  '65001': {alternatives: ['config.basic-auth'], next: ['Grant admin consent for the app; app-only mail should not need user consent at all.']},
  '50126': {next: USER_FLOW_NEXT},
  '50034': {alternatives: ['config.invalid-value', 'token.tenant-not-found'], next: [...USER_FLOW_NEXT, 'Check the mailbox address and tenant.']},
  '50076': {next: USER_FLOW_NEXT},
  '50079': {next: USER_FLOW_NEXT},
  '530035': {alternatives: ['token.conditional-access'], next: USER_FLOW_NEXT},
  '700027': {alternatives: ['token.certificate-expired'], next: CERT_NEXT},
  '700030': {next: CERT_NEXT},
  '700024': {next: ASSERTION_NEXT},
  '700021': {next: ASSERTION_NEXT},
  '700023': {alternatives: ['token.invalid-scope'], next: ASSERTION_NEXT},
  '50027': {next: ASSERTION_NEXT},
  '50048': {next: ASSERTION_NEXT},
  '70021': {next: FEDERATION_NEXT},
  '700211': {next: FEDERATION_NEXT},
  '700212': {next: FEDERATION_NEXT},
  '700213': {next: FEDERATION_NEXT},
  '7002138': {next: FEDERATION_NEXT},
  '9001023': {alternatives: ['config.token-url'], next: ['Put the tenant ID (or its domain) into the token URL; a consumer (outlook.com, hotmail.com) mailbox cannot be used with app-only tokens at all.']},
  '50194': {next: ['Replace "common" in the token URL with the tenant ID.']},
  '901002': {alternatives: ['config.scope-not-default'], next: ['Send scope=https://outlook.office365.com/.default to /oauth2/v2.0/token (or resource= to the v1 /oauth2/token).']},
  '90014': {alternatives: ['token.missing-secret'], next: ['Read the field name after the code; usually grant_type, client_id or scope.']},
  '700082': {next: ['App-only mail needs no refresh token: set the product to client credentials, which fetches a new token for every session.']},
}

// Sentences that turn a shared code into a more specific cause (microsoft-behaviour.md §8.1.7).
interface Variant {
  codes: string[]
  pattern: RegExp
  cause: CauseId
  confidence: Confidence
  meaning: string
  next: string[]
}
const VARIANTS: Variant[] = [
  {codes: ['700027', '50012', '70002', '7000274'], pattern: /The key used is expired/i, cause: 'token.certificate-expired', confidence: 'certain', meaning: 'the certificate registered for the app has expired ("The key used is expired")', next: ['Upload a new certificate to the app registration and configure the product with it.']},
  {codes: ['700027', '50012', '70002'], pattern: /not registered on application|The key was not found|contains an invalid signature|did not match the expected signature|use of the key to verify the signature failed/i, cause: 'token.certificate-not-registered', confidence: 'certain', meaning: "the assertion's certificate is not one of the app's certificates, or its signature does not verify", next: CERT_NEXT},
  {codes: ['50012', '70002', '700024'], pattern: /not within its valid time range/i, cause: 'token.assertion-invalid', confidence: 'certain', meaning: 'the client assertion is outside its valid time range', next: ASSERTION_NEXT},
  {codes: ['50012', '70002', '700023'], pattern: /audience claim does not match/i, cause: 'token.assertion-invalid', confidence: 'certain', meaning: "the client assertion's audience is not the token endpoint called", next: ASSERTION_NEXT},
  {codes: ['700023'], pattern: /input parameter scope/i, cause: 'token.invalid-scope', confidence: 'likely', meaning: "the scope isn't valid when requesting an access token", next: ['Set the scope to https://outlook.office365.com/.default.']},
  {codes: ['50012', '70002'], pattern: /Invalid client secret/i, cause: 'token.invalid-secret', confidence: 'likely', meaning: 'invalid client secret', next: SECRET_NEXT},
  {codes: ['90010'], pattern: /\/common or \/consumers/i, cause: 'config.consumer-account', confidence: 'likely', meaning: "the grant type isn't supported over the /common or /consumers endpoints (AADSTS9001023)", next: DETAILS['9001023']!.next},
  {codes: ['900144', '90014'], pattern: /'client_(?:secret|assertion)'/, cause: 'token.missing-secret', confidence: 'likely', meaning: 'the request carried no client secret or assertion', next: ['Check that the product saved the secret and uses client credentials.']},
  {codes: ['900144', '90014'], pattern: /'scope'/, cause: 'token.invalid-scope', confidence: 'likely', meaning: 'the request carried no scope', next: ['Set the scope to https://outlook.office365.com/.default.']},
  {codes: ['70001'], pattern: /is disabled/i, cause: 'token.app-disabled', confidence: 'likely', meaning: 'the application is disabled', next: DETAILS['7000112']!.next},
]

function fromRow(row: AadstsRow): AadstsInfo {
  const details = DETAILS[row.code]
  return {
    code: row.code,
    meaning: row.description,
    cause: row.cause,
    confidence: row.confidence,
    alternatives: details?.alternatives ?? [],
    next: details?.next ?? [`Look the code up at https://login.microsoftonline.com/error?code=${row.code}: ${row.why}`],
    why: row.why,
    known: true,
  }
}

/** The cause an AADSTS code supports, refined by the text that follows it (its error description). */
export function aadstsInfo(code: string, text = ''): AadstsInfo {
  const row = AADSTS_ROW_BY_CODE.get(code)
  const base: AadstsInfo = row
    ? fromRow(row)
    : {
        code,
        meaning: 'a code that is not in Microsoft\'s reference table',
        cause: 'token.unknown-error',
        confidence: 'likely',
        alternatives: [],
        next: [`Look the code up at https://login.microsoftonline.com/error?code=${code} and in the service principal sign-in log.`],
        why: 'No table lists this code; the sentence after it says what Entra ID refused.',
        known: false,
      }
  const variant = VARIANTS.find((v) => v.codes.includes(code) && v.pattern.test(text))
  if (!variant) return base
  return {
    ...base,
    meaning: variant.meaning,
    cause: variant.cause,
    confidence: variant.confidence,
    alternatives: base.alternatives.filter((a) => a !== variant.cause),
    next: variant.next,
  }
}

/** Every code the tables know, for tests and coverage figures. */
export const KNOWN_AADSTS_CODES: readonly string[] = AADSTS_ROWS.map((r) => r.code)

/**
 * Sentences of Entra's replies (microsoft-behaviour.md §1.4, §8.1.7, §8.2.4), for texts quoted without their
 * AADSTS code: each fragment is Microsoft's own wording and names one code.
 */
export const AADSTS_SENTENCES: readonly {code: string; fragment: string}[] = [
  {code: '7000215', fragment: 'Invalid client secret provided'},
  {code: '7000215', fragment: 'Invalid client secret is provided'},
  {code: '7000222', fragment: 'client secret keys'},
  {code: '7000218', fragment: "must contain the following parameter: 'client_assertion' or 'client_secret'"},
  {code: '700016', fragment: 'Application with identifier'},
  {code: '90002', fragment: 'not found. Check to make sure you have the correct tenant ID'},
  {code: '900023', fragment: 'is neither a valid DNS name, nor a valid external domain'},
  {code: '50059', fragment: 'No tenant-identifying information found'},
  {code: '1002012', fragment: 'Client credential flows must have a scope value with /.default'},
  {code: '700022', fragment: 'because it contains more than one resource'},
  {code: '500011', fragment: 'The resource principal named'},
  {code: '700025', fragment: "Client is public so neither 'client_assertion' nor 'client_secret'"},
  {code: '53003', fragment: 'Access has been blocked by Conditional Access policies'},
  {code: '700027', fragment: 'used to sign the client assertion is not registered on application'},
  {code: '700027', fragment: 'Client assertion contains an invalid signature'},
  {code: '700024', fragment: 'Client assertion is not within its valid time range'},
  {code: '700021', fragment: "Client assertion application identifier doesn't match"},
  {code: '700023', fragment: 'Client assertion audience claim does not match'},
  {code: '70021', fragment: 'No matching federated identity record found'},
  {code: '9001023', fragment: 'The grant type is not supported over the /common or /consumers endpoints'},
]
