// What the targets of a fleet run share: one token request per (cloud, authority, app, credential, scope), one
// Graph read per (app token, path). Each is a promise kept by key, so targets that start together wait for the
// same request instead of making their own. token.acquire and graph.access consult it through RunOptions.shared.
import {createHash} from 'node:crypto'
import type {SharedRequests} from '../checks/check.js'
import type {GraphResult} from '../probes/graph.js'
import type {ClientCredential, TokenResult} from '../probes/token.js'
import {tokenKey} from './plan.js'

/** A token that expires sooner than this is requested again rather than handed to another target. */
const FRESH_FOR_MS = 5 * 60_000

export interface SharedCounts {
  /** Token requests really sent, and token.acquire/graph.access calls that needed one. */
  tokenRequests: number
  tokenUses: number
  /** Graph GETs really sent, and GETs the checks asked for. */
  graphReads: number
  graphUses: number
}

export function createSharedRequests(now: () => number = Date.now): SharedRequests & {counts(): SharedCounts} {
  const tokens = new Map<string, Promise<TokenResult>>()
  const reads = new Map<string, Promise<GraphResult<unknown>>>()
  const counts: SharedCounts = {tokenRequests: 0, tokenUses: 0, graphReads: 0, graphUses: 0}
  return {
    async token(key, request) {
      counts.tokenUses++
      const cached = tokens.get(key)
      if (cached) {
        const result = await cached
        if (!result.ok || !result.expiresOn || result.expiresOn.getTime() - now() > FRESH_FOR_MS) return result
        if (tokens.get(key) !== cached) return this.token(key, request)
      }
      counts.tokenRequests++
      const pending = request()
      tokens.set(key, pending)
      // A request that threw (not a refusal: a bug or an abort) is not kept: the next target asks again.
      pending.catch(() => { if (tokens.get(key) === pending) tokens.delete(key) })
      return pending
    },
    graph<T>(key: string | undefined, read: () => Promise<GraphResult<T>>): Promise<GraphResult<T>> {
      counts.graphUses++
      const cached = key === undefined ? undefined : reads.get(key)
      if (cached) return cached as Promise<GraphResult<T>>
      counts.graphReads++
      const pending = read()
      if (key !== undefined) {
        reads.set(key, pending)
        pending.catch(() => { if (reads.get(key) === pending) reads.delete(key) })
      }
      return pending
    },
    counts: () => ({...counts}),
  }
}

/** The key of one token request: who asks (authority, app, credential) for what (scope). Never holds the secret. */
export function tokenRequestKey(r: {cloud: string; authority: string; clientId: string; credential: ClientCredential; scope: string}): string {
  return `${tokenKey({cloud: r.cloud, tenant: r.authority, clientId: r.clientId, credentialRef: credentialFingerprint(r.credential)})} ${r.scope}`
}

/** The last fingerprint made (a fleet's targets mostly share one credential). */
let last: {kind: ClientCredential['kind']; material: string; fingerprint: string} | undefined

/** Same credential, same fingerprint; a one-way hash, so the key never holds the secret. */
export function credentialFingerprint(c: ClientCredential): string {
  const material = c.kind === 'secret' ? c.secret.reveal() : c.kind === 'certificate' ? `${c.thumbprintSha256}\n${c.privateKey.reveal()}` : c.assertion.reveal()
  // A fleet's targets mostly share one credential: its hash is kept for the next target (one entry, no table).
  if (last && last.kind === c.kind && last.material === material) return last.fingerprint
  const fingerprint = `${c.kind}:${createHash('sha256').update(material).digest('hex')}`
  last = {kind: c.kind, material, fingerprint}
  return fingerprint
}

