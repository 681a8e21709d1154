// `check --pop-auth one-line` replays a product's one-line POP AUTH; the two-step form is Exchange's (§8.7).
// Against a scripted server that answers both forms as Exchange does.
import assert from 'node:assert/strict'
import {after, before, test} from 'node:test'
import {popLoginInForm} from '../../src/probes/pop-probe.js'
import {readLimitReply} from '../../src/checks/mail/limit-replies.js'
import {assertNoSecrets, labPki, mapTo, TOKEN, USER} from './fixtures/lab.js'
import {EXO_POP_GREETING} from './fixtures/mail-scripts.js'
import {startScriptedServer, type ScriptConn, type ScriptedServer} from './fixtures/scripted-server.js'

const HOST = 'outlook.office365.com'
const PROTOCOL_ERROR = '-ERR Protocol error. Connection is closed. 10'
const servers: ScriptedServer[] = []
before(() => labPki())
after(() => Promise.all(servers.map((s) => s.close())))

/** Exchange's POP: one-line AUTH XOAUTH2 <b64> → protocol error and hang-up; AUTH XOAUTH2, "+ ", string → +OK. */
function exchangePop(line: string, c: ScriptConn): void {
  const s = c.state
  if (s.inAuth) {
    s.inAuth = false
    c.write('+OK User successfully authenticated.')
    return
  }
  const upper = line.toUpperCase()
  if (upper === 'CAPA') c.write('+OK', 'TOP', 'UIDL', 'SASL PLAIN XOAUTH2', 'USER', '.')
  else if (upper === 'AUTH XOAUTH2') {
    s.inAuth = true
    c.write('+ ')
  } else if (upper.startsWith('AUTH XOAUTH2 ')) {
    c.write(PROTOCOL_ERROR)
    c.end()
  } else if (upper === 'QUIT') {
    c.write('+OK Microsoft Exchange Server POP3 server signing off.')
    c.end()
  } else c.write('-ERR Command is not valid in this state.')
}

async function server() {
  const pki = await labPki()
  const s = await startScriptedServer({implicitTls: true, greeting: [EXO_POP_GREETING], identity: pki.identityFor(HOST), onLine: exchangePop})
  servers.push(s)
  return {s, map: await mapTo(`${HOST}:995`, s.port)}
}

const opts = (map: Awaited<ReturnType<typeof mapTo>>) => ({host: HOST, port: 995, tls: 'implicit' as const, map, timeoutMs: 3000, transcript: true, user: USER, token: TOKEN})

test('one-line form: Exchange-style refusal, read as client.pop-one-line-auth, no secret in the result', async () => {
  const {s, map} = await server()
  const r = await popLoginInForm(opts(map), 'one-line')
  assert.equal(r.ok, false)
  assert.equal(r.error?.serverText, PROTOCOL_ERROR)
  assert.equal(readLimitReply(r.error!.serverText!)?.id, 'client.pop-one-line-auth')
  const auth = s.received.filter((l) => l.startsWith('AUTH '))
  assert.equal(auth.length, 1)
  assert.ok(auth[0]!.length > 'AUTH XOAUTH2 '.length, 'the string went on the AUTH line')
  assertNoSecrets(r)
})

test('two-step form: AUTH XOAUTH2, then the string after "+ ": logged in', async () => {
  const {s, map} = await server()
  const r = await popLoginInForm(opts(map), 'two-step')
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.ok(s.received.includes('AUTH XOAUTH2'))
  assertNoSecrets(r)
})
