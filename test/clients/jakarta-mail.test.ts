// Jakarta Mail (Debian's libjakarta-mail-java 2.0) on the JRE, the mail stack of most Java products (eBiss3,
// enaio, Cryptshare among them), configured as its documentation says for XOAUTH2: mail.<proto>.auth.mechanisms
// = XOAUTH2 and the access token as the password. The client (java/LabMailClient.java) is compiled once per run
// into a temporary directory. It trusts the lab CA through a keytool-made truststore (-Djavax.net.ssl.trustStore),
// resolves the real host names to loopback through -Djdk.net.hosts.file and verifies them
// (mail.<proto>.ssl.checkserveridentity).

import assert from 'node:assert/strict'
import {access, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join, sep} from 'node:path'
import {fileURLToPath} from 'node:url'
import {after, before, describe, it} from 'node:test'
import {EXCHANGE} from './expected.js'
import {authExchanges, type ClientLab, MAIL_HOST, RECIPIENT, runClient, SMTP_HOST, withClientLab} from './harness.js'

const SOURCE = fileURLToPath(new URL('java/LabMailClient.java', import.meta.url)).replace(`${sep}dist${sep}test${sep}`, `${sep}test${sep}`)
const JARS = ['/usr/share/java/jakarta-mail.jar', '/usr/share/java/jakarta-activation.jar']

let skip: string | undefined
let classes = ''
before(async () => {
  for (const jar of JARS) {
    if (!(await access(jar).then(() => true, () => false))) {
      skip = `${jar} is missing (Debian libjakarta-mail-java); .ci/run installs it`
      return
    }
  }
  classes = await mkdtemp(join(tmpdir(), 'o365doctor-javamail-'))
  try {
    const r = await runClient('javac', ['-d', classes, '-cp', JARS.join(':'), SOURCE], {timeoutMs: 90_000})
    if (r.code !== 0) skip = `javac failed (exit ${r.code}): ${r.stderr.split('\n')[0]}`
  } catch (err) {
    skip = `javac is not installed (${(err as NodeJS.ErrnoException).code}); a JDK is needed`
  }
})
after(async () => {
  if (classes) await rm(classes, {recursive: true, force: true})
})

type Job = 'smtp' | 'imap' | 'pop3'

/** Runs the client's jobs in one JVM; returns "OK" or "FAIL <Exception>: <message>" per job. */
async function javaMail(c: ClientLab, jobs: Job[]): Promise<Record<Job, string>> {
  const truststore = join(c.dir, 'lab-truststore.p12')
  const keytool = await runClient('keytool', ['-importcert', '-noprompt', '-alias', 'o365doctor-lab', '-file', c.caFile, '-keystore', truststore, '-storetype', 'PKCS12', '-storepass', 'changeit'], {timeoutMs: 30_000})
  assert.equal(keytool.code, 0, keytool.stderr)
  const hosts = join(c.dir, 'hosts')
  await writeFile(hosts, `127.0.0.1 ${SMTP_HOST} ${MAIL_HOST}\n`)
  const args = jobs.map((j) => (j === 'smtp' ? `smtp:${c.ports.smtp}:${c.from}:${RECIPIENT}` : j === 'imap' ? `imap:${c.ports.imap}` : `pop3:${c.ports.pop}`))
  const r = await runClient(
    'java',
    [
      `-Djdk.net.hosts.file=${hosts}`,
      `-Djavax.net.ssl.trustStore=${truststore}`,
      '-Djavax.net.ssl.trustStorePassword=changeit',
      '-Djavax.net.ssl.trustStoreType=PKCS12',
      `-Dlab.user=${c.user}`,
      `-Dlab.tokenFile=${c.tokenFile}`,
      '-Xshare:auto',
      '-XX:TieredStopAtLevel=1',
      '-cp',
      [classes, ...JARS].join(':'),
      'LabMailClient',
      ...args,
    ],
    {timeoutMs: 90_000},
  )
  assert.equal(r.code, 0, c.redact(r.stderr))
  const out = {} as Record<Job, string>
  for (const line of r.stdout.trim().split('\n')) {
    const [job, ...rest] = line.split(' ')
    out[job as Job] = c.redact(rest.join(' '))
  }
  return out
}

describe('Jakarta Mail', () => {
  it('healthy: SMTP and IMAP log in with the initial response on the AUTH line; POP3 sends it one-line too and Exchange refuses it', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('healthy', async (c) => {
      const r = await javaMail(c, ['smtp', 'imap', 'pop3'])
      assert.equal(r.smtp, 'OK')
      const [s] = authExchanges(c.wire, 'smtp:587')
      assert.equal(s?.form, 'one-line')
      assert.match(s?.reply ?? '', EXCHANGE.smtpAuthOk)
      assert.equal(r.imap, 'OK')
      assert.equal(authExchanges(c.wire, 'imap:993')[0]?.form, 'one-line')
      // jakartaee/mail-api#461: the product sees a login failure whose text is Exchange's protocol error.
      const [p] = authExchanges(c.wire, 'pop:995')
      assert.equal(p?.form, 'one-line')
      assert.match(p?.reply ?? '', EXCHANGE.popOneLine)
      assert.equal(r.pop3, 'FAIL AuthenticationFailedException: Protocol error. Connection is closed. 10')
      t.diagnostic('row|Jakarta Mail 2.0|healthy|SMTP|one-line|235 2.7.0 Authentication successful; 250 after DATA|Transport.sendMessage returns')
      t.diagnostic('row|Jakarta Mail 2.0|healthy|IMAP|one-line (SASL-IR)|OK AUTHENTICATE completed.|Store.connect + Folder.open return')
      t.diagnostic('row|Jakarta Mail 2.0|healthy = one-line POP|POP|one-line (no two-step option before Angus Mail)|-ERR Protocol error. Connection is closed. 10, then the server closes|AuthenticationFailedException: Protocol error. Connection is closed. 10')
    })
  })

  it('no-full-access: AuthenticationFailedException with 535 5.7.3 (SMTP) and AUTHENTICATE failed. (IMAP)', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('no-full-access', async (c) => {
      const r = await javaMail(c, ['smtp', 'imap'])
      assert.match(r.smtp, /^FAIL AuthenticationFailedException: /)
      assert.match(r.smtp.replace(/^FAIL AuthenticationFailedException: /, ''), EXCHANGE.smtpAuthFailed)
      assert.equal(r.imap, 'FAIL AuthenticationFailedException: AUTHENTICATE failed.')
      assert.match(authExchanges(c.wire, 'imap:993')[0]?.reply ?? '', EXCHANGE.imapAuthFailed)
      t.diagnostic('row|Jakarta Mail 2.0|no-full-access|SMTP / IMAP|one-line|535 5.7.3 … / NO AUTHENTICATE failed.|AuthenticationFailedException("535 5.7.3 …") / ("AUTHENTICATE failed.")')
    })
  })

  it('smtp-auth-disabled-tenant: AuthenticationFailedException: 535 5.7.139 … for the Tenant', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('smtp-auth-disabled-tenant', async (c) => {
      const r = await javaMail(c, ['smtp'])
      assert.match(r.smtp.replace(/^FAIL AuthenticationFailedException: /, ''), EXCHANGE.smtpAuthDisabledTenant)
      t.diagnostic('row|Jakarta Mail 2.0|smtp-auth-disabled-tenant|SMTP|one-line|535 5.7.139 … disabled for the Tenant …|AuthenticationFailedException("535 5.7.139 …")')
    })
  })

  it('send-as-denied: the login works, sendMessage throws with 554 5.2.252 SendAsDenied', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('send-as-denied', async (c) => {
      const r = await javaMail(c, ['smtp'])
      assert.match(authExchanges(c.wire, 'smtp:587')[0]?.reply ?? '', EXCHANGE.smtpAuthOk)
      const m = /^FAIL (\w+): (.*)$/.exec(r.smtp)
      assert.ok(m, r.smtp)
      assert.match(m[2]!, EXCHANGE.sendAsDenied(c.user, c.from))
      t.diagnostic(`row|Jakarta Mail 2.0|send-as-denied|SMTP|one-line|235, then 554 5.2.252 SendAsDenied after DATA|${m[1]}("554 5.2.252 SendAsDenied …")`)
    })
  })

  it('imap-disabled: Store.connect works, Folder.open fails with User is authenticated but not connected.', async (t) => {
    if (skip) return t.skip(skip)
    await withClientLab('imap-disabled', async (c) => {
      const r = await javaMail(c, ['imap'])
      assert.match(authExchanges(c.wire, 'imap:993')[0]?.reply ?? '', EXCHANGE.imapAuthOk)
      assert.match(r.imap, /^FAIL \w+: .*User is authenticated but not connected\./)
      t.diagnostic(`row|Jakarta Mail 2.0|imap-disabled|IMAP|one-line (SASL-IR)|OK AUTHENTICATE completed., then BAD User is authenticated but not connected.|${r.imap.replace(/^FAIL /, '')}`)
    })
  })
})
