// The lab's token signing key and the v1 app-only access tokens it signs (microsoft-behaviour.md §2.1).
// RSA 2048 takes 130–280 ms to generate on this machine's class of CPU, more than the lab's whole start budget,
// so startLab() begins generating it first and does not wait: the first token request or verification does.

import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import {createHash, randomBytes, webcrypto} from 'node:crypto'
import {exportJWK, jwtVerify, SignJWT, type JWK} from 'jose'
import type {Cloud} from '../core/cloud.js'
import type {LabTokenClaims} from './lab-types.js'

const RSA = {name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256'}
/** What the token endpoint reports as expires_in. */
export const EXPIRES_IN_S = 3599
/** Entra back-dates iat/nbf by five minutes, which is why a real token's exp - iat is about 3900 s. */
const BACKDATE_S = 300

export interface LabTokenKey {
  kid: string
  x5t: string
  /** The public key as Entra's JWKS lists it (kty, use, kid, x5t, n, e, x5c). */
  jwk: JWK & {kid: string; x5t: string; x5c: string[]}
  privateKey: webcrypto.CryptoKey
  publicKey: webcrypto.CryptoKey
}

/** Generates the key pair and a self-signed certificate for it (x5t is that certificate's SHA-1 thumbprint). */
export async function createLabTokenKey(now = new Date()): Promise<LabTokenKey> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
  x509.cryptoProvider.set(webcrypto as never)
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '03',
    name: 'CN=o365doctor lab token signing (not Microsoft)',
    notBefore: new Date(now.getTime() - 86_400_000),
    notAfter: new Date(now.getTime() + 30 * 86_400_000),
    keys: keys as never,
    signingAlgorithm: RSA,
  })
  const der = Buffer.from(cert.rawData)
  const x5t = createHash('sha1').update(der).digest('base64url')
  const jwk = {...(await exportJWK(keys.publicKey)), use: 'sig', kid: x5t, x5t, x5c: [der.toString('base64')]}
  return {kid: x5t, x5t, jwk, privateKey: keys.privateKey, publicKey: keys.publicKey}
}

let processKey: Promise<LabTokenKey> | undefined

/**
 * The signing key shared by every lab this process starts: generated once (a fleet run or a test file starts
 * many labs). Kept in memory only. A failed generation is not kept, so the next lab tries again.
 */
export function labTokenKeyOnce(): Promise<LabTokenKey> {
  processKey ??= createLabTokenKey().catch((error: unknown) => {
    processKey = undefined
    throw error
  })
  return processKey
}

/** The v1 issuer (and idp) of an app-only token: sts.windows.net, except in the 21Vianet cloud. */
export function labIssuer(cloud: Cloud, tenantId: string): string {
  return cloud === 'china' ? `https://sts.chinacloudapi.cn/${tenantId}/` : `https://sts.windows.net/${tenantId}/`
}

export interface TokenSubject {
  cloud: Cloud
  tenantId: string
  appId: string
  appDisplayName: string
  servicePrincipalId: string
  /** The resource exactly as requested (scope minus `/.default`). */
  audience: string
  /** Consented application permissions of that resource; empty means no `roles` claim. */
  roles: string[]
  /** Seconds from issue to `exp` (default EXPIRES_IN_S; a scenario's lab.tokenLifetimeS). */
  lifetimeS?: number
}

function opaque(bytes: number): string {
  return randomBytes(bytes).toString('base64url')
}

/** Claims in the order and form a real v1 app-only token has them. */
export function buildLabTokenClaims(subject: TokenSubject, now = new Date()): LabTokenClaims {
  const t = Math.floor(now.getTime() / 1000)
  const iss = labIssuer(subject.cloud, subject.tenantId)
  const claims: LabTokenClaims = {
    aud: subject.audience,
    iss,
    iat: t - BACKDATE_S,
    nbf: t - BACKDATE_S,
    exp: t + (subject.lifetimeS ?? EXPIRES_IN_S),
    aio: `E2${opaque(54)}`,
    app_displayname: subject.appDisplayName,
    appid: subject.appId,
    appidacr: '1',
    idp: iss,
    idtyp: 'app',
    oid: subject.servicePrincipalId,
    rh: `1.AAAA${opaque(42)}.`,
    sub: subject.servicePrincipalId,
    tid: subject.tenantId,
    uti: opaque(16),
    ver: '1.0',
  }
  if (subject.roles.length > 0) {
    // Keep Microsoft's claim order: roles sits between rh and sub.
    const {sub, tid, uti, ver, ...head} = claims
    return {...head, roles: [...subject.roles], sub, tid, uti, ver}
  }
  return claims
}

export async function signLabToken(key: LabTokenKey, claims: LabTokenClaims): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({typ: 'JWT', alg: 'RS256', x5t: key.x5t, kid: key.kid}).sign(key.privateKey)
}

/** How many verified tokens each signing key remembers (a fleet presents one token per tenant and scope). */
const VERIFIED_MAX = 256
const CLOCK_TOLERANCE_S = 5
const verified = new WeakMap<LabTokenKey, Map<string, LabTokenClaims>>()
let signatureChecks = 0

/** How many RSA signature checks verifyLabToken has made in this process (for tests of its cache). */
export const labTokenSignatureChecks = (): number => signatureChecks

/**
 * The claims when the lab signed this token, it has not expired and its issuer is `issuer`; else undefined.
 * A token that verified is remembered (by its exact string and issuer) until its exp: its signature cannot change,
 * and a fleet presents the same token on every login, so the lab checks the RSA signature once, not per login.
 * Only the lifetime is checked again on each use. Failures are not remembered.
 */
export async function verifyLabToken(key: LabTokenKey, token: string, issuer: string): Promise<LabTokenClaims | undefined> {
  let cache = verified.get(key)
  if (!cache) {
    cache = new Map()
    verified.set(key, cache)
  }
  const id = `${issuer}\n${token}`
  const known = cache.get(id)
  if (known) {
    if (Date.now() / 1000 <= known.exp + CLOCK_TOLERANCE_S) return {...known}
    cache.delete(id)
  }
  try {
    signatureChecks++
    const {payload} = await jwtVerify(token, key.publicKey, {issuer, algorithms: ['RS256'], clockTolerance: CLOCK_TOLERANCE_S})
    const claims = payload as unknown as LabTokenClaims
    if (typeof claims.exp === 'number') {
      if (cache.size >= VERIFIED_MAX) cache.delete(cache.keys().next().value!)
      cache.set(id, claims)
    }
    return {...claims}
  } catch {
    return undefined
  }
}
