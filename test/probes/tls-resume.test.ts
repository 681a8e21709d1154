// TLS session resumption (net/tls-sessions.ts, probes/tcp-tls.ts secure()): a second connection to the same
// host:port, name and trust resumes the trusted session, says so, and reports the certificate its full handshake
// checked; an untrusted handshake is never remembered.
import assert from 'node:assert/strict'
import {once} from 'node:events'
import type {AddressInfo} from 'node:net'
import tls from 'node:tls'
import {after, describe, it} from 'node:test'
import {createLabPki} from '../../src/lab/pki.js'
import {rememberedSession, tlsSessionKey} from '../../src/net/tls-sessions.js'
import {trustOptions} from '../../src/net/trust.js'
import {secure, tcpConnect} from '../../src/probes/tcp-tls.js'
import {Transcript} from '../../src/probes/transcript.js'
import type {TlsFacts} from '../../src/probes/types.js'

const NAME = 'outlook.office365.com'

async function server(identity: {key: string; cert: string}): Promise<tls.Server> {
  // Says one line once secure, as a mail server greets; the session ticket travels with it.
  const open = new Set<import('node:net').Socket>()
  const s = tls.createServer({key: identity.key, cert: identity.cert}, (c) => c.end('hello\r\n'))
  s.on('connection', (c) => (open.add(c), c.on('close', () => open.delete(c))))
  s.listen(0, '127.0.0.1')
  await once(s, 'listening')
  after(() => {
    for (const c of open) c.destroy()
    s.close()
  })
  return s
}

async function connect(port: number, ca: string): Promise<{facts: {tls?: TlsFacts}; transcript: Transcript; error?: Error}> {
  const route = {connectHost: '127.0.0.1', connectPort: port, servername: NAME, ca}
  const facts: {tls?: TlsFacts} = {}
  const transcript = new Transcript((text: string) => text, true)
  const opts = {timeoutMs: 5000}
  const socket = await tcpConnect('127.0.0.1', port, opts)
  try {
    const s = await secure(socket, route, opts, facts as never, transcript)
    await once(s, 'data')
    await new Promise((r) => setImmediate(r))
    s.destroy()
    return {facts, transcript}
  } catch (error) {
    socket.destroy()
    return {facts, transcript, error: error as Error}
  }
}

const said = (t: Transcript) => t.lines.map((l) => l.text).join('\n')

describe('TLS session resumption', () => {
  it('resumes a trusted session on the next connection and reports the full handshake\'s certificate', async () => {
    const pki = await createLabPki()
    const port = ((await server(pki.identityFor(NAME))).address() as AddressInfo).port
    const first = await connect(port, pki.caPem)
    assert.equal(first.error, undefined)
    assert.equal(first.facts.tls?.authorized, true)
    assert.doesNotMatch(said(first.transcript), /resumed/)
    const second = await connect(port, pki.caPem)
    assert.equal(second.error, undefined)
    assert.match(said(second.transcript), /TLS session resumed/)
    assert.equal(second.facts.tls?.authorized, true)
    for (const k of ['subject', 'issuer', 'validTo', 'protocol'] as const) assert.equal(second.facts.tls?.[k], first.facts.tls?.[k], k)
  })

  it('does not resume under another trust set, and never remembers an untrusted handshake', async () => {
    const [pki, other] = await Promise.all([createLabPki(), createLabPki()])
    const port = ((await server(pki.identityFor(NAME))).address() as AddressInfo).port
    assert.equal((await connect(port, pki.caPem)).error, undefined)
    // The same server under a CA that did not sign it: a full handshake, refused, nothing remembered.
    const untrusted = await connect(port, other.caPem)
    assert.match(String(untrusted.error?.message), /not trusted/)
    assert.doesNotMatch(said(untrusted.transcript), /resumed/)
    assert.equal(untrusted.facts.tls?.authorized, false)
    assert.equal(rememberedSession(tlsSessionKey('127.0.0.1', port, NAME, trustOptions({connectHost: '127.0.0.1', connectPort: port, servername: NAME, ca: other.caPem}).secureContext)), undefined)
  })
})
