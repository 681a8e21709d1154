// The external OIDC issuers of the lab (GitHub Actions, Kubernetes…): one RSA key signs the client's federated
// token for whatever issuer URL the scenario names, and the same key verifies presented tokens, as Entra does
// with the issuer's discovery document and JWKS (§8.2.1). Discovery and keys are served by identity-routes.
import {decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload} from 'jose'
import {randomUUID} from 'node:crypto'
import {createLabTokenKey, type LabTokenKey} from '../token-jwt.js'
import type {Scenario} from '../scenario/types.js'
import {allAuthorityHosts, allGraphHosts} from './lab-context.js'

/** Host names of the scenario's external issuers (https URLs only; never a Microsoft host the lab already serves). */
export function federationIssuerHosts(scenario: Scenario): string[] {
  const urls = [
    ...scenario.applications.flatMap((a) => (a.federatedCredentials ?? []).map((c) => c.issuer)),
    ...(scenario.client.federatedToken ? [scenario.client.federatedToken.issuer] : []),
  ]
  const taken = new Set([...allAuthorityHosts(), ...allGraphHosts()])
  const hosts = new Set<string>()
  for (const url of urls) {
    try {
      const u = new URL(url)
      if (u.protocol === 'https:' && !taken.has(u.hostname.toLowerCase())) hosts.add(u.hostname.toLowerCase())
    } catch {
      // not a URL: Entra could not fetch its discovery either
    }
  }
  return [...hosts]
}

/** GitHub's OIDC tokens live about five minutes after issue; the lab's last long enough for a slow run. */
const LIFETIME_S = 600

export interface FederationIssuer {
  mint(claims: {issuer: string; subject: string; audience: string}, now?: Date): Promise<string>
  /** The payload when the lab's issuer key signed the token (time not checked: Entra reports that as 700024). */
  verify(token: string): Promise<JWTPayload | undefined>
  /** The JWKS every lab issuer publishes. */
  jwks(): Promise<{keys: unknown[]}>
}

export function createFederationIssuer(): FederationIssuer {
  let key: Promise<LabTokenKey> | undefined
  const keyOf = () => (key ??= createLabTokenKey())
  return {
    async mint(claims, now = new Date()) {
      const k = await keyOf()
      const t = Math.floor(now.getTime() / 1000)
      return new SignJWT({jti: randomUUID(), sub: claims.subject, aud: claims.audience, iss: claims.issuer, nbf: t, exp: t + LIFETIME_S, iat: t})
        .setProtectedHeader({typ: 'JWT', alg: 'RS256', x5t: k.x5t, kid: k.kid}).sign(k.privateKey)
    },
    async verify(token) {
      try {
        const header = decodeProtectedHeader(token)
        const k = await keyOf()
        if (header.kid !== k.kid) return undefined
        const {payload} = await jwtVerify(token, k.publicKey, {algorithms: ['RS256'], currentDate: new Date(0), clockTolerance: Number.MAX_SAFE_INTEGER})
        return payload
      } catch {
        return undefined
      }
    },
    async jwks() {
      const k = await keyOf()
      return {keys: [k.jwk]}
    },
  }
}

/** The OIDC discovery document of a lab issuer at `issuer` (the fields Entra reads). */
export function discoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks`,
    subject_types_supported: ['public', 'pairwise'],
    response_types_supported: ['id_token'],
    claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid'],
  }
}
