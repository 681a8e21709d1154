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

// A fleet's first wave opens dozens of connections to the same endpoint at once, before any ticket is known: each
// would pay a full handshake (the server's RSA signature, the client's chain checks), about half the TLS CPU of a
// 100-target run. So while one full handshake to a key is under way, the others to that key wait for its ticket
// (bounded; after the TCP connect, where the lab and real servers make them wait anyway) and resume it. A waiter that
// gets no ticket (refused, untrusted, a server that issues none) does its own full handshake, as before.
const establishing = new Map<string, Promise<void>>()

/** How long a trusted full handshake's ticket is waited for after 'secureConnect' (TLS 1.3 sends it just after). */
export const TICKET_GRACE_MS = 100

/**
 * The remembered session for `key`; when there is none but a full handshake to `key` is under way, waits for it
 * (at most `maxWaitMs`, or until `signal` aborts) and returns the session it left, if any.
 */
export async function sessionToResume(key: string, maxWaitMs: number, signal?: AbortSignal): Promise<RememberedSession | undefined> {
  const known = sessions.get(key)
  const pending = known ? undefined : establishing.get(key)
  if (!pending || signal?.aborted) return known
  let timer: NodeJS.Timeout | undefined
  let onAbort: (() => void) | undefined
  await Promise.race([
    pending,
    new Promise<void>((wake) => {
      timer = setTimeout(wake, maxWaitMs)
      onAbort = wake
      signal?.addEventListener('abort', onAbort, {once: true})
    }),
  ])
  clearTimeout(timer)
  if (onAbort) signal?.removeEventListener('abort', onAbort)
  return sessions.get(key)
}

/**
 * Marks a full handshake to `key` as under way (unless one already is: then undefined) and returns what ends it:
 * call it when its ticket is remembered or it can leave none. Calling it twice is harmless.
 */
export function establishSession(key: string): (() => void) | undefined {
  if (establishing.has(key)) return undefined
  let wake!: () => void
  const pending = new Promise<void>((resolve) => (wake = resolve))
  establishing.set(key, pending)
  return () => {
    if (establishing.get(key) === pending) establishing.delete(key)
    wake()
  }
}
