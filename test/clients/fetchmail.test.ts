// fetchmail with XOAUTH2 (IMAP and POP3). fetchmail gained OAuth (`--auth xoauth2`, the token as the password)
// in 6.5; Debian 12 ships 6.4.37, which refuses the option. Until a fetchmail with XOAUTH2 is installed this file
// proves only that, and says so in one line; msmtp-mpop.test.ts covers POP with a real XOAUTH2 client meanwhile.

import assert from 'node:assert/strict'
import {join} from 'node:path'
import {before, describe, it} from 'node:test'
import {EXCHANGE} from './expected.js'
import {authExchanges, type ClientLab, MAIL_HOST, missingTool, privateFile, runClient, withClientLab} from './harness.js'

let skip: string | undefined
before(async () => {
  skip = await missingTool('fetchmail', ['--version'])
  if (skip) return
  // `--auth xoauth2 --version` prints the version when the mechanism exists, "Invalid authentication" when not.
  const r = await runClient('fetchmail', ['--auth', 'xoauth2', '--version'], {timeoutMs: 20_000})
  if (/Invalid authentication/i.test(r.stdout + r.stderr)) {
    const v = await runClient('fetchmail', ['--version'], {timeoutMs: 20_000})
    const version = /release (\d[\d.]*)/.exec(v.stdout + v.stderr)?.[1] ?? '(unknown version)'
    skip = `fetchmail ${version} has no XOAUTH2 (added in 6.5): skipped`
  }
})

async function fetchmail(c: ClientLab, protocol: 'IMAP' | 'POP3', port: number) {
  const {readFile} = await import('node:fs/promises')
  const token = (await readFile(c.tokenFile, 'utf8')).trim()
  const rc = await privateFile(
    join(c.dir, 'fetchmailrc'),
    `poll ${MAIL_HOST} via 127.0.0.1 protocol ${protocol} port ${port} auth xoauth2\n` +
      `  user "${c.user}" password "${token}" keep fetchlimit 1\n` +
      `  ssl sslcertck sslcertfile ${c.caFile} sslcommonname ${MAIL_HOST}\n` +
      `  mda "cat >/dev/null"\n`,
  )
  const r = await runClient('fetchmail', ['-f', rc, '--nodetach', '--check', '-v'], {env: {HOME: c.dir, FETCHMAILHOME: c.dir}, timeoutMs: 30_000})
  return {code: r.code, said: c.redact(`${r.stdout}${r.stderr}`)}
}

describe('fetchmail', () => {
  it('healthy: IMAP and POP3 log in with XOAUTH2; POP in the two-step form Exchange needs', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('healthy', async (c) => {
      const imap = await fetchmail(c, 'IMAP', c.ports.imap)
      assert.match(authExchanges(c.wire, 'imap:993')[0]?.reply ?? '', EXCHANGE.imapAuthOk, imap.said)
      const pop = await fetchmail(c, 'POP3', c.ports.pop)
      const [a] = authExchanges(c.wire, 'pop:995')
      t.diagnostic(`row|fetchmail|healthy|POP|${a?.form}|${a?.reply}|exit ${pop.code}`)
      assert.equal(a?.form, 'two-step', `fetchmail sent the one-line form, which Exchange refuses: ${pop.said}`)
      assert.match(a?.reply ?? '', EXCHANGE.popAuthOk)
    })
  })
})
