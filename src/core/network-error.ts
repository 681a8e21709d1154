// What a network error code means, defined once for the token endpoint, Graph and the mail probes: which of the
// network causes it is, and whether the peer really refused (only ECONNREFUSED is an active refusal). An error
// nobody recognises maps to nothing: better "unexplained" than a wrong story.
import type {CauseId} from './cause-ids.js'

export type NetworkFailure = 'dns' | 'refused' | 'unreachable' | 'timeout' | 'tls'

const BY_CODE: Record<string, NetworkFailure> = {
  ENOTFOUND: 'dns', EAI_AGAIN: 'dns', EAI_NONAME: 'dns', EAI_FAIL: 'dns', EAI_NODATA: 'dns', EAI_ADDRFAMILY: 'dns',
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'unreachable', ENETUNREACH: 'unreachable', ENETDOWN: 'unreachable', EHOSTDOWN: 'unreachable',
  EADDRNOTAVAIL: 'unreachable', ECONNRESET: 'unreachable', EPIPE: 'unreachable',
  ETIMEDOUT: 'timeout', ESOCKETTIMEDOUT: 'timeout', CONNECT_TIMEOUT: 'timeout', UND_ERR_CONNECT_TIMEOUT: 'timeout',
  CERT_HAS_EXPIRED: 'tls', DEPTH_ZERO_SELF_SIGNED_CERT: 'tls', SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls', UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls', ERR_TLS_CERT_ALTNAME_INVALID: 'tls', EPROTO: 'tls',
}

export const CAUSE_OF_NETWORK_FAILURE: Record<NetworkFailure, CauseId> = {
  dns: 'network.dns-failure',
  refused: 'network.connection-refused',
  // No route is not a refusal, but it is the same "cannot connect" cause; the catalogue words it by its code.
  unreachable: 'network.connection-refused',
  timeout: 'network.timeout',
  tls: 'network.tls-failure',
}

const CODE = /\b(E[A-Z_]{3,}|[A-Z]+(?:_[A-Z]+)+)\b/g

/** The kind of network failure a code, or a message that contains one, names; undefined when none is recognised. */
export function networkFailureOf(codeOrText: string | undefined): {kind: NetworkFailure; code: string} | undefined {
  for (const m of (codeOrText ?? '').matchAll(CODE)) {
    const kind = BY_CODE[m[1]!]
    if (kind) return {kind, code: m[1]!}
  }
  if (/\btimed? ?out\b|timeout/i.test(codeOrText ?? '')) return {kind: 'timeout', code: 'ETIMEDOUT'}
  if (/certificate|self[ -]signed|\bTLS\b|\bSSL\b/i.test(codeOrText ?? '')) return {kind: 'tls', code: 'TLS'}
  return undefined
}
