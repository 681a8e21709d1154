// imapflow (the Node IMAP library many vendors' products use) against the lab, in-process: real host name by
// SNI, the lab CA as its only trust, XOAUTH2 with the app-only token, then INBOX read-only. Our probe no longer
// uses imapflow (it needs exact control of each command); here it is one more real client the lab must satisfy.

import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {ImapFlow} from 'imapflow'
import {readFile} from 'node:fs/promises'
import {EXCHANGE} from './expected.js'
import {authExchanges, clientSent, type ClientLab, MAIL_HOST, withClientLab} from './harness.js'

interface Outcome {
  loggedIn: boolean
  opened: boolean
  error?: {message: string; authenticationFailed?: boolean; responseText?: string}
}

async function imapflow(c: ClientLab): Promise<Outcome> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: c.ports.imap,
    secure: true,
    servername: MAIL_HOST,
    tls: {ca: [await readFile(c.caFile, 'utf8')], rejectUnauthorized: true},
    auth: {user: c.user, accessToken: (await readFile(c.tokenFile, 'utf8')).trim()},
    logger: false,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 10_000,
  })
  client.on('error', () => undefined) // failures arrive through the awaited calls
  const out: Outcome = {loggedIn: false, opened: false}
  try {
    await client.connect()
    out.loggedIn = true
    await client.mailboxOpen('INBOX', {readOnly: true})
    out.opened = true
    await client.logout()
  } catch (err) {
    const e = err as Error & {authenticationFailed?: boolean; responseText?: string}
    out.error = {message: c.redact(e.message), authenticationFailed: e.authenticationFailed, responseText: e.responseText}
    client.close()
  }
  return out
}

describe('imapflow', () => {
  it('healthy: AUTHENTICATE XOAUTH2 (SASL-IR, one line) is accepted and INBOX opens read-only', async () => {
    await withClientLab('healthy', async (c) => {
      const r = await imapflow(c)
      assert.equal(r.opened, true, JSON.stringify(r.error))
      const [auth] = authExchanges(c.wire, 'imap:993')
      assert.equal(auth?.form, 'one-line', 'imapflow sends the initial response when SASL-IR is offered')
      assert.match(auth?.reply ?? '', EXCHANGE.imapAuthOk)
      assert.ok(clientSent(c.wire, 'imap:993', /^\S+ EXAMINE INBOX$/i), c.wire.join('\n'))
    })
  })

  it('no-full-access: the login is refused with Exchange\'s NO AUTHENTICATE failed.', async () => {
    await withClientLab('no-full-access', async (c) => {
      const r = await imapflow(c)
      assert.equal(r.loggedIn, false)
      assert.equal(r.error?.authenticationFailed, true, JSON.stringify(r.error))
      assert.match(authExchanges(c.wire, 'imap:993')[0]?.reply ?? '', EXCHANGE.imapAuthFailed)
    })
  })

  it('imap-disabled: the login succeeds, the first mailbox command gets BAD authenticated but not connected', async () => {
    await withClientLab('imap-disabled', async (c) => {
      const r = await imapflow(c)
      assert.equal(r.opened, false)
      assert.match(authExchanges(c.wire, 'imap:993')[0]?.reply ?? '', EXCHANGE.imapAuthOk)
      const bad = c.wire.filter((l) => l.startsWith('imap:993 ') && / S \S+ BAD User is authenticated but not connected\.$/.test(l))
      assert.ok(bad.length >= 1, c.wire.filter((l) => l.startsWith('imap:993 ')).join('\n'))
    })
  })
})
