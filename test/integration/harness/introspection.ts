// The token authority Dovecot asks (`passdb oauth2`, introspection_mode = post): POST /introspect with
// `token=<jwt>` as form data. The answer is programmable per test:
//   accept — valid when the lab verifies the token (signature, expiry, issuer), else inactive;
//   reject — every token is inactive (revoked);
//   down   — the port refuses connections (Dovecot: `[UNAVAILABLE] Temporary authentication failure`).
// Scalar fields only in the JSON (Dovecot 2.3's parser and arrays do not mix well).
import {createServer, type Server} from 'node:https'
import type {AddressInfo} from 'node:net'

export type IntrospectionMode = 'accept' | 'reject' | 'down'

export interface IntrospectionOptions {
  key: string
  cert: string
  /** The lab's verifier: claims when the token is one the lab signed and still valid. */
  verifyToken(token: string): Promise<unknown>
  /** Domain of the mailboxes the app may use; the answer's email is `app@<domain>` (Dovecot compares domains). */
  domain: string
  timeoutMs: number
}

export interface IntrospectionEndpoint {
  port: number
  url: string
  /** Calls answered so far, by result; lets tests prove Dovecot really asked. */
  readonly counts: {active: number; inactive: number}
  setMode(mode: IntrospectionMode): Promise<void>
  close(): Promise<void>
}

const LOOPBACK = '127.0.0.1'
const MAX_BODY = 64 * 1024

function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((ok, ko) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
      if (body.length > MAX_BODY) req.destroy(new Error('body too large'))
    })
    req.on('end', () => ok(body))
    req.on('error', ko)
  })
}

function listen(server: Server, port: number, timeoutMs: number): Promise<number> {
  return new Promise((ok, ko) => {
    const timer = setTimeout(() => ko(new Error(`introspection endpoint: no listen within ${timeoutMs} ms`)), timeoutMs)
    server.once('error', (e) => (clearTimeout(timer), ko(e)))
    server.listen(port, LOOPBACK, () => {
      clearTimeout(timer)
      ok((server.address() as AddressInfo).port)
    })
  })
}

function shut(server: Server): Promise<void> {
  return new Promise((ok) => {
    if (!server.listening) return ok()
    server.close(() => ok())
    server.closeAllConnections()
  })
}

export async function startIntrospection(o: IntrospectionOptions): Promise<IntrospectionEndpoint> {
  let mode: IntrospectionMode = 'accept'
  const counts = {active: 0, inactive: 0}
  const server = createServer({key: o.key, cert: o.cert}, (req, res) => {
    const answer = (status: number, body: Record<string, string>): void => {
      res.writeHead(status, {'content-type': 'application/json'})
      res.end(JSON.stringify(body))
    }
    if (req.method !== 'POST' || !req.url?.startsWith('/introspect')) return answer(404, {error: 'not_found'})
    readBody(req)
      .then(async (body) => {
        const token = new URLSearchParams(body).get('token') ?? ''
        const claims = mode === 'accept' && token ? await o.verifyToken(token).catch(() => undefined) : undefined
        if (claims) {
          counts.active++
          return answer(200, {active: 'true', email: `app@${o.domain}`})
        }
        counts.inactive++
        return answer(200, {active: 'false'})
      })
      .catch(() => answer(400, {error: 'invalid_request'}))
  })
  server.keepAliveTimeout = 1000
  const port = await listen(server, 0, o.timeoutMs)
  return {
    port,
    url: `https://${LOOPBACK}:${port}/introspect`,
    counts,
    async setMode(next) {
      if (next === 'down' && mode !== 'down') await shut(server)
      // Same port again, so Dovecot's configured URL stays right (Node listens with SO_REUSEADDR).
      if (next !== 'down' && mode === 'down') await listen(server, port, o.timeoutMs)
      mode = next
    },
    close: () => shut(server),
  }
}
