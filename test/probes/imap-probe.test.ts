import assert from 'node:assert/strict'
import {after, before, test} from 'node:test'
import {probeLogin} from '../../src/probes/index.js'
import {assertNoSecrets, labPki, mapTo, TOKEN, USER} from './fixtures/lab.js'
import {DOVECOT_CHALLENGE, EXO_IMAP_GREETING, imapScript, type AuthScript} from './fixtures/mail-scripts.js'
import {startScriptedServer, type ScriptedServer} from './fixtures/scripted-server.js'

const HOST = 'outlook.office365.com'
const endpoint = {host: HOST, port: 993, tls: 'implicit' as const}
const servers: ScriptedServer[] = []
before(() => labPki())
after(() => Promise.all(servers.map((s) => s.close())))

async function imap(o: {auth: AuthScript; mailbox?: 'ok' | 'not-connected'; caps?: string}) {
  const pki = await labPki()
  const server = await startScriptedServer({implicitTls: true, greeting: [EXO_IMAP_GREETING], identity: pki.identityFor(HOST), onLine: imapScript(o)})
  servers.push(server)
  return {server, map: await mapTo(`${HOST}:993`, server.port)}
}
const authLines = (s: ScriptedServer) => s.received.filter((l) => / AUTHENTICATE /i.test(l))

test('IMAP login succeeds: greeting, capabilities, TLS facts, INBOX opened read-only', async () => {
  const {server, map} = await imap({auth: {final: 'OK AUTHENTICATE completed.'}})
  const r = await probeLogin('imap', {endpoint, user: USER, token: TOKEN, map, timeoutMs: 3000, transcript: true})
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.equal(r.greeting, EXO_IMAP_GREETING)
  assert.ok(r.capabilities?.includes('AUTH=XOAUTH2'))
  assert.equal(r.tls?.authorized, true)
  assert.equal(authLines(server).length, 1)
  assert.ok(server.received.some((l) => / EXAMINE INBOX$/.test(l)))
  assertNoSecrets(r)
})

test("IMAP auth refused by Exchange: stage auth, 'NO AUTHENTICATE failed.' verbatim", async () => {
  const {server, map} = await imap({auth: {final: 'NO AUTHENTICATE failed.'}})
  const r = await probeLogin('imap', {endpoint, user: USER, token: TOKEN, map, timeoutMs: 3000, transcript: true})
  assert.equal(r.ok, false)
  assert.equal(r.error?.stage, 'auth')
  assert.equal(r.error?.serverText, 'NO AUTHENTICATE failed.')
  assert.equal(r.error?.challenge, undefined)
  assert.equal(authLines(server).length, 1)
  assertNoSecrets(r)
})

test('IMAP auth refused by Dovecot after a + challenge: stage auth, AUTHENTICATIONFAILED, challenge decoded', async () => {
  const {server, map} = await imap({auth: {challenge: `+ ${DOVECOT_CHALLENGE}`, final: 'NO [AUTHENTICATIONFAILED] Authentication failed.'}})
  const r = await probeLogin('imap', {endpoint, user: USER, token: TOKEN, map, timeoutMs: 3000, transcript: true})
  assert.equal(r.error?.stage, 'auth')
  assert.equal(r.error?.code, 'AUTHENTICATIONFAILED')
  assert.equal(r.error?.serverText, 'NO [AUTHENTICATIONFAILED] Authentication failed.')
  assert.deepEqual(r.error?.challenge, {status: '401', schemes: 'bearer', scope: 'mail'})
  assert.equal(authLines(server).length, 1)
  assertNoSecrets(r)
})

test("IMAP 'BAD User is authenticated but not connected.' after a successful login: stage mailbox", async () => {
  const {map} = await imap({auth: {final: 'OK AUTHENTICATE completed.'}, mailbox: 'not-connected'})
  const r = await probeLogin('imap', {endpoint, user: USER, token: TOKEN, map, timeoutMs: 3000, transcript: true})
  assert.equal(r.ok, false)
  assert.equal(r.error?.stage, 'mailbox')
  assert.equal(r.error?.serverText, 'BAD User is authenticated but not connected.')
  assert.ok(r.error?.command)
  assertNoSecrets(r)
})

test('IMAP server without AUTH=XOAUTH2: stage capability, nothing sent', async () => {
  const {server, map} = await imap({auth: {final: 'OK AUTHENTICATE completed.'}, caps: 'IMAP4rev1 AUTH=PLAIN SASL-IR NAMESPACE'})
  const r = await probeLogin('imap', {endpoint, user: USER, token: TOKEN, map, timeoutMs: 3000, transcript: true})
  assert.equal(r.error?.stage, 'capability', JSON.stringify(r.error))
  assert.equal(authLines(server).length, 0)
})

test('IMAP without SASL-IR: AUTHENTICATE XOAUTH2 alone, the string after "+", then EXAMINE; one connection', async () => {
  const pki = await labPki()
  const base = imapScript({auth: {final: 'OK AUTHENTICATE completed.'}, caps: 'IMAP4rev1 AUTH=XOAUTH2 NAMESPACE'})
  const server = await startScriptedServer({
    implicitTls: true, greeting: [EXO_IMAP_GREETING], identity: pki.identityFor(HOST),
    onLine: (line, c) => {
      const s = c.state
      if (s.saslTag) {
        c.write(`${s.saslTag} OK AUTHENTICATE completed.`)
        s.saslTag = undefined
      } else if (/^\S+ AUTHENTICATE XOAUTH2$/i.test(line)) {
        s.saslTag = line.split(' ')[0]
        c.write('+ ')
      } else base(line, c)
    },
  })
  servers.push(server)
  const r = await probeLogin('imap', {endpoint, user: USER, token: TOKEN, map: await mapTo(`${HOST}:993`, server.port), timeoutMs: 3000, transcript: true})
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.equal(server.connections, 1)
  const at = server.received.findIndex((l) => /^\S+ AUTHENTICATE XOAUTH2$/.test(l))
  assert.ok(at >= 0 && server.received[at + 1]?.length, server.received.join('\n'))
  assert.ok(/ EXAMINE INBOX$/.test(server.received[at + 2] ?? ''), server.received.join('\n'))
  assert.ok(r.transcript.some((l) => l.dir === 'C' && l.text === '<XOAUTH2 redacted>'))
  assertNoSecrets(r)
})

test("IMAP: a '* BYE <reason>' then a close on EXAMINE is the verdict (stage mailbox, the reason as serverText)", async () => {
  const pki = await labPki()
  const base = imapScript({auth: {final: 'OK AUTHENTICATE completed.'}})
  const server = await startScriptedServer({
    implicitTls: true, greeting: [EXO_IMAP_GREETING], identity: pki.identityFor(HOST),
    onLine: (line, c) => {
      if (/ EXAMINE /.test(line)) {
        c.write('* BYE Session invalidated - AccessTokenExpired')
        c.end()
      } else base(line, c)
    },
  })
  servers.push(server)
  const r = await probeLogin('imap', {endpoint, user: USER, token: TOKEN, map: await mapTo(`${HOST}:993`, server.port), timeoutMs: 3000, transcript: true})
  assert.equal(r.error?.stage, 'mailbox')
  assert.equal(r.error?.serverText, 'BYE Session invalidated - AccessTokenExpired')
  assert.equal(r.error?.command, 'EXAMINE')
})
