// msmtp (SMTP) and its sibling mpop (POP3), both with `auth xoauth2` and the token from `passwordeval`, as
// their manuals tell Microsoft 365 users. They connect to 127.0.0.1:<lab port> and verify the certificate against
// the real name (tls_host_override), trusting the lab CA through tls_trust_file. (fetchmail 6.4, Debian's, has no
// XOAUTH2: see fetchmail.test.ts. mpop is the POP client of the same family that does.)

import assert from 'node:assert/strict'
import {join} from 'node:path'
import {before, describe, it} from 'node:test'
import {EXCHANGE} from './expected.js'
import {authExchanges, type ClientLab, MAIL_HOST, missingTool, privateFile, RECIPIENT, runClient, SMTP_HOST, withClientLab} from './harness.js'

let skipMsmtp: string | undefined
let skipMpop: string | undefined
before(async () => {
  skipMsmtp = await missingTool('msmtp')
  skipMpop = await missingTool('mpop')
})

const account = (c: ClientLab, host: string, port: number, starttls: boolean) =>
  [
    'account lab',
    'host 127.0.0.1',
    `port ${port}`,
    'tls on',
    `tls_starttls ${starttls ? 'on' : 'off'}`,
    `tls_trust_file ${c.caFile}`,
    `tls_host_override ${host}`,
    'auth xoauth2',
    `user ${c.user}`,
    `passwordeval cat ${c.tokenFile}`,
  ].join('\n')

async function msmtp(c: ClientLab) {
  const config = await privateFile(join(c.dir, 'msmtprc'), `${account(c, SMTP_HOST, c.ports.smtp, true)}\nfrom ${c.from}\n`)
  const mail = `From: ${c.from}\nTo: ${RECIPIENT}\nSubject: msmtp via the lab\n\nHello.\n`
  const r = await runClient('msmtp', ['-C', config, '-a', 'lab', RECIPIENT], {input: mail, timeoutMs: 30_000})
  return {code: r.code, said: c.redact(r.stderr.trim())}
}

async function mpop(c: ClientLab) {
  const mbox = join(c.dir, 'mbox')
  await privateFile(mbox, '')
  const config = await privateFile(join(c.dir, 'mpoprc'), `${account(c, MAIL_HOST, c.ports.pop, false)}\ndelivery mbox ${mbox}\nkeep on\n`)
  const r = await runClient('mpop', ['-C', config, 'lab'], {timeoutMs: 30_000})
  return {code: r.code, said: c.redact(`${r.stdout}${r.stderr}`.trim())}
}

/** sysexits.h, which both use: EX_UNAVAILABLE, EX_NOPERM. */
const EX_UNAVAILABLE = 69
const EX_NOPERM = 77

describe('msmtp', () => {
  it('healthy: AUTH XOAUTH2 two-step, 235, the message accepted; exit 0', async (t) => {
    if (skipMsmtp) return t.skip(skipMsmtp)
    await withClientLab('healthy', async (c) => {
      const r = await msmtp(c)
      assert.equal(r.code, 0, r.said)
      const [a] = authExchanges(c.wire, 'smtp:587')
      assert.equal(a?.form, 'two-step')
      assert.match(a?.reply ?? '', EXCHANGE.smtpAuthOk)
      assert.ok(c.wire.some((l) => / S 250 2\.0\.0 OK /.test(l)), 'the message was accepted after DATA')
      t.diagnostic('row|msmtp 1.8|healthy|SMTP|two-step|235 2.7.0 Authentication successful; 250 after DATA|exit 0')
    })
  })

  it('no-full-access: "authentication failed (method XOAUTH2)" with the server message 535 5.7.3', async (t) => {
    if (skipMsmtp) return t.skip(skipMsmtp)
    await withClientLab('no-full-access', async (c) => {
      const r = await msmtp(c)
      assert.equal(r.code, EX_NOPERM, r.said)
      assert.match(r.said, /authentication failed \(method XOAUTH2\)/)
      const server = /server message: (.*)/.exec(r.said)?.[1] ?? ''
      assert.match(server, EXCHANGE.smtpAuthFailed)
      t.diagnostic('row|msmtp 1.8|no-full-access|SMTP|two-step|535 5.7.3 Authentication unsuccessful […]|exit 77, "authentication failed (method XOAUTH2)" + server message')
    })
  })

  it('smtp-auth-disabled-tenant: the server message is 535 5.7.139 … for the Tenant', async (t) => {
    if (skipMsmtp) return t.skip(skipMsmtp)
    await withClientLab('smtp-auth-disabled-tenant', async (c) => {
      const r = await msmtp(c)
      assert.equal(r.code, EX_NOPERM, r.said)
      assert.match(/server message: (.*)/.exec(r.said)?.[1] ?? '', EXCHANGE.smtpAuthDisabledTenant)
      t.diagnostic('row|msmtp 1.8|smtp-auth-disabled-tenant|SMTP|two-step|535 5.7.139 … disabled for the Tenant …|exit 77 + server message')
    })
  })

  it('send-as-denied: "the server did not accept the mail" with 554 5.2.252 SendAsDenied', async (t) => {
    if (skipMsmtp) return t.skip(skipMsmtp)
    await withClientLab('send-as-denied', async (c) => {
      const r = await msmtp(c)
      assert.equal(r.code, EX_UNAVAILABLE, r.said)
      assert.match(r.said, /the server did not accept the mail/)
      assert.match(/server message: (.*)/.exec(r.said)?.[1] ?? '', EXCHANGE.sendAsDenied(c.user, c.from))
      t.diagnostic('row|msmtp 1.8|send-as-denied|SMTP|two-step|235, then 554 5.2.252 SendAsDenied after DATA|exit 69, "the server did not accept the mail" + server message')
    })
  })
})

describe('mpop', () => {
  it('healthy: AUTH XOAUTH2 two-step, +OK User successfully authenticated.; exit 0', async (t) => {
    if (skipMpop) return t.skip(skipMpop)
    await withClientLab('healthy', async (c) => {
      const r = await mpop(c)
      assert.equal(r.code, 0, r.said)
      const [a] = authExchanges(c.wire, 'pop:995')
      assert.equal(a?.form, 'two-step')
      assert.match(a?.reply ?? '', EXCHANGE.popAuthOk)
      t.diagnostic('row|mpop 1.4|healthy (and one-line POP)|POP|two-step (mpop never sends the one-line form)|+OK User successfully authenticated.|exit 0')
    })
  })

  it('no-full-access: "authentication failed (method XOAUTH2)" with -ERR Authentication failure…', async (t) => {
    if (skipMpop) return t.skip(skipMpop)
    await withClientLab('no-full-access', async (c) => {
      const r = await mpop(c)
      assert.equal(r.code, EX_NOPERM, r.said)
      assert.match(r.said, /authentication failed \(method XOAUTH2\)/)
      assert.match(/POP3 server message: (.*)/.exec(r.said)?.[1] ?? '', EXCHANGE.popAuthFailed)
      t.diagnostic('row|mpop 1.4|no-full-access|POP|two-step|-ERR Authentication failure: unknown user name or bad password.|exit 77 + POP3 server message')
    })
  })
})
