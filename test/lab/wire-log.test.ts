// The lab's wire log: what a product sent, line by line, with every credential replaced by what it names.

import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {startMailServers} from '../../src/lab/mail/index.js'
import {describeSaslResponse, redactClientLine} from '../../src/lab/mail/wire-log.js'
import {createLabPki} from '../../src/lab/pki.js'
import {buildScenario, MAILBOX, TokenBook} from './fixtures.js'
import {smtpReadyToAuth} from './mail-session.js'
import {b64, Transcript} from './mail-transcript.js'

const TOKEN = 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJodHRwczovL291dGxvb2sifQ.c2lnbmF0dXJl'
const XO = b64(`user=${MAILBOX}\x01auth=Bearer ${TOKEN}\x01\x01`)
const SHOWN = `<XOAUTH2 user=${MAILBOX}, token redacted>`

describe('redactClientLine', () => {
  const cases: Array<[string, string, boolean?]> = [
    [`AUTH XOAUTH2 ${XO}`, `AUTH XOAUTH2 ${SHOWN}`],
    [`A1 AUTHENTICATE XOAUTH2 ${XO}`, `A1 AUTHENTICATE XOAUTH2 ${SHOWN}`],
    [XO, SHOWN],
    [XO, SHOWN, true],
    ['AUTH XOAUTH2', 'AUTH XOAUTH2'],
    [`AUTH PLAIN ${b64('\x00u@x\x00hunter2hunter2')}`, `AUTH PLAIN <SASL response redacted, ${b64('\x00u@x\x00hunter2hunter2').length} characters>`],
    [b64('hunter2-password'), '<SASL response redacted, 24 characters>', true],
    ['A2 LOGIN u@x hunter2', 'A2 LOGIN u@x <password redacted>'],
    ['PASS hunter2', 'PASS <password redacted>'],
    [`X-TOKEN ${TOKEN}`, 'X-TOKEN <token redacted>'],
    ['*', '*', true],
    ['EHLO client.example', 'EHLO client.example'],
  ]
  for (const [line, shown, sasl] of cases) {
    it(`${shown}${sasl ? ' (a SASL response)' : ''}`, () => {
      const out = redactClientLine(line, sasl)
      assert.equal(out, shown)
      assert.ok(!out.includes('hunter2') && !out.includes(TOKEN))
    })
  }
  it('a malformed XOAUTH2-looking response is not decoded into the log', () => {
    const basic = b64('user=a\x01auth=Basic x\x01\x01')
    assert.equal(describeSaslResponse(basic), `<SASL response redacted, ${basic.length} characters>`)
  })
})

describe('the mail servers write the wire log', () => {
  it('POP one-line and two-step, IMAP SASL-IR, SMTP: each line each way, no token', async () => {
    const pki = await createLabPki()
    const tokens = new TokenBook()
    const wire: string[] = []
    const servers = await startMailServers({
      scenario: buildScenario(),
      pki,
      verifyToken: tokens.verifyToken,
      wire: (label, session, dir, text) => wire.push(`${label} ${session} ${dir} ${text}`),
    })
    const token = tokens.issue()
    const xo = b64(`user=${MAILBOX}\x01auth=Bearer ${token}\x01\x01`)
    try {
      const one = await Transcript.tls(servers.ports.pop995, pki.caPem, 'outlook.office365.com')
      await one.line()
      one.write(`AUTH XOAUTH2 ${xo}`)
      await one.line()
      const two = await Transcript.tls(servers.ports.pop995, pki.caPem, 'outlook.office365.com')
      await two.line()
      two.write('AUTH XOAUTH2')
      await two.line()
      two.write(xo)
      await two.line()
      two.close()
      const imap = await Transcript.tls(servers.ports.imap993, pki.caPem, 'outlook.office365.com')
      await imap.line()
      imap.write(`A1 AUTHENTICATE XOAUTH2 ${xo}`)
      await imap.line()
      imap.close()
      const smtp = await smtpReadyToAuth(servers.ports.smtp587, pki.caPem)
      smtp.write('AUTH XOAUTH2')
      await smtp.smtpReply()
      smtp.write(xo)
      await smtp.smtpReply()
      smtp.close()
    } finally {
      await servers.close()
    }
    const text = wire.join('\n')
    assert.ok(!text.includes(token) && !text.includes(xo), 'no token, no XOAUTH2 string')
    const lines = (label: string) => wire.filter((l) => l.startsWith(label)).map((l) => l.split(' ').slice(2).join(' '))
    const pop = lines('pop:995')
    assert.ok(pop.includes(`C AUTH XOAUTH2 <XOAUTH2 user=${MAILBOX}, token redacted>`), pop.join('\n'))
    assert.ok(pop.includes('S -ERR Protocol error. Connection is closed. 10'))
    assert.deepEqual(pop.slice(pop.indexOf('C AUTH XOAUTH2'), pop.indexOf('C AUTH XOAUTH2') + 4), [
      'C AUTH XOAUTH2',
      'S + ',
      `C <XOAUTH2 user=${MAILBOX}, token redacted>`,
      'S +OK User successfully authenticated.',
    ])
    assert.ok(lines('imap:993').includes(`C A1 AUTHENTICATE XOAUTH2 <XOAUTH2 user=${MAILBOX}, token redacted>`))
    const smtp = lines('smtp:587')
    assert.ok(smtp.includes('S 250-AUTH LOGIN XOAUTH2'), smtp.join('\n'))
    const auth = smtp.indexOf('C AUTH XOAUTH2')
    assert.deepEqual(smtp.slice(auth, auth + 4), ['C AUTH XOAUTH2', 'S 334 ', `C <XOAUTH2 user=${MAILBOX}, token redacted>`, 'S 235 2.7.0 Authentication successful'])
  })

  it('SMTP AUTH LOGIN and IMAP LOGIN: the password never reaches the wire log', async () => {
    const pki = await createLabPki()
    const tokens = new TokenBook()
    const wire: string[] = []
    const servers = await startMailServers({scenario: buildScenario(), pki, verifyToken: tokens.verifyToken, wire: (l, s, d, t) => wire.push(`${l} ${s} ${d} ${t}`)})
    const password = 'Sup3r-Secret-Passw0rd!'
    try {
      const smtp = await smtpReadyToAuth(servers.ports.smtp587, pki.caPem)
      smtp.write('AUTH LOGIN')
      assert.deepEqual(await smtp.smtpReply(), ['334 VXNlcm5hbWU6'])
      smtp.write(b64(MAILBOX))
      assert.deepEqual(await smtp.smtpReply(), ['334 UGFzc3dvcmQ6'])
      smtp.write(b64(password))
      assert.match((await smtp.smtpReply())[0]!, /^535 5\.7\.139 Authentication unsuccessful, basic authentication is disabled\./)
      smtp.close()
      const imap = await Transcript.tls(servers.ports.imap993, pki.caPem, 'outlook.office365.com')
      await imap.line()
      imap.write(`A1 LOGIN ${MAILBOX} ${password}`)
      assert.equal(await imap.line(), 'A1 NO LOGIN failed.')
      imap.close()
    } finally {
      await servers.close()
    }
    const text = wire.join('\n')
    assert.ok(!text.includes(password) && !text.includes(b64(password)), text)
    assert.ok(wire.some((l) => l.endsWith(`C <SASL response redacted, ${b64(password).length} characters>`)), text)
    assert.ok(wire.some((l) => l.endsWith(`C A1 LOGIN ${MAILBOX} <password redacted>`)), text)
  })
})
