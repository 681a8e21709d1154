// Gets an app-only token with MSAL (client credentials), as the product would, and turns MSAL's errors into
// facts: Microsoft's AADSTS code, error, description, correlation and trace IDs, HTTP status.
// MSAL (~50 files) is loaded on first use, so runs without a token request (--offline, explain) never open it.
type Msal = typeof import('@azure/msal-node')
let msal: Msal | undefined
import {HttpsFailure} from '../net/https-request.js'
import {RoutedNetworkError, type NetworkObservation} from '../net/msal-network-client.js'
import type {NetworkMap} from '../net/routes.js'
import {redactText} from '../core/redact.js'
import {Secret} from '../core/secret.js'
import {CLOUD_ENDPOINTS, isMultiTenantSegment, type Cloud} from '../core/cloud.js'

/** How the product proves it is the app: a secret, a certificate (MSAL signs the assertion), or a federated token. */
export type ClientCredential =
  | {kind: 'secret'; secret: Secret}
  /** msal-node sends PS256 + x5t#S256 when given the SHA-256 thumbprint, as current @azure/identity does (§8.1.4). */
  | {kind: 'certificate'; thumbprintSha256: string; privateKey: Secret; x5c?: string}
  /** The external OIDC token, sent unchanged as client_assertion (§8.2.1). */
  | {kind: 'assertion'; assertion: Secret}

export interface TokenRequest {
  cloud: Cloud
  /** https://<authority host>/<tenant> */
  authority: string
  clientId: string
  credential: ClientCredential
  scope: string
  network?: NetworkMap
  /** The check's signal: aborts the request in flight. */
  signal?: AbortSignal
  /** Absolute end (Date.now() ms) of the whole token request. */
  deadline?: number
}

/** What went wrong on the way to the token endpoint, when it was not Entra's own answer. */
export type TransportKind = 'dns' | 'refused' | 'reset' | 'timeout' | 'tls' | 'proxy' | 'http-status' | 'oversized' | 'not-json' | 'malformed-token' | 'other'

export interface TokenFailure {
  /**
   * 'server': Entra answered with an error; 'network': the endpoint could not be reached or answered something that
   * is not Entra's reply (see `transport`); 'client': MSAL refused locally.
   */
  kind: 'server' | 'network' | 'client'
  /** For kind 'network': what happened. */
  transport?: TransportKind
  /** The step the request was at: connect, tls, response headers, response body, proxy. */
  step?: string
  /** Node/OpenSSL code (ENOTFOUND, CERT_HAS_EXPIRED, ETIMEDOUT…). */
  code?: string
  /** Retry-After of a 429/5xx reply. */
  retryAfter?: string
  /** The proxy the request went through (without credentials). */
  proxy?: string
  /** OAuth error (invalid_client…) or MSAL's code (endpoints_resolution_error…). */
  errorCode: string
  /** e.g. "7000215" */
  aadsts?: string
  /** Microsoft's description, redacted; first line only. */
  description: string
  correlationId?: string
  traceId?: string
  timestamp?: string
  httpStatus?: number
}

export type TokenResult =
  | {ok: true; token: Secret; expiresOn?: Date; durationMs: number; proxy?: string}
  | {ok: false; failure: TokenFailure; durationMs: number}

export function authorityFor(cloud: Cloud, tenant: string, tokenUrl?: string, authorityHost?: string): string {
  // A usable configured token URL names the authority; then AZURE_AUTHORITY_HOST; else the cloud's own.
  const m = tokenUrl?.match(/^https:\/\/([^/]+)\/([^/]+)\/oauth2\/v2\.0\/token\/?$/i)
  if (m && !/[{}#<>%]/.test(m[2]!) && !isMultiTenantSegment(m[2]!)) {
    return `https://${m[1]!.toLowerCase()}/${m[2]}`
  }
  return `https://${authorityHost ?? CLOUD_ENDPOINTS[cloud].authorityHost}/${tenant}`
}

function msalCredential(credential: ClientCredential): {clientSecret: string} | {clientCertificate: {thumbprintSha256: string; privateKey: string; x5c?: string}} | {clientAssertion: string} {
  switch (credential.kind) {
    case 'secret': return {clientSecret: credential.secret.reveal()}
    case 'certificate': return {clientCertificate: {thumbprintSha256: credential.thumbprintSha256, privateKey: credential.privateKey.reveal(), ...(credential.x5c ? {x5c: credential.x5c} : {})}}
    case 'assertion': return {clientAssertion: credential.assertion.reveal()}
  }
}

export async function acquireAppToken(request: TokenRequest): Promise<TokenResult> {
  const started = performance.now()
  const host = new URL(request.authority).host
  const builtIn = ['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn'].includes(host)
  msal ??= await import('@azure/msal-node')
  const {createRoutedNetworkClient} = await import('../net/msal-network-client.js')
  const {ConfidentialClientApplication, LogLevel} = msal
  const networkClient = createRoutedNetworkClient(request.network, {signal: request.signal, deadline: request.deadline})
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: request.clientId,
      ...msalCredential(request.credential),
      authority: request.authority,
      // Hosts MSAL has no built-in metadata for are trusted explicitly (no instance discovery round trip).
      ...(builtIn ? {} : {knownAuthorities: [host]}),
    },
    system: {
      networkClient,
      loggerOptions: {piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => {}},
    },
  })
  try {
    const result = await app.acquireTokenByClientCredential({scopes: [request.scope], skipCache: true})
    if (!result?.accessToken) {
      return {ok: false, durationMs: performance.now() - started, failure: {kind: 'client', errorCode: 'no_token', description: 'MSAL returned no access token'}}
    }
    const shape = jwtShapeProblem(result.accessToken)
    if (shape) {
      return {ok: false, durationMs: performance.now() - started, failure: {
        kind: 'network', transport: 'malformed-token', errorCode: 'malformed_token', ...proxyOf(networkClient.seen),
        description: `the token endpoint ${host} answered 200 with an access_token that ${shape}; Entra ID always issues a JWT (header.payload.signature)`,
      }}
    }
    return {ok: true, token: new Secret(result.accessToken), expiresOn: result.expiresOn ?? undefined, durationMs: performance.now() - started, ...proxyOf(networkClient.seen)}
  } catch (error) {
    const seen = networkClient.seen
    const failure = seen.failure ? transportFailureOf(seen.failure, seen) : tokenFailureOf(error)
    if (failure.kind === 'server' && seen.status && seen.status !== 400 && seen.status !== 401) {
      failure.httpStatus ??= seen.status
      if (seen.retryAfter) failure.retryAfter = redactText(seen.retryAfter).slice(0, 100)
    }
    return {ok: false, failure: {...failure, ...proxyOf(seen)}, durationMs: performance.now() - started}
  }
}

const proxyOf = (seen: NetworkObservation): {proxy?: string} => (seen.proxy ? {proxy: seen.proxy} : {})

/** Why a string is not a JWT whose payload is a JSON object, or undefined when it is one. */
export function jwtShapeProblem(token: unknown): string | undefined {
  if (typeof token !== 'string') return 'is not a string'
  if (token.length > 64 * 1024) return `is ${token.length} characters long`
  const parts = token.split('.')
  if (parts.length !== 3) return `has ${parts.length} part${parts.length === 1 ? '' : 's'} instead of three`
  if (!parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p))) return 'is not base64url'
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'))
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return 'has a payload that is not a JSON object'
  } catch {
    return 'has a payload that is not JSON'
  }
  return undefined
}

const CERT_CODE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME|ERR_TLS|ERR_SSL|EPROTO/

/** A failure the network client saw on the wire → what happened, at which step, with the code. */
export function transportFailureOf(f: HttpsFailure | RoutedNetworkError, seen: NetworkObservation): TokenFailure {
  const description = redactText(f.message).slice(0, 500)
  if (f instanceof RoutedNetworkError) {
    const status = f.status ?? seen.status
    const throttledOrDown = status !== undefined && (status === 429 || status >= 500)
    return {
      kind: 'network', transport: throttledOrDown || (status !== undefined && status !== 200) ? 'http-status' : 'not-json', errorCode: 'bad_response', code: f.code, step: 'response body',
      httpStatus: status, ...(seen.retryAfter ? {retryAfter: redactText(seen.retryAfter).slice(0, 100)} : {}),
      description: `HTTP ${status ?? '?'} with a ${f.contentType ? `${redactText(f.contentType).slice(0, 80)} ` : ''}body that is not Entra's JSON reply`,
    }
  }
  const code = f.code
  const transport: TransportKind = code === 'EPROXY' ? 'proxy'
    : /^(ENOTFOUND|EAI_AGAIN|EAI_FAIL|ENODATA)$/.test(code) ? 'dns'
    : code === 'ECONNREFUSED' ? 'refused'
    : code === 'ETIMEDOUT' ? 'timeout'
    : code === 'ERESPONSETOOLARGE' ? 'oversized'
    : CERT_CODE.test(code) ? 'tls'
    : /^(ECONNRESET|EPIPE|ECONNABORTED)$/.test(code) || /socket hang up/i.test(f.message) ? 'reset'
    : 'other'
  return {kind: 'network', transport, errorCode: 'network_error', code, step: f.step, description, ...(f.extra.status ? {httpStatus: f.extra.status} : {})}
}

/** MSAL's error → facts. Parses the AADSTS code from the text too: MSAL's message layout has changed over versions. */
export function tokenFailureOf(error: unknown): TokenFailure {
  // MSAL's error classes exist only once MSAL is loaded; before that no error can be one of them.
  const ServerError = msal?.ServerError ?? NotLoaded
  const AuthError = msal?.AuthError ?? NotLoaded
  const message = redactText(error instanceof Error ? error.message : String(error))
  const aadsts = message.match(/AADSTS(\d{5,7})/)?.[1] ?? (error instanceof ServerError ? error.errorNo : undefined)
  const correlationId = message.match(/Correlation ID: ([0-9a-f-]{36})/i)?.[1] ?? (error instanceof AuthError ? error.correlationId || undefined : undefined)
  const traceId = message.match(/Trace ID: ([0-9a-f-]{36})/i)?.[1]
  const timestamp = message.match(/Timestamp: (\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\dZ?)/)?.[1]
  const description = (message.match(/(AADSTS\d+:[^\r\n]*?)(?:\s+Trace ID:|\r|\n| - Correlation ID|$)/)?.[1] ?? message.split('\n')[0] ?? '').trim()
  if (error instanceof ServerError || aadsts) {
    return {
      kind: 'server', errorCode: error instanceof AuthError ? error.errorCode : 'server_error', aadsts, description,
      correlationId, traceId, timestamp, httpStatus: error instanceof ServerError ? error.status : undefined,
    }
  }
  const code = error instanceof AuthError ? error.errorCode : 'unknown_error'
  const network = /endpoints_resolution_error|network_error|fetch failed|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|certificate/i.test(`${code} ${message}`)
  return {kind: network ? 'network' : 'client', errorCode: code, description, correlationId}
}

class NotLoaded {
  errorNo?: string
  errorCode = ''
  correlationId = ''
  status?: number
}
