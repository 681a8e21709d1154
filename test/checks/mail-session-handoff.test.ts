// One session per protocol: <p>.connect parks its verified session, <p>.login continues on it after the token; a
// session gone while parked is replaced, one nobody claims is closed at the run's end or its idle deadline.
import assert from 'node:assert/strict'
import {after, before, test} from 'node:test'
import type {Check, RunOptions} from '../../src/checks/check.js'
import {imapConnect} from '../../src/checks/mail/connect.js'
import {imapLogin} from '../../src/checks/mail/login.js'
import {Secret} from '../../src/core/secret.js'
import {SessionSlots} from '../../src/probes/session-slots.js'
import type {Session} from '../../src/probes/tcp-tls.js'
import {Transcript} from '../../src/probes/transcript.js'
import {runChecks} from '../../src/runner/run-checks.js'
import type {SettingSources, Settings} from '../../src/settings/types.js'
import {labPki, mapTo, TOKEN, USER} from '../probes/fixtures/lab.js'
import {EXO_IMAP_GREETING, imapScript} from '../probes/fixtures/mail-scripts.js'
import {receivedSoon, startScriptedServer, type ScriptedServer} from '../probes/fixtures/scripted-server.js'

const HOST = 'outlook.office365.com'
const servers: ScriptedServer[] = []
before(() => labPki())
after(() => Promise.all(servers.map((s) => s.close())))

const settings = {
  protocols: ['imap'], auth: 'oauth2', mailbox: USER, imap: {host: HOST, port: 993, tls: 'implicit'},
} as unknown as Settings
const options: RunOptions = {sendTest: false, secretWarningDays: 30, verbose: true, timeoutMs: 3000, now: () => new Date()}

/** token.acquire stand-in: the token after `delayMs` (the connect check runs meanwhile), or a failure. */
function fakeToken(delayMs: number, ok = true): Check {
  return {
    id: 'token.acquire', title: 'token',
    async run(ctx) {
      await new Promise((r) => setTimeout(r, delayMs))
      if (!ok) return {status: 'fail', summary: 'no token'}
      ctx.facts.exchangeToken = {token: new Secret(TOKEN), claims: {}}
      return {status: 'pass', summary: 'token'}
    },
  }
}

async function imapServer(onLine = imapScript({auth: {final: 'OK AUTHENTICATE completed.'}})) {
  const pki = await labPki()
  const server = await startScriptedServer({implicitTls: true, greeting: [EXO_IMAP_GREETING], identity: pki.identityFor(HOST), onLine})
  servers.push(server)
  return {server, network: await mapTo(`${HOST}:993`, server.port)}
}

/** A server that closes the first connection without a word when the login (AUTHENTICATE) begins. */
function imapServerDroppingFirstLogin() {
  const base = imapScript({auth: {final: 'OK AUTHENTICATE completed.'}})
  let first = true
  return imapServer((line, c) => {
    if (first && / AUTHENTICATE /.test(line)) {
      first = false
      c.end()
    } else base(line, c)
  })
}

const run = (checks: Check[], network: Awaited<ReturnType<typeof mapTo>>, verbose = true) =>
  runChecks({checks, settings, sources: {} as SettingSources, options: {...options, verbose}, network})

test('the login continues the connect check\'s session: one connection, one transcript with the wait noted', async () => {
  const {server, network} = await imapServer()
  const out = await run([fakeToken(150), imapConnect, imapLogin], network)
  const login = out.reports.find((r) => r.id === 'imap.login')
  assert.equal(login?.status, 'pass', login?.summary)
  assert.equal(server.connections, 1)
  assert.deepEqual(server.received.filter((l) => / (CAPABILITY|AUTHENTICATE|EXAMINE)\b/.test(l)).map((l) => l.split(' ')[1]), ['CAPABILITY', 'AUTHENTICATE', 'EXAMINE'])
  const lines = login?.transcript?.map((l) => l.text) ?? []
  const wait = lines.findIndex((l) => /^waited \d+ ms for the token/.test(l))
  assert.ok(lines.indexOf('A1 CAPABILITY') < wait && wait < lines.findIndex((l) => /AUTHENTICATE/.test(l)), lines.join('\n'))
  assert.ok(!JSON.stringify(out.reports).includes(TOKEN.slice(0, 40)))
})

test('a session the server closed while parked is replaced: the login opens a fresh one and says why', async () => {
  const base = imapScript({auth: {final: 'OK AUTHENTICATE completed.'}})
  let first = true
  const {server, network} = await imapServer((line, c) => {
    base(line, c)
    // The first connection is dropped right after its CAPABILITY (an idle timeout, say).
    if (first && / CAPABILITY$/.test(line)) {
      first = false
      c.end()
    }
  })
  const out = await run([fakeToken(150), imapConnect, imapLogin], network)
  const login = out.reports.find((r) => r.id === 'imap.login')
  assert.equal(login?.status, 'pass', login?.summary)
  assert.equal(server.connections, 2)
  assert.ok(login?.transcript?.some((l) => /could not be used \(the server closed it\)/.test(l.text)))
})

test('a parked session dropped as the login begins (no reply at all) is no verdict: the login runs on a fresh one', async () => {
  const {server, network} = await imapServerDroppingFirstLogin()
  const out = await run([fakeToken(100), imapConnect, imapLogin], network)
  const login = out.reports.find((r) => r.id === 'imap.login')
  assert.equal(login?.status, 'pass', login?.summary)
  assert.equal(server.connections, 2)
  assert.ok(login?.transcript?.some((l) => /closed it before answering the login\): a new session/.test(l.text)))
})

test('nobody claims the session (the token failed): the run\'s end closes it with a LOGOUT', async () => {
  const {server, network} = await imapServer()
  const out = await run([fakeToken(10, false), imapConnect, imapLogin], network)
  assert.equal(out.reports.find((r) => r.id === 'imap.login')?.status, 'skip')
  assert.ok(await receivedSoon(server, 'A2 LOGOUT'), 'the parked session was released')
})

test('without --verbose the checks keep no transcript, and the dropped-session retry decides the same', async () => {
  const {server, network} = await imapServerDroppingFirstLogin()
  const out = await run([fakeToken(100), imapConnect, imapLogin], network, false)
  const login = out.reports.find((r) => r.id === 'imap.login')
  assert.equal(login?.status, 'pass', login?.summary)
  assert.equal(server.connections, 2)
  for (const id of ['imap.connect', 'imap.login'] as const) {
    assert.deepEqual(out.outcomes.get(id)?.transcript ?? [], [], `${id} recorded a transcript`)
    assert.equal(out.reports.find((r) => r.id === id)?.transcript, undefined)
  }
})

test('a server that said anything to the login before closing has spoken: no retry, with or without --verbose', async () => {
  const base = imapScript({auth: {final: 'OK AUTHENTICATE completed.'}})
  for (const verbose of [true, false]) {
    const {server, network} = await imapServer((line, c) => {
      if (/ AUTHENTICATE /.test(line)) {
        c.write('* BYE Connection is closed. 13')
        c.end()
      } else base(line, c)
    })
    const out = await run([fakeToken(50), imapConnect, imapLogin], network, verbose)
    const login = out.reports.find((r) => r.id === 'imap.login')
    assert.equal(login?.status, 'fail', login?.summary)
    assert.equal(server.connections, 1, `verbose ${verbose}: the login was retried after the server spoke`)
  }
})

/** A session stand-in that records what the slots do to it. */
function fakeSession(unusable?: string) {
  const calls: string[] = []
  const session = {
    transcript: new Transcript((s) => s, true), facts: {},
    send: (line: string) => calls.push(`send ${line}`), nextTag: () => 'A9', end: () => calls.push('end'), close: () => calls.push('close'),
    idle: (on: boolean) => calls.push(`idle ${on}`), unusable: () => unusable,
  } as unknown as Session
  return {session, calls}
}

test('SessionSlots: a claim takes the session once; the idle deadline closes an unclaimed one', async () => {
  const slots = new SessionSlots()
  const a = fakeSession()
  slots.park('smtp', a.session, 1000)
  const claimed = slots.claim('smtp')
  assert.equal(claimed?.session, a.session)
  assert.equal(claimed?.unusable, undefined)
  assert.deepEqual(a.calls, ['idle true', 'idle false'])
  assert.equal(slots.claim('smtp'), undefined)

  const b = fakeSession()
  slots.park('pop', b.session, 20)
  await new Promise((r) => setTimeout(r, 60))
  assert.deepEqual(b.calls, ['idle true', 'send QUIT', 'end'])
  assert.equal(slots.claim('pop'), undefined)
})

test('SessionSlots: an unusable session is closed on claim and its reason returned; closeAll releases the rest', () => {
  const slots = new SessionSlots()
  const dead = fakeSession('the server closed it')
  slots.park('imap', dead.session, 1000)
  assert.equal(slots.claim('imap')?.unusable, 'the server closed it')
  assert.ok(dead.calls.includes('close'))
  const left = fakeSession()
  slots.park('imap', left.session, 1000)
  slots.closeAll()
  assert.deepEqual(left.calls, ['idle true', 'send A9 LOGOUT', 'end'])
  assert.equal(slots.claim('imap'), undefined)
})
