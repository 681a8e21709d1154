import assert from 'node:assert/strict'
import {after, before, test} from 'node:test'
import {probeEndpoint, probeLogin} from '../../src/probes/index.js'
import {assertNoSecrets, labPki, mapTo, TOKEN, USER} from './fixtures/lab.js'
import {EXO_IMAP_GREETING, EXO_POP_GREETING, EXO_SMTP_BANNER, imapScript, popScript, smtpScript} from './fixtures/mail-scripts.js'
import {closedPort, receivedSoon, startScriptedServer, type ScriptedServer, type ScriptedServerOptions} from './fixtures/scripted-server.js'

const SMTP = 'smtp.office365.com'
const OUTLOOK = 'outlook.office365.com'
const servers: ScriptedServer[] = []
before(() => labPki())
after(() => Promise.all(servers.map((s) => s.close())))

async function serve(o: Omit<ScriptedServerOptions, 'identity'>): Promise<ScriptedServer> {
  const pki = await labPki()
  const server = await startScriptedServer({...o, identity: pki.identityFor(OUTLOOK)})
  servers.push(server)
  return server
}
const login = {user: USER, token: TOKEN}

test('connection refused (a closed loopback port): stage connect, ECONNREFUSED', async () => {
  const map = await mapTo(`${SMTP}:587`, await closedPort())
  for (const protocol of ['smtp', 'imap', 'pop'] as const) {
    const r = await probeLogin(protocol, {...login, endpoint: {host: SMTP, port: 587, tls: 'starttls'}, map, timeoutMs: 3000, transcript: true})
    assert.equal(r.ok, false)
    assert.equal(r.error?.stage, 'connect', protocol)
    assert.equal(r.error?.code, 'ECONNREFUSED')
    assertNoSecrets(r)
  }
})

test('a (host, port) the lab map lacks is refused, never sent to the real host', async () => {
  const map = await mapTo(`${SMTP}:587`, await closedPort())
  const r = await probeLogin('smtp', {...login, endpoint: {host: SMTP, port: 465, tls: 'implicit'}, map, timeoutMs: 3000, transcript: true})
  assert.equal(r.error?.stage, 'connect')
  assert.equal(r.error?.code, 'ECONNREFUSED')
})

test('DNS failure: a .invalid host without a map fails at stage dns', async () => {
  const r = await probeLogin('imap', {...login, endpoint: {host: 'no-such-host.invalid', port: 993, tls: 'implicit'}, timeoutMs: 3000, transcript: true})
  assert.equal(r.ok, false)
  assert.equal(r.error?.stage, 'dns', JSON.stringify(r.error))
  assert.match(r.error?.code ?? '', /^(ENOTFOUND|EAI_AGAIN|EAI_FAIL|ENODATA)$/)
})

test('timeout: a plaintext server that never speaks → greeting timeout (not a TLS mismatch), within bounds', async () => {
  const server = await serve({greeting: null})
  const started = Date.now()
  const r = await probeLogin('smtp', {...login, endpoint: {host: SMTP, port: 587, tls: 'starttls'}, map: await mapTo(`${SMTP}:587`, server.port), timeoutMs: 400, transcript: true})
  assert.equal(r.error?.stage, 'greeting', JSON.stringify(r.error))
  assert.equal(r.error?.code, 'GREETING_TIMEOUT')
  assert.notEqual(r.error?.tlsModeMismatch, true)
  assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`)
})

test('timeout: implicit TLS to a server that never answers the handshake → stage tls, ETIMEDOUT', async () => {
  const server = await serve({greeting: null})
  const r = await probeLogin('pop', {...login, endpoint: {host: OUTLOOK, port: 995, tls: 'implicit'}, map: await mapTo(`${OUTLOOK}:995`, server.port), timeoutMs: 400, transcript: true})
  assert.equal(r.error?.stage, 'tls')
  assert.equal(r.error?.code, 'ETIMEDOUT')
})

test('abort: the signal ends a probe that would otherwise wait long', async () => {
  const server = await serve({greeting: null})
  const started = Date.now()
  const r = await probeLogin('imap', {
    ...login,
    endpoint: {host: OUTLOOK, port: 993, tls: 'implicit'},
    map: await mapTo(`${OUTLOOK}:993`, server.port),
    timeoutMs: 20_000,
    signal: AbortSignal.timeout(200),
  })
  // A signal that fired because time ran out is a timeout, named by what the probe was waiting for.
  assert.equal(r.error?.code, 'ETIMEDOUT')
  assert.equal(r.error?.stage, 'tls')
  assert.match(r.error?.message ?? '', /TLS handshake before the check's deadline/)
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`)
})

test('TLS mode mismatch: implicit TLS against a plaintext banner port → OpenSSL wrong version number', async () => {
  const server = await serve({greeting: [EXO_SMTP_BANNER], onLine: smtpScript({auth: {final: EXO_SMTP_BANNER}})})
  const r = await probeLogin('smtp', {...login, endpoint: {host: SMTP, port: 587, tls: 'implicit'}, map: await mapTo(`${SMTP}:587`, server.port), timeoutMs: 2000, transcript: true})
  assert.equal(r.error?.stage, 'tls')
  assert.equal(r.error?.tlsModeMismatch, true)
  assert.match(`${r.error?.code} ${r.error?.message}`, /WRONG_VERSION_NUMBER|wrong version number|PACKET_LENGTH/i)
})

test('TLS mode mismatch: plaintext/STARTTLS against an implicit-TLS port → no greeting, port completes a TLS handshake', async () => {
  const server = await serve({implicitTls: true, greeting: [EXO_IMAP_GREETING], onLine: imapScript({auth: {final: 'OK'}})})
  const map = await mapTo(`${OUTLOOK}:993`, server.port)
  const r = await probeLogin('imap', {...login, endpoint: {host: OUTLOOK, port: 993, tls: 'none'}, map, timeoutMs: 300, transcript: true})
  assert.equal(r.error?.stage, 'tls', JSON.stringify(r.error))
  assert.equal(r.error?.tlsModeMismatch, true)
  const e = await probeEndpoint({host: OUTLOOK, port: 993, tls: 'starttls', protocol: 'imap', map, timeoutMs: 300, transcript: true})
  assert.equal(e.error?.tlsModeMismatch, true)
})

test('untrusted certificate (the lab CA not given): stage tls, facts kept, nothing sent after the handshake', async () => {
  const server = await serve({implicitTls: true, greeting: [EXO_POP_GREETING], onLine: popScript({auth: {final: '+OK'}})})
  const map = {...(await mapTo(`${OUTLOOK}:995`, server.port)), caPem: ''}
  const r = await probeLogin('pop', {...login, endpoint: {host: OUTLOOK, port: 995, tls: 'implicit'}, map, timeoutMs: 2000, transcript: true})
  assert.equal(r.error?.stage, 'tls')
  assert.match(r.error?.code ?? '', /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/)
  assert.equal(r.tls?.authorized, false)
  assert.equal(r.tls?.issuer, 'o365doctor lab CA (not Microsoft)')
  assert.equal(server.received.length, 0)
  assertNoSecrets(r)
})

test('certificate for another name: stage tls, ERR_TLS_CERT_ALTNAME_INVALID', async () => {
  const server = await serve({implicitTls: true, greeting: [EXO_IMAP_GREETING], onLine: imapScript({auth: {final: 'OK'}})})
  const r = await probeEndpoint({host: 'mail.fabrikam.test', port: 993, tls: 'implicit', protocol: 'imap', map: await mapTo('mail.fabrikam.test:993', server.port), timeoutMs: 2000, transcript: true})
  assert.equal(r.error?.stage, 'tls')
  assert.equal(r.error?.code, 'ERR_TLS_CERT_ALTNAME_INVALID')
})

test('probeEndpoint on a good SMTP port reports greeting, STARTTLS, post-TLS capabilities and TLS facts', async () => {
  const server = await serve({greeting: [EXO_SMTP_BANNER], onLine: smtpScript({auth: {final: '235 2.7.0 Authentication successful'}})})
  const r = await probeEndpoint({host: SMTP, port: 587, tls: 'starttls', protocol: 'smtp', map: await mapTo(`${SMTP}:587`, server.port), timeoutMs: 2000, transcript: true})
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.equal(r.greeting, EXO_SMTP_BANNER)
  assert.equal(r.starttlsOffered, true)
  assert.ok(r.capabilities?.includes('AUTH LOGIN XOAUTH2'))
  assert.equal(r.tls?.authorized, true)
  assert.ok(await receivedSoon(server, 'QUIT'), 'QUIT reached the server')
})
