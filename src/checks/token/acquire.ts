// token.acquire: get an app-only token for Exchange Online with the product's settings, through MSAL.
import {jwtDecode} from 'jwt-decode'
import {buildCause} from '../../diagnosis/catalogue.js'
import type {Cause} from '../../core/cause.js'
import type {Secret} from '../../core/secret.js'
import type {CauseId} from '../../core/cause-ids.js'
import {aadstsInfo} from '../../knowledge/aadsts-codes.js'
import {isGuid} from '../../settings/formats.js'
import {acquireAppToken, authorityFor, type TokenFailure, type TokenRequest, type TokenResult} from '../../probes/token.js'
import {tokenRequestKey} from '../../fleet/shared-requests.js'
import type {Check, CheckContext} from '../check.js'
import type {CheckOutcome} from '../../core/check.js'
import {fixValuesFromSettings} from '../../diagnosis/fix-values.js'
import {msalScope} from '../config/scope.js'
import type {FixValues} from '../../diagnosis/catalogue.js'
import {psArg} from '../../diagnosis/powershell.js'
import {setExchangeToken} from './facts.js'
import {credentialFor, type CredentialResult} from './credential.js'
import {credentialFailureOf} from './credential-failure.js'

export const tokenAcquire: Check = {
  id: 'token.acquire',
  title: 'Get an app-only token',
  needs: ['config.values', 'config.certificate'],
  async run(ctx) {
    const {settings} = ctx
    const authority = authorityFor(settings.cloud, settings.tenant!, settings.tokenUrl, settings.authorityHost)
    const credential = await credentialFor(settings, {timeoutMs: ctx.options.timeoutMs})
    if (!credential.ok) return {status: 'fail', summary: `no token requested: ${credential.problem}`, evidence: {authority}}
    ctx.facts.credential = credential
    const result = await requestToken(ctx, {
      cloud: settings.cloud, authority, clientId: settings.clientId!, credential: credential.credential,
      scope: msalScope(settings), network: ctx.network, signal: ctx.signal, deadline: ctx.deadline,
    })
    if (!result.ok) return failed(ctx, result.failure, authority, credential)
    // acquireAppToken checked the JWT shape; the claims we read must still have the types we read them as.
    const claims = typedClaims(decodedClaims(result.token))
    setExchangeToken(ctx, {token: result.token, claims})
    const minutes = result.expiresOn ? Math.round((result.expiresOn.getTime() - ctx.options.now().getTime()) / 60000) : undefined
    return {
      status: 'pass',
      summary: `token for ${String(claims.aud)}${minutes === undefined ? '' : `, expires in ${minutes} min`}`,
      evidence: {authority, scope: settings.scope, ...(result.proxy ? {proxy: result.proxy} : {}), token: result.token.preview(), aud: claims.aud, tid: claims.tid, appid: claims.appid, oid: claims.oid, roles: claims.roles ?? [], idtyp: claims.idtyp, ver: claims.ver},
    }
  },
}

/** A token request; in a fleet run through the requests the targets share (one per app, credential and scope). */
export function requestToken(ctx: Pick<CheckContext, 'options'>, request: TokenRequest): Promise<TokenResult> {
  const shared = ctx.options.shared
  return shared ? shared.token(tokenRequestKey(request), () => acquireAppToken(request)) : acquireAppToken(request)
}

/** What token.acquire presented: the loaded certificate and the federated token's claims (facts for later checks). */
export function presentedCredential(ctx: Pick<CheckContext, 'facts'>): CredentialResult | undefined {
  return ctx.facts.credential
}

function credentialValues(credential: CredentialResult): Record<string, unknown> {
  if (!credential.ok) return {}
  const c = credential.certificate
  const f = credential.federated
  return {
    ...(c ? {thumbprintSha1: c.thumbprintSha1, thumbprintSha256: c.thumbprintSha256} : {}),
    ...(f ? {federatedIssuer: f.issuer, federatedSubject: f.subject, federatedAudience: f.audience} : {}),
  }
}

function failed(ctx: CheckContext, failure: TokenFailure, authority: string, credential: CredentialResult): CheckOutcome {
  const {settings} = ctx
  const presented = credentialValues(credential)
  const evidence = {authority, scope: settings.scope, credential: credential.ok ? credential.credential.kind : undefined, ...presented, ...failure}
  const v = {
    ...fixValuesFromSettings(settings), ...presented, certificatePath: settings.certificate?.file,
    aadstsCode: failure.aadsts, correlationId: failure.correlationId, traceId: failure.traceId, timestamp: failure.timestamp,
  }
  if (failure.kind !== 'server') {
    const host = new URL(authority).host
    if (failure.transport === 'http-status' && (failure.httpStatus === 429 || (failure.httpStatus ?? 0) >= 500)) return unavailable(failure, host, evidence, v)
    const cause = tokenEndpointCause(failure, host, evidence, v)
    return {status: 'fail', summary: `${failure.transport === 'malformed-token' ? '' : `could not get a token from ${host}: `}${failure.description}`, evidence, causes: cause ? [cause] : []}
  }
  if (!failure.aadsts && failure.httpStatus !== undefined && (failure.httpStatus === 429 || failure.httpStatus >= 500)) {
    return unavailable(failure, new URL(authority).host, evidence, v)
  }
  const assertion = credentialFailureOf(failure.aadsts, failure.description, ctx.options.now())
  if (assertion) {
    // The presented token's own claims are more complete than the one claim Entra's text names.
    const values = {...assertion.values, ...v}
    const presentedValue = assertion.field === 'issuer' ? values.federatedIssuer : assertion.field === 'subject' ? values.federatedSubject : assertion.field === 'audience' ? values.federatedAudience : undefined
    if (presentedValue !== undefined) assertion.summary = assertion.summary.replace(`its ${assertion.field}`, `its ${assertion.field} "${presentedValue}"`)
    return {
      status: 'fail',
      summary: `Microsoft refused the token request: ${assertion.summary} (AADSTS${failure.aadsts})`,
      evidence: {...evidence, ...assertion.values, ...(assertion.field ? {mismatchedField: assertion.field, caseOnly: assertion.caseOnly} : {})},
      causes: [buildCause(assertion.cause, {confidence: 'certain', summary: assertion.summary.replace(/^./, (c) => c.toUpperCase()), evidence, checks: ['token.acquire']}, values)],
    }
  }
  // The sentence after the code can make a shared code more specific (e.g. 700027 "The key used is expired").
  const known = failure.aadsts ? aadstsInfo(failure.aadsts, failure.description) : undefined
  let id: CauseId = known?.cause ?? 'token.unknown-error'
  // A GUID secret refused as invalid is the Secret ID pasted instead of the Value: the specific cause wins.
  if (failure.aadsts === '7000215' && settings.clientSecret && isGuid(settings.clientSecret.reveal().trim())) id = 'config.secret-is-secret-id'
  return {
    status: 'fail',
    summary: `Microsoft refused the token request: ${failure.description}`,
    evidence,
    causes: [buildCause(id, {
      confidence: id === 'config.secret-is-secret-id' ? 'certain' : known?.confidence ?? 'likely',
      evidence, checks: ['token.acquire'],
    }, v)],
  }
}

/**
 * A fleet's targets share one token (one Secret): its payload is decoded once, not per target (jwt-decode's base64
 * was ~1.5% of a fleet's CPU). typedClaims copies what it keeps, so the cached object is never handed out.
 */
const decoded = new WeakMap<Secret, Record<string, unknown>>()
function decodedClaims(token: Secret): Record<string, unknown> {
  let raw = decoded.get(token)
  if (!raw) {
    raw = jwtDecode<Record<string, unknown>>(token.reveal())
    decoded.set(token, raw)
  }
  return raw
}

/** Claims with the types the later checks read: strings stay strings, roles a string array; anything else dropped. */
function typedClaims(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'roles' || k === 'scp') {
      if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string')
      else if (typeof v === 'string') out[k] = v
    } else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v
  }
  return out
}

const TRANSPORT_CAUSE: Record<Exclude<NonNullable<TokenFailure['transport']>, 'other'>, CauseId> = {
  dns: 'network.dns-failure', refused: 'network.connection-refused', reset: 'network.connection-reset', timeout: 'network.timeout',
  tls: 'network.tls-failure', proxy: 'network.proxy-failure', 'http-status': 'network.unexpected-reply', oversized: 'network.unexpected-reply',
  'not-json': 'network.unexpected-reply', 'malformed-token': 'network.unexpected-reply',
}

/** The token endpoint could not be used: the cause names what happened there, and the fix is about HTTPS to it. */
function tokenEndpointCause(failure: TokenFailure, host: string, evidence: Record<string, unknown>, v: FixValues): Cause | undefined {
  const t = failure.transport ?? (/ENOTFOUND|EAI_AGAIN/.test(failure.description) ? 'dns' : /timeout|ETIMEDOUT/i.test(failure.description) ? 'timeout' : 'other')
  // A failure that names nothing we recognise is left unexplained (check.unexplained-failure), not given a story.
  if (t === 'other') return undefined
  const id = TRANSPORT_CAUSE[t]
  const via = failure.proxy ? ` through the proxy ${failure.proxy}` : ''
  const what: Record<typeof t, string> = {
    dns: `${host} did not resolve (${failure.code ?? 'DNS'}).`,
    refused: `the connection to ${host}:443${via} was refused.`,
    reset: `the connection to ${host}:443${via} was closed or reset${failure.step ? ` while waiting for the ${failure.step}` : ''} (${failure.code ?? 'no code'}).`,
    timeout: `${host}${via} did not answer in time: nothing came while waiting for the ${failure.step ?? 'reply'}.`,
    tls: `TLS to ${host}${via} failed: ${failure.code ?? failure.description}. A TLS-inspecting proxy or an outdated CA store is the usual reason.`,
    proxy: `the proxy ${failure.proxy ?? '(HTTPS_PROXY)'} did not open a tunnel to ${host}:443: ${failure.description}.`,
    'http-status': `${host}${via} answered HTTP ${failure.httpStatus ?? '?'} with a body that is not Entra ID's JSON${failure.retryAfter ? `; Retry-After: ${failure.retryAfter}` : ''}. ${failure.httpStatus === 429 ? 'The endpoint is throttling: wait as long as Retry-After says.' : (failure.httpStatus ?? 0) >= 500 ? 'A server error: Entra ID or a proxy in between is failing; retry later.' : 'Something other than Entra ID answered (a proxy or a captive portal).'}`,
    oversized: `${host}${via} sent a reply larger than any Entra ID token reply (${failure.description}). Something other than Entra ID answered.`,
    'not-json': `${host}${via} answered with something that is not Entra ID's JSON. Something other than Entra ID answered (a proxy or a captive portal).`,
    'malformed-token': `${failure.description}. Something other than Entra ID answered (a proxy, or a wrong --token-url).`,
  }
  const cause = buildCause(id, {
    confidence: 'certain', summary: `The token endpoint ${host}: ${what[t]}`, explanation: `Getting the token failed before Entra ID judged the credentials: ${what[t]}`,
    evidence, checks: ['token.acquire'],
  }, {...v, host, port: 443})
  cause.remediation = {
    steps: [
      `From the product's server, check that HTTPS (port 443) to ${host} works${failure.proxy ? ` through the proxy ${failure.proxy}` : ', and whether the network requires a proxy (HTTPS_PROXY)'}.`,
      ...(t === 'tls' ? [`If a TLS-inspecting proxy sits in the way, trust its CA in the product's runtime or exempt ${host} from inspection.`] : []),
      ...(t === 'http-status' && failure.retryAfter ? [`Wait ${failure.retryAfter} seconds (Retry-After) before the next attempt.`] : []),
      ...(t === 'malformed-token' || t === 'not-json' || t === 'oversized' ? ['Check the token URL the product is configured with: it must be https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token (or the cloud\'s equivalent).'] : []),
    ],
    powershell: [`Test-NetConnection -ComputerName ${psArg(host, 'host')} -Port 443`, `Invoke-WebRequest -UseBasicParsing -Uri ${psArg(`https://${host}/common/discovery/instance?api-version=1.1`, 'url')}`],
  }
  return cause
}

/** 429/5xx without an AADSTS code: throttled or failing, with the Retry-After it gave. */
function unavailable(failure: TokenFailure, host: string, evidence: Record<string, unknown>, v: FixValues): CheckOutcome {
  const status = `HTTP ${failure.httpStatus}${failure.retryAfter ? ` with Retry-After: ${failure.retryAfter}` : ''}`
  const summary = `the token endpoint ${host} answered ${status}${failure.httpStatus === 429 ? ' (throttled)' : ' (server error)'}`
  const cause = buildCause('token.endpoint-unavailable', {confidence: 'certain', summary: `The token endpoint ${host} answered ${status}`, evidence, checks: ['token.acquire']},
    {...v, host, serverReply: status})
  if (failure.retryAfter) cause.remediation.steps[0] = `Wait ${failure.retryAfter} seconds (the Retry-After header), then run again; a product that retries in a tight loop keeps itself throttled.`
  return {status: 'fail', summary, evidence, causes: [cause]}
}
