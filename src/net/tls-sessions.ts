// TLS sessions the doctor may resume. A fleet opens thousands of connections to the same few host:port pairs; a
// resumed session skips the certificate exchange and its checks (the largest CPU cost of a connection), as real
// mail clients do. Only a session whose full handshake was trusted is remembered, together with the certificate
// facts that handshake showed, so a resumed connection reports what was really checked (and says it resumed).
import type tls from 'node:tls'
import type {TlsFacts} from '../probes/types.js'

export interface RememberedSession {
  session: Buffer
  /** The facts of the full handshake that established the session (its certificate was trusted). */
  facts: TlsFacts
}

const MAX_SESSIONS = 64
const sessions = new Map<string, RememberedSession>()
const contextIds = new WeakMap<tls.SecureContext, number>()
let nextContextId = 1

/** Which connections may share a session: same address, port, server name and trust (the same context object). */
export function tlsSessionKey(address: string, port: number, servername: string, context?: tls.SecureContext): string {
  let trust = 0
  if (context) {
    trust = contextIds.get(context) ?? nextContextId++
    contextIds.set(context, trust)
  }
  return `${address}\n${port}\n${servername}\n${trust}`
}

export function rememberedSession(key: string): RememberedSession | undefined {
  return sessions.get(key)
}

/** Remembers a trusted session (the latest one per key; the oldest keys go first beyond MAX_SESSIONS). */
export function rememberSession(key: string, session: Buffer, facts: TlsFacts): void {
  if (!facts.authorized) return
  sessions.delete(key)
  if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value!)
  sessions.set(key, {session, facts: {...facts}})
}

export function forgetSession(key: string): void {
  sessions.delete(key)
}
