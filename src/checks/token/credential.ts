// The credential token.acquire and graph.access present, from the settings: the secret as it is, the client
// certificate loaded as the product would load it, or the federated token (given, read from its file per use, or
// fetched from GitHub Actions' OIDC endpoint). The federated token's claims (never the token) become facts.
import {closeSync, openSync, readSync} from 'node:fs'
import {jwtDecode} from 'jwt-decode'
import {Secret} from '../../core/secret.js'
import type {ClientCredential} from '../../probes/token.js'
import type {Settings} from '../../settings/types.js'
import {loadClientCertificate, type LoadedCertificate} from '../config/certificate/load.js'

/** The audience azure/login requests and Entra recommends for federated credentials (§8.2.2). */
export const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange'
const MAX_TOKEN_BYTES = 64 * 1024

export interface FederatedClaims {
  issuer?: string
  subject?: string
  audience?: string
  expires?: string
}

export type CredentialResult =
  | {ok: true; credential: ClientCredential; certificate?: LoadedCertificate; federated?: FederatedClaims}
  | {ok: false; problem: string}

export async function credentialFor(settings: Settings, options: {timeoutMs: number; env?: NodeJS.ProcessEnv}): Promise<CredentialResult> {
  if (settings.certificate) {
    const load = loadClientCertificate(settings.certificate.file, settings.certificate.password)
    if (!load.ok) return {ok: false, problem: `the client certificate ${settings.certificate.file} ${load.problem}`}
    const c = load.loaded
    const x5c = settings.certificate.sendChain ? {x5c: c.chainPem} : {}
    return {ok: true, certificate: c, credential: {kind: 'certificate', thumbprintSha256: c.thumbprintSha256, privateKey: c.privateKey, ...x5c}}
  }
  if (settings.federatedToken) {
    const token = await federatedToken(settings, options)
    if (typeof token === 'string') return {ok: false, problem: token}
    return {ok: true, credential: {kind: 'assertion', assertion: token}, federated: federatedClaims(token)}
  }
  if (settings.clientSecret) return {ok: true, credential: {kind: 'secret', secret: settings.clientSecret}}
  return {ok: false, problem: 'no credential is configured'}
}

/** The token, or what went wrong in words. */
async function federatedToken(settings: Settings, options: {timeoutMs: number; env?: NodeJS.ProcessEnv}): Promise<Secret | string> {
  const source = settings.federatedToken!
  if (source.source === 'inline') return source.token
  if (source.source === 'file') {
    try {
      const text = readHead(source.file).trim()
      if (!text) return `the federated token file ${source.file} is empty`
      return new Secret(text)
    } catch (error) {
      return `the federated token file ${source.file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`
    }
  }
  return githubToken(options.env ?? process.env, options.timeoutMs)
}

function readHead(file: string): string {
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.alloc(MAX_TOKEN_BYTES)
    const n = readSync(fd, buffer, 0, MAX_TOKEN_BYTES, 0)
    return buffer.subarray(0, n).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

/** GitHub Actions' OIDC token for Entra's audience (what azure/login requests; needs `permissions: id-token: write`). */
export async function githubToken(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Secret | string> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  if (!url || !bearer) {
    return 'ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set: run inside a GitHub Actions job with "permissions: id-token: write"'
  }
  let request: URL
  try {
    request = new URL(url)
  } catch {
    return 'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL'
  }
  request.searchParams.set('audience', FEDERATION_AUDIENCE)
  try {
    const response = await fetch(request, {headers: {Authorization: `bearer ${bearer}`, Accept: 'application/json'}, signal: AbortSignal.timeout(timeoutMs)})
    const text = (await response.text()).slice(0, MAX_TOKEN_BYTES)
    if (!response.ok) return `GitHub's OIDC endpoint answered HTTP ${response.status}`
    const value = (JSON.parse(text) as {value?: unknown}).value
    if (typeof value !== 'string' || !value) return "GitHub's OIDC endpoint answered without a token"
    return new Secret(value)
  } catch (error) {
    return `GitHub's OIDC endpoint could not be reached (${(error as Error).name === 'TimeoutError' ? 'timeout' : 'network error'})`
  }
}

/** The claims Entra matches against the app's federated credentials; nothing when the token is not a JWT. */
export function federatedClaims(token: Secret): FederatedClaims {
  try {
    const c = jwtDecode<Record<string, unknown>>(token.reveal())
    const aud = Array.isArray(c.aud) ? c.aud.map(String).join(' ') : c.aud === undefined ? undefined : String(c.aud)
    return {
      issuer: c.iss === undefined ? undefined : String(c.iss),
      subject: c.sub === undefined ? undefined : String(c.sub),
      audience: aud,
      expires: typeof c.exp === 'number' ? new Date(c.exp * 1000).toISOString() : undefined,
    }
  } catch {
    return {}
  }
}
