// One TLS context per trust set, built once and reused by every connection that trusts the same CAs. Building
// one with the system's roots plus the lab CA costs ~50 ms of CPU (every root is parsed again); a check opens
// six such connections and a fleet run thousands.
import tls from 'node:tls'
import type {NetworkRoute} from './routes.js'

const MAX_CONTEXTS = 16
const contexts = new Map<string, tls.SecureContext>()
let lastCaOnly: {pem: string; context: tls.SecureContext} | undefined
let lastWithSystem: {pem: string; context: tls.SecureContext} | undefined

/** The context trusting `caPem` (and the system's roots unless `caOnly`); the same object for the same set. */
export function secureContextFor(caPem: string, options: {caOnly?: boolean} = {}): tls.SecureContext {
  // Every connection of a run asks with the same PEM string: compared by identity first, no key built and hashed.
  const last = options.caOnly ? lastCaOnly : lastWithSystem
  if (last && last.pem === caPem) return last.context
  const key = `${options.caOnly ? 'ca-only' : 'system+ca'}\n${caPem}`
  let context = contexts.get(key)
  if (!context) {
    context = tls.createSecureContext({ca: options.caOnly ? [caPem] : [...tls.rootCertificates, caPem]})
    // Bounded: a long-lived process that meets many labs keeps only the latest few.
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!)
    contexts.set(key, context)
  }
  if (options.caOnly) lastCaOnly = {pem: caPem, context}
  else lastWithSystem = {pem: caPem, context}
  return context
}

/** TLS options for a route: its extra CA as a shared context; nothing (the system's trust) without one. */
export function trustOptions(route: NetworkRoute): {secureContext?: tls.SecureContext} {
  return route.ca ? {secureContext: secureContextFor(route.ca)} : {}
}
