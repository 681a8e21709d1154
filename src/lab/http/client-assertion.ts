// Entra's checks of a client_assertion (lab-scenario.md "Additions"): a self-signed certificate assertion
// (§8.1: iss = client ID, x5t or x5t#S256 names a registered certificate) or an external federated token (§8.2:
// issuer, audience, subject matched against the app's federated credentials). Returns the AADSTS error, if any.
import {createHash, createPublicKey, X509Certificate} from 'node:crypto'
import {decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload, type ProtectedHeaderParameters} from 'jose'
import {CLOUD_ENDPOINTS} from '../../core/cloud.js'
import type {ScenarioApplication, ScenarioCertificate} from '../scenario/types.js'
import {aadsts, type EntraError} from './entra-errors.js'
import {authorityHostsOf, type LabContext} from './lab-context.js'

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
/** Clock leeway on nbf/exp. Not documented for Entra [U]; five minutes is the common JWT validator default. */
const LEEWAY_S = 300

interface Parsed {
  header: ProtectedHeaderParameters
  payload: JWTPayload
}

function parse(assertion: string): Parsed | undefined {
  try {
    return {header: decodeProtectedHeader(assertion), payload: decodeJwt(assertion)}
  } catch {
    return undefined
  }
}

export async function checkClientAssertion(
  ctx: LabContext, app: ScenarioApplication, assertion: string, tenant: string, host: string, now: Date,
): Promise<EntraError | undefined> {
  const parsed = parse(assertion)
  if (!parsed || Array.isArray(parsed.payload.aud)) return aadsts.assertionMalformed()
  // A self-signed assertion names an app ID as its issuer; an external (federated) token names its issuer's URL.
  if (/^https?:\/\//i.test(String(parsed.payload.iss ?? ''))) {
    return checkFederated(ctx, app, assertion, parsed, now)
  }
  return checkCertificate(app, assertion, parsed, tenant, host, ctx, now)
}

function hex(b64url: string): string {
  return Buffer.from(b64url, 'base64url').toString('hex').toUpperCase()
}

async function checkCertificate(app: ScenarioApplication, assertion: string, {header, payload}: Parsed, tenant: string, host: string, ctx: LabContext, now: Date): Promise<EntraError | undefined> {
  const alg = String(header.alg ?? '')
  if (alg !== 'RS256' && alg !== 'PS256') return aadsts.assertionAlgorithm(alg)
  const x5t256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined
  const x5t = typeof header.x5t === 'string' ? header.x5t : undefined
  const registered = (app.certificates ?? []).map((c) => ({c, x509: new X509Certificate(c.pem)}))
  const match = (c: {x509: X509Certificate}) =>
    (x5t256 !== undefined && createHash('sha256').update(c.x509.raw).digest('base64url') === x5t256) ||
    (x5t !== undefined && createHash('sha1').update(c.x509.raw).digest('base64url') === x5t)
  const thumbprint = x5t256 !== undefined ? hex(x5t256) : x5t !== undefined ? hex(x5t) : undefined
  const shown = thumbprint && (thumbprint.length === 40 || thumbprint.length === 64) ? thumbprint : undefined
  const found = registered.filter(match)
  if (found.length === 0) return aadsts.keyNotFound(app.appId, shown)
  const live = found.filter(({c}) => c.expires.getTime() > now.getTime())
  if (live.length === 0) {
    const c: ScenarioCertificate = found[0]!.c
    return aadsts.keyExpired(shown ?? '', new Date(found[0]!.x509.validFrom), c.expires)
  }
  let verified = false
  for (const {x509} of live) {
    try {
      await jwtVerify(assertion, createPublicKey(x509.publicKey.export({type: 'spki', format: 'pem'})), {algorithms: [alg], currentDate: new Date(0), clockTolerance: Number.MAX_SAFE_INTEGER})
      verified = true
      break
    } catch {
      // the next registered key with the same thumbprint, if any
    }
  }
  if (!verified) return aadsts.keySignatureFailed(app.appId, shown ?? '')
  const timeError = checkTime(payload, now)
  if (timeError) return timeError
  if (payload.iss !== app.appId) return aadsts.assertionAppId()
  if (payload.sub !== payload.iss) return aadsts.assertionSubject()
  if (!audienceMatches(String(payload.aud ?? ''), ctx, tenant, host)) return aadsts.assertionAudience()
  return undefined
}

function checkTime(payload: JWTPayload, now: Date): EntraError | undefined {
  const t = now.getTime() / 1000
  const nbf = typeof payload.nbf === 'number' ? payload.nbf : undefined
  const exp = typeof payload.exp === 'number' ? payload.exp : undefined
  if ((nbf !== undefined && nbf > t + LEEWAY_S) || exp === undefined || exp < t - LEEWAY_S) {
    return aadsts.assertionTime(now, nbf === undefined ? undefined : new Date(nbf * 1000), exp === undefined ? undefined : new Date(exp * 1000))
  }
  return undefined
}

/** aud must be this tenant's token endpoint on this cloud's authority (v2 or v1), as one string. */
function audienceMatches(aud: string, ctx: LabContext, tenant: string, host: string): boolean {
  const m = aud.match(/^https:\/\/([^/]+)\/([^/]+)\/oauth2\/(v2\.0\/)?token\/?$/i)
  if (!m) return false
  const t = m[2]!.toLowerCase()
  const st = ctx.scenario.tenant
  const hostOk = authorityHostsOf(st.cloud).includes(m[1]!.toLowerCase()) || m[1]!.toLowerCase() === host || m[1]!.toLowerCase() === CLOUD_ENDPOINTS[st.cloud].authorityHost
  return hostOk && (t === tenant.toLowerCase() || t === st.id || st.domains.includes(t))
}

async function checkFederated(ctx: LabContext, app: ScenarioApplication, assertion: string, {payload}: Parsed, now: Date): Promise<EntraError | undefined> {
  const iss = String(payload.iss ?? '')
  const aud = Array.isArray(payload.aud) ? payload.aud.map(String) : [String(payload.aud ?? '')]
  const sub = String(payload.sub ?? '')
  const credentials = app.federatedCredentials ?? []
  const byIssuer = credentials.filter((c) => c.issuer === iss)
  if (byIssuer.length === 0) return aadsts.federationIssuer(iss)
  // Entra fetches the issuer's keys through its discovery document; every lab issuer shares the lab's key.
  // A token no lab issuer signed is unverifiable: the same reply as an unknown issuer [U].
  const verified = await ctx.federation?.verify(assertion)
  if (!verified) return aadsts.federationIssuer(iss)
  const timeError = checkTime(payload, now)
  if (timeError) return timeError
  const byAudience = byIssuer.filter((c) => c.audiences.some((a) => aud.includes(a)))
  if (byAudience.length === 0) return aadsts.federationAudience(aud.join(' '))
  if (byAudience.some((c) => c.subject === sub)) return undefined
  if (byAudience.some((c) => c.subject.toLowerCase() === sub.toLowerCase())) return aadsts.federationSubjectCase(sub)
  return aadsts.federationSubject(sub)
}
