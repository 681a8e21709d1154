// curl (SMTP, IMAP, POP3 with --oauth2-bearer) against the lab. curl reaches the real host names through
// --connect-to and trusts the lab CA with --cacert; the token travels in a -K config file, never in argv.
// What curl sent comes from the lab's wire log; what it reports, from its exit code and -v transcript.

import assert from 'node:assert/strict'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {before, describe, it} from 'node:test'
import {EXCHANGE} from './expected.js'
import {authExchanges, type ClientLab, MAIL_HOST, missingTool, privateFile, RECIPIENT, runClient, SMTP_HOST, withClientLab} from './harness.js'

let skip: string | undefined
before(async () => {
  skip = await missingTool('curl')
})

/** curl's exit codes for these outcomes (libcurl CURLcode). */
const CURLE_LOGIN_DENIED = 67

async function curl(c: ClientLab, url: string, extra: string[] = [], input?: string) {
  const token = (await readFile(c.tokenFile, 'utf8')).trim()
  const config = await privateFile(join(c.dir, 'curl.conf'), `user = "${c.user}:"\noauth2-bearer = "${token}"\n`)
  const target = new URL(url)
  const port = Number(target.port)
  const local = port === 587 ? c.ports.smtp : port === 993 ? c.ports.imap : c.ports.pop
  const r = await runClient('curl', ['-sS', '-v', '-K', config, '--cacert', c.caFile, '--connect-to', `${target.hostname}:${port}:127.0.0.1:${local}`, ...extra, url], {input, timeoutMs: 30_000})
  const received = r.stderr.split('\n').filter((l) => l.startsWith('< ')).map((l) => l.slice(2).replace(/\r$/, ''))
  return {code: r.code, received, stderr: c.redact(r.stderr)}
}

const message = (from: string) => `From: ${from}\r\nTo: ${RECIPIENT}\r\nSubject: curl via the lab\r\n\r\nHello.\r\n`
const smtp = (c: ClientLab, extra: string[] = []) =>
  curl(c, `smtp://${SMTP_HOST}:587`, ['--ssl-reqd', '--mail-from', c.from, '--mail-rcpt', RECIPIENT, '-T', '-', ...extra], message(c.from))
const imap = (c: ClientLab, extra: string[] = []) => curl(c, `imaps://${MAIL_HOST}:993/INBOX?ALL`, extra)
const pop = (c: ClientLab, extra: string[] = []) => curl(c, `pop3s://${MAIL_HOST}:995/`, extra)

describe('curl', () => {
  it('healthy: SMTP two-step (334) and the message accepted; IMAP SASL-IR; POP two-step', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('healthy', async (c) => {
      const s = await smtp(c)
      assert.equal(s.code, 0, s.stderr)
      const [sAuth] = authExchanges(c.wire, 'smtp:587')
      // curl puts an initial response on the AUTH line only up to 504 octets (RFC 4954's 512-octet line): never with a real token.
      assert.equal(sAuth?.form, 'two-step')
      assert.match(sAuth?.reply ?? '', EXCHANGE.smtpAuthOk)
      assert.ok(s.received.some((l) => /^250 2\.0\.0 OK /.test(l)), s.stderr)
      const i = await imap(c)
      assert.equal(i.code, 0, i.stderr)
      const [iAuth] = authExchanges(c.wire, 'imap:993')
      assert.equal(iAuth?.form, 'one-line', 'curl uses SASL-IR when CAPABILITY lists it')
      assert.match(iAuth?.reply ?? '', EXCHANGE.imapAuthOk)
      const p = await pop(c)
      assert.equal(p.code, 0, p.stderr)
      const [pAuth] = authExchanges(c.wire, 'pop:995')
      assert.equal(pAuth?.form, 'two-step')
      assert.match(pAuth?.reply ?? '', EXCHANGE.popAuthOk)
      t.diagnostic('row|curl|healthy|SMTP|two-step|235 2.7.0 Authentication successful; 250 after DATA|exit 0')
      t.diagnostic('row|curl|healthy|IMAP|one-line (SASL-IR)|OK AUTHENTICATE completed.|exit 0')
      t.diagnostic('row|curl|healthy|POP|two-step|+OK User successfully authenticated.|exit 0')
    })
  })

  it('one-line POP: even with --sasl-ir curl sends the XOAUTH2 string after "+ " (its POP3 limit is 255 octets), so Exchange accepts it', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('healthy', async (c) => {
      const p = await pop(c, ['--sasl-ir'])
      assert.equal(p.code, 0, p.stderr)
      const [pAuth] = authExchanges(c.wire, 'pop:995')
      assert.equal(pAuth?.form, 'two-step')
      assert.match(pAuth?.reply ?? '', EXCHANGE.popAuthOk)
      const s = await smtp(c, ['--sasl-ir'])
      assert.equal(s.code, 0, s.stderr)
      assert.equal(authExchanges(c.wire, 'smtp:587')[0]?.form, 'two-step', 'SMTP: 504-octet limit')
      t.diagnostic('row|curl --sasl-ir|healthy (one-line POP)|POP|two-step (IR longer than 255 octets)|+OK User successfully authenticated.|exit 0')
    })
  })

  it('no-full-access: SMTP 535 5.7.3, IMAP NO AUTHENTICATE failed., POP -ERR Authentication failure; curl exits 67', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('no-full-access', async (c) => {
      const s = await smtp(c)
      assert.equal(s.code, CURLE_LOGIN_DENIED, s.stderr)
      assert.ok(s.received.some((l) => EXCHANGE.smtpAuthFailed.test(l)), s.stderr)
      const i = await imap(c)
      assert.equal(i.code, CURLE_LOGIN_DENIED, i.stderr)
      assert.ok(i.received.some((l) => EXCHANGE.imapAuthFailed.test(l)), i.stderr)
      const p = await pop(c)
      assert.equal(p.code, CURLE_LOGIN_DENIED, p.stderr)
      assert.ok(p.received.some((l) => EXCHANGE.popAuthFailed.test(l)), p.stderr)
      t.diagnostic('row|curl|no-full-access|SMTP / IMAP / POP|two-step / one-line / two-step|535 5.7.3 … / NO AUTHENTICATE failed. / -ERR Authentication failure…|exit 67 (login denied)')
    })
  })

  it('smtp-auth-disabled-tenant: 535 5.7.139 … disabled for the Tenant', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('smtp-auth-disabled-tenant', async (c) => {
      const s = await smtp(c)
      assert.equal(s.code, CURLE_LOGIN_DENIED, s.stderr)
      assert.ok(s.received.some((l) => EXCHANGE.smtpAuthDisabledTenant.test(l)), s.stderr)
      t.diagnostic('row|curl|smtp-auth-disabled-tenant|SMTP|two-step|535 5.7.139 … disabled for the Tenant …|exit 67')
    })
  })

  it('send-as-denied: AUTH 235, MAIL/RCPT 250, then 554 5.2.252 SendAsDenied after DATA', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('send-as-denied', async (c) => {
      const s = await smtp(c)
      assert.notEqual(s.code, 0, s.stderr)
      assert.ok(s.received.some((l) => EXCHANGE.smtpAuthOk.test(l)), s.stderr)
      assert.ok(s.received.some((l) => EXCHANGE.sendAsDenied(c.user, c.from).test(l)), s.stderr)
      t.diagnostic(`row|curl|send-as-denied|SMTP|two-step|235, then 554 5.2.252 SendAsDenied after DATA|exit ${s.code}`)
    })
  })

  it('imap-disabled: AUTHENTICATE OK, then BAD User is authenticated but not connected.', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('imap-disabled', async (c) => {
      const i = await imap(c)
      assert.notEqual(i.code, 0, i.stderr)
      assert.ok(i.received.some((l) => EXCHANGE.imapAuthOk.test(l)), i.stderr)
      assert.ok(i.received.some((l) => EXCHANGE.imapNotConnected.test(l)), i.stderr)
      t.diagnostic(`row|curl|imap-disabled|IMAP|one-line (SASL-IR)|OK AUTHENTICATE completed., then BAD User is authenticated but not connected.|exit ${i.code}`)
    })
  })
})
