import assert from 'node:assert/strict'
import {after, before, test} from 'node:test'
import {probeLogin} from '../../src/probes/index.js'
import {assertNoSecrets, labPki, mapTo, TOKEN, USER} from './fixtures/lab.js'
import {DOVECOT_CHALLENGE, EXO_POP_AUTH_FAILED, EXO_POP_GREETING, popScript, type AuthScript} from './fixtures/mail-scripts.js'
import {receivedSoon, startScriptedServer, type ScriptedServer} from './fixtures/scripted-server.js'

const HOST = 'outlook.office365.com'
const endpoint = {host: HOST, port: 995, tls: 'implicit' as const}
const servers: ScriptedServer[] = []
before(() => labPki())
after(() => Promise.all(servers.map((s) => s.close())))

async function pop(o: {auth: AuthScript; capa?: string[]}) {
  const pki = await labPki()
  const server = await startScriptedServer({implicitTls: true, greeting: [EXO_POP_GREETING], identity: pki.identityFor(HOST), onLine: popScript(o)})
  servers.push(server)
  return {server, map: await mapTo(`${HOST}:995`, server.port)}
}
const authLines = (s: ScriptedServer) => s.received.filter((l) => l.startsWith('AUTH '))

test('POP login succeeds: greeting, CAPA, AUTH XOAUTH2 alone on its line, the string after "+ ", QUIT', async () => {
  const {server, map} = await pop({auth: {final: '+OK User successfully authenticated.'}})
  const r = await probeLogin('pop', {endpoint, user: USER, token: TOKEN, map, timeoutMs: 3000, transcript: true})
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.equal(r.greeting, EXO_POP_GREETING)
  assert.ok(r.capabilities?.includes('SASL PLAIN XOAUTH2'))
  assert.equal(r.tls?.authorized, true)
  assert.deepEqual(server.received.filter((l) => /^AUTH/i.test(l)), ['AUTH XOAUTH2'])
  assert.ok(await receivedSoon(server, 'QUIT'), 'QUIT reached the server')
  assert.ok(r.transcript.some((l) => l.dir === 'C' && l.text === '<XOAUTH2 redacted>'), JSON.stringify(r.transcript))
  assertNoSecrets(r)
})

test("POP auth refused by Exchange: stage auth, Exchange's -ERR line verbatim", async () => {
  const {server, map} = await pop({auth: {final: EXO_POP_AUTH_FAILED}})
  const r = await probeLogin('pop', {endpoint, user: USER, token: TOKEN, map, timeoutMs: 3000, transcript: true})
  assert.equal(r.error?.stage, 'auth')
  assert.equal(r.error?.serverText, EXO_POP_AUTH_FAILED)
  assert.equal(r.error?.command, 'AUTH XOAUTH2')
  assert.equal(authLines(server).length, 1)
  assertNoSecrets(r)
})

test('POP auth refused by Dovecot after a + challenge: empty line sent, final -ERR [AUTH] kept, challenge decoded', async () => {
  const {server, map} = await pop({auth: {challenge: `+ ${DOVECOT_CHALLENGE}`, final: '-ERR [AUTH] Authentication failed.'}})
  const r = await probeLogin('pop', {endpoint, user: USER, token: TOKEN, map, timeoutMs: 3000, transcript: true})
  assert.equal(r.error?.stage, 'auth')
  assert.equal(r.error?.code, 'AUTH')
  assert.equal(r.error?.serverText, '-ERR [AUTH] Authentication failed.')
  assert.deepEqual(r.error?.challenge, {status: '401', schemes: 'bearer', scope: 'mail'})
  assert.ok(server.received.includes(''))
  assert.equal(authLines(server).length, 1)
  assertNoSecrets(r)
})

test('POP server that refuses the mechanism at once: the -ERR line kept, no XOAUTH2 string sent', async () => {
  const refusal = '-ERR Unrecognized authentication type.'
  const pki = await labPki()
  const server = await startScriptedServer({
    implicitTls: true,
    greeting: [EXO_POP_GREETING],
    identity: pki.identityFor(HOST),
    onLine: (line, c) => (line === 'CAPA' ? c.write('+OK', 'SASL XOAUTH2', '.') : line === 'QUIT' ? c.end() : c.write(refusal)),
  })
  servers.push(server)
  const r = await probeLogin('pop', {endpoint, user: USER, token: TOKEN, map: await mapTo(`${HOST}:995`, server.port), timeoutMs: 3000, transcript: true})
  assert.equal(r.error?.stage, 'auth')
  assert.equal(r.error?.serverText, refusal)
  assert.deepEqual(server.received.slice(1), ['AUTH XOAUTH2'])
})

test('POP server whose CAPA SASL line lacks XOAUTH2: stage capability, no AUTH sent', async () => {
  const {server, map} = await pop({auth: {final: '+OK'}, capa: ['USER', 'SASL PLAIN']})
  const r = await probeLogin('pop', {endpoint, user: USER, token: TOKEN, map, timeoutMs: 3000, transcript: true})
  assert.equal(r.error?.stage, 'capability')
  assert.equal(authLines(server).length, 0)
})
