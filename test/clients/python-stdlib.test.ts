// Python's standard library against the lab: smtplib (one-line and two-step AUTH XOAUTH2), imaplib
// (AUTHENTICATE with a continuation: imaplib has no SASL-IR) and poplib (no AUTH method: the raw commands
// products send, in both forms). Trust through SSL_CERT_FILE; real host names routed to the lab's ports.

import assert from 'node:assert/strict'
import {sep} from 'node:path'
import {fileURLToPath} from 'node:url'
import {before, describe, it} from 'node:test'
import {EXCHANGE} from './expected.js'
import {authExchanges, type ClientLab, MAIL_HOST, missingTool, RECIPIENT, runClient, SMTP_HOST, withClientLab} from './harness.js'

// The .py file stays in test/clients/python (the build copies no .py): found from the source tree.
const SCRIPT = fileURLToPath(new URL('python/stdlib_mail.py', import.meta.url)).replace(`${sep}dist${sep}test${sep}`, `${sep}test${sep}`)
const PYTHON = process.env.PYTHON ?? 'python3'

let skip: string | undefined
before(async () => {
  skip = await missingTool(PYTHON)
})

type Step = 'smtp-one-line' | 'smtp-two-step' | 'imap' | 'pop-one-line' | 'pop-two-step'
interface StepResult {
  step: Step
  ok: boolean
  reply: string
}

async function python(c: ClientLab, steps: Step[]): Promise<Record<Step, StepResult>> {
  const job = {
    routes: {[`${SMTP_HOST}:587`]: c.ports.smtp, [`${MAIL_HOST}:993`]: c.ports.imap, [`${MAIL_HOST}:995`]: c.ports.pop},
    user: c.user,
    tokenFile: c.tokenFile,
    from: c.from,
    to: RECIPIENT,
    steps,
  }
  const r = await runClient(PYTHON, [SCRIPT], {input: JSON.stringify(job), env: {SSL_CERT_FILE: c.caFile}, timeoutMs: 60_000})
  assert.equal(r.code, 0, c.redact(r.stderr))
  const out = {} as Record<Step, StepResult>
  for (const line of r.stdout.trim().split('\n')) {
    const result = JSON.parse(line) as StepResult
    out[result.step] = result
  }
  return out
}

describe('Python standard library', () => {
  it('healthy: smtplib one-line and two-step, imaplib, poplib two-step all log in; poplib one-line is refused and hung up on', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('healthy', async (c) => {
      const r = await python(c, ['smtp-one-line', 'smtp-two-step', 'imap', 'pop-two-step', 'pop-one-line'])
      assert.deepEqual(
        authExchanges(c.wire, 'smtp:587').map((a) => a.form),
        ['one-line', 'two-step'],
      )
      for (const a of authExchanges(c.wire, 'smtp:587')) assert.match(a.reply ?? '', EXCHANGE.smtpAuthOk)
      assert.equal(r['smtp-one-line'].ok, true, r['smtp-one-line'].reply)
      assert.equal(r['smtp-two-step'].ok, true, r['smtp-two-step'].reply)
      const [imap] = authExchanges(c.wire, 'imap:993')
      assert.equal(imap?.form, 'two-step')
      assert.equal(r.imap.ok, true, r.imap.reply)
      const pops = authExchanges(c.wire, 'pop:995')
      assert.deepEqual(pops.map((a) => a.form), ['two-step', 'one-line'])
      assert.match(pops[0]?.reply ?? '', EXCHANGE.popAuthOk)
      assert.equal(r['pop-two-step'].ok, true, r['pop-two-step'].reply)
      // The one-line form: what poplib raises is Exchange's line, and the server has closed the connection.
      assert.match(pops[1]?.reply ?? '', EXCHANGE.popOneLine)
      assert.equal(r['pop-one-line'].ok, false)
      assert.equal(r['pop-one-line'].reply, '-ERR Protocol error. Connection is closed. 10 | connection closed')
      t.diagnostic('row|Python smtplib|healthy|SMTP|one-line (initial_response_ok=True) and two-step|235 2.7.0 Authentication successful (both)|no exception')
      t.diagnostic('row|Python imaplib|healthy|IMAP|two-step (no SASL-IR in imaplib)|OK AUTHENTICATE completed.|no exception')
      t.diagnostic('row|Python poplib|healthy|POP|two-step|+OK User successfully authenticated.|no exception')
      t.diagnostic("row|Python poplib|one-line POP|POP|one-line (_shortcmd('AUTH XOAUTH2 <b64>'))|-ERR Protocol error. Connection is closed. 10, then the server closes|error_proto(b'-ERR Protocol error. Connection is closed. 10')")
    })
  })

  it('no-full-access: the exception carries 535 5.7.3 / NO AUTHENTICATE failed. / -ERR Authentication failure', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('no-full-access', async (c) => {
      const r = await python(c, ['smtp-two-step', 'imap', 'pop-two-step'])
      assert.equal(r['smtp-two-step'].ok, false)
      assert.match(r['smtp-two-step'].reply, EXCHANGE.smtpAuthFailed)
      assert.equal(r.imap.ok, false)
      assert.match(r.imap.reply, /AUTHENTICATE failed\./)
      assert.match(authExchanges(c.wire, 'imap:993')[0]?.reply ?? '', EXCHANGE.imapAuthFailed)
      assert.equal(r['pop-two-step'].ok, false)
      assert.match(r['pop-two-step'].reply, /^-ERR Authentication failure: unknown user name or bad password\. \| connection open$/)
      t.diagnostic(`row|Python smtplib / imaplib / poplib|no-full-access|SMTP / IMAP / POP|two-step|535 5.7.3 … / NO AUTHENTICATE failed. / -ERR Authentication failure…|SMTPAuthenticationError(535) / IMAP4.error("${r.imap.reply}") / error_proto`)
    })
  })

  it('smtp-auth-disabled-tenant: SMTPAuthenticationError 535 5.7.139 … for the Tenant, in both forms', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('smtp-auth-disabled-tenant', async (c) => {
      const r = await python(c, ['smtp-one-line', 'smtp-two-step'])
      for (const step of ['smtp-one-line', 'smtp-two-step'] as const) {
        assert.equal(r[step].ok, false)
        assert.match(r[step].reply, EXCHANGE.smtpAuthDisabledTenant)
      }
      t.diagnostic('row|Python smtplib|smtp-auth-disabled-tenant|SMTP|one-line and two-step|535 5.7.139 … disabled for the Tenant …|SMTPAuthenticationError(535)')
    })
  })

  it('send-as-denied: AUTH 235, then SMTPDataError 554 5.2.252 SendAsDenied', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('send-as-denied', async (c) => {
      const r = await python(c, ['smtp-one-line'])
      assert.match(authExchanges(c.wire, 'smtp:587')[0]?.reply ?? '', EXCHANGE.smtpAuthOk)
      assert.equal(r['smtp-one-line'].ok, false)
      assert.match(r['smtp-one-line'].reply, EXCHANGE.sendAsDenied(c.user, c.from))
      t.diagnostic('row|Python smtplib|send-as-denied|SMTP|one-line|235, then 554 5.2.252 SendAsDenied after DATA|SMTPDataError(554)')
    })
  })

  it('imap-disabled: authenticate() succeeds, select() raises BAD User is authenticated but not connected.', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('imap-disabled', async (c) => {
      const r = await python(c, ['imap'])
      assert.match(authExchanges(c.wire, 'imap:993')[0]?.reply ?? '', EXCHANGE.imapAuthOk)
      assert.equal(r.imap.ok, false)
      assert.match(r.imap.reply, /User is authenticated but not connected\./)
      t.diagnostic(`row|Python imaplib|imap-disabled|IMAP|two-step|OK AUTHENTICATE completed., then BAD User is authenticated but not connected.|IMAP4.error("${r.imap.reply}")`)
    })
  })
})
