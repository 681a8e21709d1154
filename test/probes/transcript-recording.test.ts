// Transcripts are kept only when asked (check --verbose shows them): without the option a probe records and redacts
// nothing, and everything a diagnosis reads (error, server text, facts) is the same as with it.
import assert from 'node:assert/strict'
import {after, before, test} from 'node:test'
import {probeLogin} from '../../src/probes/index.js'
import {Transcript} from '../../src/probes/transcript.js'
import type {ProbeResult} from '../../src/probes/types.js'
import {assertNoSecrets, labPki, mapTo, TOKEN, USER} from './fixtures/lab.js'
import {EXO_535, EXO_IMAP_GREETING, EXO_SMTP_BANNER, imapScript, smtpScript} from './fixtures/mail-scripts.js'
import {startScriptedServer, type ScriptedServer} from './fixtures/scripted-server.js'

const servers: ScriptedServer[] = []
before(() => labPki())
after(() => Promise.all(servers.map((s) => s.close())))

test('Transcript without record keeps no line and never calls the redactor, but counts what the server said', () => {
  const feed = (t: Transcript): void => {
    t.add('S', '220 hello\r\n')
    t.add('C', 'EHLO o365doctor')
    t.add('S', '250-first\r\n250 second')
    t.note('TLS established')
  }
  let redactions = 0
  const off = new Transcript((s) => (redactions++, s), false)
  feed(off)
  assert.deepEqual(off.lines, [])
  assert.equal(redactions, 0)
  assert.equal(off.serverLines, 2)

  const on = new Transcript((s) => s.replace('second', '<redacted>'), true)
  feed(on)
  assert.deepEqual(on.lines.map((l) => `${l.dir} ${l.text}`), ['S 220 hello', 'C EHLO o365doctor', 'S 250-first', 'S 250 <redacted>', '* TLS established'])
  assert.equal(on.serverLines, 2)
  // Errors are still redacted when nothing is recorded.
  assert.equal(new Transcript((s) => s.replace(TOKEN, '<t>'), false).redactText(`bad ${TOKEN}`), 'bad <t>')
})

/** A result without what differs by run (its transcript, its timing). */
const decisive = ({transcript: _t, durationMs: _d, ...rest}: ProbeResult) => rest

const cases = [
  {
    protocol: 'smtp' as const, host: 'smtp.office365.com', port: 587, tls: 'starttls' as const, implicitTls: false,
    greeting: [EXO_SMTP_BANNER], script: () => smtpScript({auth: {final: EXO_535}}), login: 'AUTH XOAUTH2 <XOAUTH2 redacted>',
  },
  {
    protocol: 'imap' as const, host: 'outlook.office365.com', port: 993, tls: 'implicit' as const, implicitTls: true,
    greeting: [EXO_IMAP_GREETING], script: () => imapScript({auth: {final: 'OK AUTHENTICATE completed.'}, mailbox: 'not-connected'}),
    login: 'A2 AUTHENTICATE XOAUTH2 <XOAUTH2 redacted>',
  },
]

for (const c of cases) {
  test(`${c.protocol}: without the option the probe keeps no transcript; with it, the redacted one; the rest is identical`, async () => {
    const pki = await labPki()
    const server = await startScriptedServer({implicitTls: c.implicitTls, greeting: c.greeting, identity: pki.identityFor(c.host), onLine: c.script()})
    servers.push(server)
    const map = await mapTo(`${c.host}:${c.port}`, server.port)
    const o = {endpoint: {host: c.host, port: c.port, tls: c.tls}, user: USER, token: TOKEN, map, timeoutMs: 3000}
    const quiet = await probeLogin(c.protocol, o)
    const recorded = await probeLogin(c.protocol, {...o, transcript: true})

    assert.equal(quiet.ok, false)
    assert.ok(quiet.error?.serverText, JSON.stringify(quiet.error))
    assert.deepEqual(quiet.transcript, [])
    assert.ok(recorded.transcript.some((l) => l.dir === 'C' && l.text === c.login), JSON.stringify(recorded.transcript))
    assert.ok(recorded.transcript.some((l) => l.dir === 'S' && l.text.endsWith(quiet.error!.serverText!)))
    // TLS facts differ only where the second session resumed the first one's ticket.
    const {tls: _a, ...q} = decisive(quiet)
    const {tls: _b, ...r} = decisive(recorded)
    assert.deepEqual(q, r)
    assert.equal(quiet.tls?.authorized, recorded.tls?.authorized)
    assertNoSecrets(recorded)
    assertNoSecrets(quiet)
  })
}
