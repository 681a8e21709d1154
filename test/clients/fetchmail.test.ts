// fetchmail with OAuth. Upstream fetchmail has OAuth only on its next (7.x) branch: `auth oauthbearer` for IMAP,
// falling back to XOAUTH2, with the access token as the password; distributions (openSUSE) patch it into 6.4/6.5.
// Debian 12's 6.4.37 refuses the option. Where fetchmail lacks it, this file says so in one line and skips;
// msmtp-mpop.test.ts and the others cover real XOAUTH2 clients meanwhile.

import assert from 'node:assert/strict'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {before, describe, it} from 'node:test'
import {EXCHANGE} from './expected.js'
import {authExchanges, type ClientLab, MAIL_HOST, missingTool, privateFile, runClient, withClientLab} from './harness.js'

let skip: string | undefined
before(async () => {
  skip = await missingTool('fetchmail', ['--version'])
  if (skip) return
  // `--auth oauthbearer --version` prints the version when the mechanism exists, "Invalid authentication" when not.
  const r = await runClient('fetchmail', ['--auth', 'oauthbearer', '--version'], {timeoutMs: 20_000})
  if (/Invalid authentication/i.test(r.stdout + r.stderr)) {
    const v = await runClient('fetchmail', ['--version'], {timeoutMs: 20_000})
    const version = /release (\d[\d.]*)/.exec(v.stdout + v.stderr)?.[1] ?? '(unknown version)'
    skip = `fetchmail ${version} has no OAuth (auth oauthbearer/xoauth2 exists only on fetchmail's 7.x branch or distribution patches): skipped`
  }
})

async function fetchmail(c: ClientLab) {
  const token = (await readFile(c.tokenFile, 'utf8')).trim()
  const rc = await privateFile(
    join(c.dir, 'fetchmailrc'),
    `poll ${MAIL_HOST} via 127.0.0.1 protocol IMAP port ${c.ports.imap} auth oauthbearer\n` +
      `  user "${c.user}" password "${token}" keep\n` +
      `  ssl sslcertck sslcertfile ${c.caFile} sslcommonname ${MAIL_HOST}\n` +
      `  mda "cat >/dev/null"\n`,
  )
  const r = await runClient('fetchmail', ['-f', rc, '--nodetach', '--check', '-v'], {env: {HOME: c.dir, FETCHMAILHOME: c.dir}, timeoutMs: 30_000})
  return {code: r.code, said: c.redact(`${r.stdout}${r.stderr}`)}
}

describe('fetchmail', () => {
  it('healthy: IMAP logs in with XOAUTH2 (the lab offers no OAUTHBEARER, as Exchange)', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('healthy', async (c) => {
      const r = await fetchmail(c)
      const [a] = authExchanges(c.wire, 'imap:993')
      assert.match(a?.reply ?? '', EXCHANGE.imapAuthOk, r.said)
      t.diagnostic(`row|fetchmail|healthy|IMAP|${a?.form}|${a?.reply}|exit ${r.code}`)
    })
  })

  it('no-full-access: the login is refused with NO AUTHENTICATE failed.', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('no-full-access', async (c) => {
      const r = await fetchmail(c)
      assert.notEqual(r.code, 0, r.said)
      assert.match(authExchanges(c.wire, 'imap:993')[0]?.reply ?? '', EXCHANGE.imapAuthFailed, r.said)
      t.diagnostic(`row|fetchmail|no-full-access|IMAP|XOAUTH2|NO AUTHENTICATE failed.|exit ${r.code}`)
    })
  })
})
