// Entra ID's (AADSTS) error replies, shaped and worded as microsoft-behaviour.md §1.3–1.4 records them.
// Texts tagged [C] there are quoted word for word; the rest are marked where they are used.

import type {IncomingMessage, ServerResponse} from 'node:http'
import {clientRequestId, newId, sendJson} from './respond.js'

export interface EntraError {
  status: number
  /** The OAuth `error` value. */
  error: string
  code: number
  /** The text after `AADSTSnnnn: `. */
  message: string
}

const e = (status: number, error: string, code: number, message: string): EntraError => ({status, error, code, message})

export const aadsts = {
  tenantNotFound: (tenant: string) =>
    e(400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`),
  tenantMalformed: (tenant: string) =>
    e(400, 'invalid_request', 900023, `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`),
  tenantMissing: () =>
    e(400, 'invalid_request', 50059, 'No tenant-identifying information found in either the request or implied by any provided credentials.'),
  appNotFound: (appId: string, directory: string) =>
    e(400, 'unauthorized_client', 700016, `Application with identifier '${appId}' was not found in the directory '${directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`),
  // Status of 7000112 is not established (§7); unauthorized_client errors come back as 400.
  appDisabled: (appId: string, displayName: string) =>
    e(400, 'unauthorized_client', 7000112, `Application '${appId}'(${displayName}) is disabled.`),
  publicClient: () =>
    e(401, 'invalid_client', 700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented."),
  missingSecret: () =>
    e(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
  invalidSecret: (appId: string) =>
    e(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`),
  expiredSecret: (appId: string) =>
    e(401, 'invalid_client', 7000222, `The provided client secret keys for app '${appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`),
  // The lab's apps have no certificates, so any client assertion fails. Wording [U].
  badAssertion: () => e(401, 'invalid_client', 700027, 'Client assertion failed signature validation.'),
  // Certificate assertions and federated tokens (§8.1.7, §8.2.4). [C] texts word for word; [U]/[L] marked.
  keyNotFound: (appId: string, thumbprint?: string) =>
    e(401, 'invalid_client', 700027, `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., ${thumbprint ? `Thumbprint of key used by client: '${thumbprint}', ` : ''}Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint and https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, such as 'https://graph.microsoft.com/beta/applications/${appId}']. Alternatively, SNI may be configured on the app. Please ensure that client assertion is being sent with the x5c claim in the JWT header using MSAL's WithSendX5C() method so that Azure Active Directory can validate the certificate being used.`),
  // The tail after `Found key …` is truncated in the sources [C up to there].
  keyExpired: (thumbprint: string, start: Date, end: Date) =>
    e(401, 'invalid_client', 700027, `Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: '${thumbprint}', Found key 'Start=${usDateTime(start)}, End=${usDateTime(end)}']`),
  // [U exact composition] (§8.1.7 "signature does not verify").
  keySignatureFailed: (appId: string, thumbprint: string) =>
    e(401, 'invalid_client', 700027, `Client assertion contains an invalid signature. [Reason - Key was found, but use of the key to verify the signature failed., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'.]`),
  assertionTime: (now: Date, nbf: Date | undefined, exp: Date | undefined) =>
    e(401, 'invalid_client', 700024, `Client assertion is not within its valid time range. Current time: ${entraTime(now)}, assertion valid from ${entraTime(nbf ?? new Date(0))}, expiry time of assertion ${entraTime(exp ?? new Date(0))}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`),
  assertionAppId: () =>
    e(401, 'invalid_client', 700021, "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials ."),
  assertionSubject: () => e(401, 'invalid_client', 50048, 'Subject must match the issuer claim in the client assertion.'),
  assertionAudience: () =>
    e(401, 'invalid_client', 700023, 'Client assertion audience claim does not match Realm issuer. Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .'),
  assertionMalformed: () => e(401, 'invalid_client', 50027, 'JWT token is invalid or malformed.'),
  // [L] (§8.1.7 "Unsupported algorithm").
  assertionAlgorithm: (alg: string) =>
    e(400, 'invalid_request', 5002738, `Invalid JWT token. '${alg}' is not a supported signature algorithm. Supported signing algorithms are: 'RS256, HS256'`),
  federationIssuer: (iss: string) =>
    e(401, 'invalid_client', 700211, `No matching federated identity record found for presented assertion issuer '${iss}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation`),
  // [L] (a Java SDK test fixture only).
  federationAudience: (aud: string) =>
    e(401, 'invalid_client', 700212, `No matching federated identity record found for presented assertion audience '${aud}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation`),
  federationSubject: (sub: string) =>
    e(401, 'invalid_client', 700213, `No matching federated identity record found for presented assertion subject '${sub}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`),
  federationSubjectCase: (sub: string) =>
    e(401, 'invalid_client', 7002138, `No matching federated identity record found for presented assertion subject '${sub}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. Check your federated identity credential Subject, Audience and Issuer against the presented assertion.`),
  scopeNotDefault: (scope: string) =>
    e(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`),
  scopeInvalid: (scope: string) =>
    e(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`),
  resourceNotFound: (resource: string, tenant: string) =>
    e(400, 'invalid_resource', 500011, `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`),
  // The `error` value for 53003 on client credentials is not established (§7); invalid_grant is what user flows show.
  conditionalAccess: () =>
    e(400, 'invalid_grant', 53003, 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.'),
  // The next three are ordinary request-validation replies; wording [U] but of the real form.
  missingParameter: (name: string) => e(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`),
  unsupportedGrant: (grant: string) => e(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`),
  postOnly: (method: string) => e(400, 'invalid_request', 900561, `The endpoint only accepts POST, OPTIONS requests. Received a ${method} request.`),
}

/** "2024-10-02T22:05:03.6755165Z": the seven-digit form of 700024's times. */
function entraTime(date: Date): string {
  return `${date.toISOString().slice(0, 23)}0000Z`
}

/** "06/29/2021 21:13:15": the key dates of 700027 "The key used is expired". */
function usDateTime(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(date.getUTCMonth() + 1)}/${p(date.getUTCDate())}/${date.getUTCFullYear()} ${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())}`
}

/** "2023-05-06 06:03:00Z": Entra's timestamp form (a space, not ISO's T; no milliseconds). */
export function entraTimestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`
}

/** The headers every reply of the token endpoint carries (§1.2). */
export function entraHeaders(traceId: string): Record<string, string> {
  return {
    'Cache-Control': 'no-cache, no-store',
    Pragma: 'no-cache',
    Expires: '-1',
    'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
    'X-Content-Type-Options': 'nosniff',
    'x-ms-request-id': traceId,
    'x-ms-ests-server': '2.1.19999.0 - lab - o365doctor',
    P3P: 'CP="DSP CUR OTPi IND OTRi ONL FIN"',
  }
}

export function entraErrorBody(err: EntraError, authorityHost: string, traceId: string, correlationId: string, now = new Date()) {
  const timestamp = entraTimestamp(now)
  return {
    error: err.error,
    error_description: `AADSTS${err.code}: ${err.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://${authorityHost}/error?code=${err.code}`,
  }
}

/** Sends an AADSTS error; correlation_id echoes the client's client-request-id when it sent one. */
export function sendEntraError(req: IncomingMessage, res: ServerResponse, err: EntraError, authorityHost: string, bodyRequestId?: string): void {
  const traceId = newId()
  const correlationId = clientRequestId(req, bodyRequestId) ?? newId()
  sendJson(res, err.status, entraErrorBody(err, authorityHost, traceId, correlationId), {
    ...entraHeaders(traceId),
    'client-request-id': correlationId,
  })
}
