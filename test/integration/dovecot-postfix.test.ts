// o365doctor's protocol layer against servers nobody here wrote: real Dovecot (IMAP/POP3, implicit TLS,
// XOAUTH2 checked by the lab through introspection) and Postfix (submission, STARTTLS, SASL via Dovecot, LMTP
// delivery). Each failure class these servers' replies can produce has a case below; the probes must report it at
// the right stage and the doctor's classifiers must name the right cause. Skipped with one line when the servers
// are not installed (see integrationSkipReason). Failed logins cost ~0.5 s each in Dovecot: they run in parallel.
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {after, before, describe, it} from 'node:test'
import {decodeJwt, generateKeyPair, SignJWT} from 'jose'
import {classifyLoginFailure} from '../../src/checks/mail/classify-login.js'
import {networkCauseOf} from '../../src/checks/mail/network-causes.js'
import {classifyText} from '../../src/knowledge/classify.js'
import {probeLogin, type ProbeLoginOptions} from '../../src/probes/index.js'
import type {ProbeResult} from '../../src/probes/types.js'
import type {Protocol} from '../../src/core/protocol.js'
import {assertNoSecrets} from '../probes/fixtures/lab.js'
import {IMAP_HOST, integrationSkipReason, SMTP_HOST, startMailStack, type MailStack} from './harness/index.js'

const skip = integrationSkipReason()

const ENDPOINT = {
  smtp: {host: SMTP_HOST, port: 587, tls: 'starttls'},
  imap: {host: IMAP_HOST, port: 993, tls: 'implicit'},
  pop: {host: IMAP_HOST, port: 995, tls: 'implicit'},
} as const satisfies Record<Protocol, ProbeLoginOptions['endpoint']>

// What Dovecot and Postfix send before their final refusal (Exchange sends no such challenge).
const CHALLENGE = {status: '401', schemes: 'bearer', scope: 'mail'}

describe('integration tier: how it decides to skip', () => {
  it('names the missing binaries and how to get them, in one line', () => {
    const reason = integrationSkipReason(() => undefined)
    assert.match(reason ?? '', /^integration tier skipped: dovecot\/postfix not installed \(run \.ci\/run, or apt-get install .*postfix\)$/)
    assert.equal(integrationSkipReason(() => '/usr/sbin/x', 0), undefined)
    assert.match(integrationSkipReason(() => '/usr/sbin/x', 1000) ?? '', /need root/)
  })
})

describe('real Dovecot and Postfix', {skip}, () => {
  let stack: MailStack
  let startedAt = 0

  before(async () => {
    startedAt = Date.now()
    stack = await startMailStack()
  })

  after(async () => {
    const t = Date.now()
    await stack?.close()
    // Not an assertion: the tier's cost, for the report (node:test prints diagnostics).
    console.log(`# integration stack: start ${stack?.timings.ready ?? '?'} ms, stop ${Date.now() - t} ms, file ${Date.now() - startedAt} ms`)
  })

  const login = (protocol: Protocol, token: string, extra: Partial<ProbeLoginOptions> = {}): Promise<ProbeResult> =>
    probeLogin(protocol, {endpoint: ENDPOINT[protocol], user: stack.mailbox, token, map: stack.network, timeoutMs: 5000, transcript: true, ...extra})

  const explain = (r: ProbeResult) => `${JSON.stringify(r.error)}\n${stack.logs()}`

  /** The refusal is an auth failure with the server's own words, and the doctor does not read it as a network fault. */
  function assertRefused(r: ProbeResult, serverText: RegExp, code: string | undefined): void {
    assert.equal(r.ok, false, explain(r))
    assert.equal(r.error?.stage, 'auth', explain(r))
    assert.match(r.error?.serverText ?? '', serverText, explain(r))
    if (code) assert.equal(r.error?.code, code)
    assert.equal(r.error?.command, r.protocol === 'imap' ? 'AUTHENTICATE XOAUTH2' : 'AUTH XOAUTH2')
    assert.equal(networkCauseOf(r, `${r.protocol}.login`, {}), undefined, 'an auth refusal is not a network cause')
    assert.equal(r.tls?.authorized, true)
  }

  it('logs in with a lab token over IMAP 993, POP 995 and SMTP 587 + STARTTLS (Postfix → Dovecot SASL)', async () => {
    const asked = stack.introspection.counts.active
    const [imap, pop, smtp] = await Promise.all((['imap', 'pop', 'smtp'] as const).map((p) => login(p, stack.token)))
    for (const r of [imap!, pop!, smtp!]) {
      assert.equal(r.ok, true, `${r.protocol}: ${explain(r)}`)
      assert.equal(r.tls?.authorized, true, r.protocol)
      assertNoSecrets(r, stack.token, stack.mailbox)
    }
    assert.ok(imap!.capabilities?.includes('AUTH=XOAUTH2'), JSON.stringify(imap!.capabilities))
    assert.match(imap!.greeting ?? '', /^\* OK /)
    assert.ok(pop!.capabilities?.includes('SASL XOAUTH2'), JSON.stringify(pop!.capabilities))
    assert.equal(smtp!.starttlsOffered, true)
    assert.ok(smtp!.capabilities?.includes('AUTH XOAUTH2'), JSON.stringify(smtp!.capabilities))
    // Dovecot really asked the authority: once per login (SMTP's goes through Postfix to Dovecot's auth).
    assert.ok(stack.introspection.counts.active >= asked + 3, JSON.stringify(stack.introspection.counts))
  })

  it('reaches the servers by IP too (127.0.0.1 is in the certificate)', async () => {
    const r = await probeLogin('imap', {
      endpoint: {host: '127.0.0.1', port: stack.ports.imaps, tls: 'implicit'}, user: stack.mailbox, token: stack.token, map: stack.network, timeoutMs: 5000,
    })
    assert.equal(r.ok, true, explain(r))
  })

  it('a token with a bad signature: each server refuses it, read as an authorization failure', async () => {
    const sig = stack.token.lastIndexOf('.') + 1
    const bad = `${stack.token.slice(0, sig)}${stack.token[sig] === 'A' ? 'B' : 'A'}${stack.token.slice(sig + 1)}`
    const refused = stack.introspection.counts.inactive
    const [imap, pop, smtp] = await Promise.all((['imap', 'pop', 'smtp'] as const).map((p) => login(p, bad)))

    assertRefused(imap!, /^NO \[AUTHENTICATIONFAILED\] Authentication failed\.$/, 'AUTHENTICATIONFAILED')
    assertRefused(pop!, /^-ERR \[AUTH\] Authentication failed\.$/, 'AUTH')
    assertRefused(smtp!, /^535 5\.7\.8 Error: authentication failed/, 'EAUTH')
    assert.equal(smtp!.error?.responseCode, 535)
    const patterns = {imap: 'imap.authenticationfailed', pop: 'pop.auth', smtp: 'smtp.535-5.7.8'}
    for (const r of [imap!, pop!, smtp!]) {
      assert.deepEqual(r.error?.challenge, CHALLENGE, r.protocol)
      assert.equal(classifyLoginFailure(r.protocol, r.error!).id, 'exchange.authorization-failed', r.protocol)
      // `explain` recognises the same reply text.
      assert.equal(classifyText(r.error!.serverText!)[0]?.patternId, patterns[r.protocol], r.protocol)
      assertNoSecrets(r, bad, stack.mailbox)
    }
    assert.ok(stack.introspection.counts.inactive >= refused + 3, JSON.stringify(stack.introspection.counts))
  })

  it('a foreign token (same claims, another signer) and a revoked one are refused the same way', async () => {
    const {privateKey} = await generateKeyPair('RS256')
    const foreign = await new SignJWT(decodeJwt(stack.token)).setProtectedHeader({alg: 'RS256', typ: 'JWT', kid: 'not-the-lab'}).sign(privateKey)
    const imap = await login('imap', foreign)
    assertRefused(imap, /^NO \[AUTHENTICATIONFAILED\] Authentication failed\.$/, 'AUTHENTICATIONFAILED')
    assert.equal(classifyLoginFailure('imap', imap.error!).id, 'exchange.authorization-failed')

    // Revoked: the authority now calls the lab's own valid token inactive.
    await stack.introspection.setMode('reject')
    try {
      const smtp = await login('smtp', stack.token)
      assertRefused(smtp, /^535 5\.7\.8 Error: authentication failed/, 'EAUTH')
      assert.equal(classifyLoginFailure('smtp', smtp.error!).id, 'exchange.authorization-failed')
    } finally {
      await stack.introspection.setMode('accept')
    }
  })

  it('authority down: IMAP and POP say "temporary" (not a credentials problem); Postfix 3.7 turns it into a plain 535', async () => {
    await stack.introspection.setMode('down')
    let results: ProbeResult[]
    try {
      results = await Promise.all((['imap', 'pop', 'smtp'] as const).map((p) => login(p, stack.token)))
    } finally {
      await stack.introspection.setMode('accept')
    }
    const [imap, pop, smtp] = results as [ProbeResult, ProbeResult, ProbeResult]
    assertRefused(imap, /^NO \[UNAVAILABLE\] Temporary authentication failure\./, 'UNAVAILABLE')
    assertRefused(pop, /^-ERR \[SYS\/TEMP\] Temporary authentication failure\./, 'SYS/TEMP')
    for (const r of [imap, pop]) {
      const c = classifyLoginFailure(r.protocol, r.error!)
      assert.equal(c.id, 'exchange.temporary-failure', `${r.protocol}: a temporary failure is named as such, not as bad credentials`)
      assert.notEqual(c.id, 'exchange.authorization-failed')
      assert.equal(r.error?.challenge, undefined, 'no token verdict, so no 401 challenge')
    }
    // Measured: Postfix maps Dovecot's temporary failure to its permanent 535, so through Postfix a down authority
    // looks like a refused token. Pinned so a Postfix that starts answering 454 4.7.0 is noticed (the table knows it).
    assertRefused(smtp, /^535 5\.7\.8 Error: authentication failed/, 'EAUTH')
    assert.equal(smtp.error?.challenge, undefined)

    // And back up: the same token works again at once.
    const again = await login('imap', stack.token)
    assert.equal(again.ok, true, explain(again))
  })

  it('wrong TLS mode: TLS to the STARTTLS port, plaintext or STARTTLS to 993/995 → tls-mode-mismatch', async () => {
    // A short timeout: a plaintext client waits for a greeting an implicit-TLS port never sends.
    const quick = {timeoutMs: 1500}
    const cases: [Protocol, ProbeLoginOptions['endpoint']][] = [
      ['smtp', {host: SMTP_HOST, port: 587, tls: 'implicit'}],
      ['imap', {host: IMAP_HOST, port: 993, tls: 'none'}],
      ['imap', {host: IMAP_HOST, port: 993, tls: 'starttls'}],
      ['pop', {host: IMAP_HOST, port: 995, tls: 'none'}],
    ]
    const results = await Promise.all(cases.map(([p, endpoint]) => login(p, stack.token, {...quick, endpoint})))
    results.forEach((r, i) => {
      const what = `${r.protocol} ${cases[i]![1].tls} → ${r.port}: ${explain(r)}`
      assert.equal(r.error?.stage, 'tls', what)
      assert.equal(r.error?.tlsModeMismatch, true, what)
      assert.equal(networkCauseOf(r, `${r.protocol}.connect`, {})?.id, 'network.tls-mode-mismatch', what)
      assertNoSecrets(r, stack.token, stack.mailbox)
    })
    // TLS into a plaintext port is OpenSSL's classic "wrong version number" (Postfix answered with its banner).
    assert.match(results[0]!.error?.message ?? '', /wrong version number/)
  })

  it('plaintext submission without STARTTLS: Postfix offers no AUTH before TLS → capability stage', async () => {
    const r = await login('smtp', stack.token, {endpoint: {host: SMTP_HOST, port: 587, tls: 'none'}})
    assert.equal(r.ok, false)
    assert.equal(r.error?.stage, 'capability', explain(r))
    assert.equal(r.error?.code, 'EAUTHMETHOD')
    assert.equal(r.starttlsOffered, true)
    assertNoSecrets(r, stack.token, stack.mailbox)
  })

  it('an oversized token: Dovecot drops the IMAP connection mid-login; reported at the auth stage, not a crash', async () => {
    // Over Dovecot's 8 KB SASL limit; real Microsoft 365 tokens are 1.5–3 KB.
    const huge = `${stack.token}${'A'.repeat(9000)}`
    const r = await login('imap', huge)
    assert.equal(r.ok, false)
    assert.equal(r.error?.stage, 'auth', explain(r))
    assert.equal(r.error?.tlsModeMismatch, undefined)
    assertNoSecrets(r, huge, stack.mailbox)
  })

  it('--send-test: a message goes Postfix → LMTP → Dovecot and is read back over IMAP with the token', async () => {
    const r = await login('smtp', stack.token, {sendTest: {from: stack.mailbox, to: stack.mailbox}})
    assert.equal(r.ok, true, explain(r))
    assert.equal(r.sent, true)
    // Postfix logs the Message-ID our probe generated; the same one must arrive in the mailbox.
    const deadline = Date.now() + 10_000
    let found: {subject?: string; messageId?: string; from?: string} | undefined
    while (!found && Date.now() < deadline) {
      found = await stack.withImap(stack.token, async (client) => {
        const lock = await client.getMailboxLock('INBOX')
        try {
          const uids = await client.search({subject: 'o365doctor send test'}, {uid: true})
          if (!uids || uids.length === 0) return undefined
          const msg = await client.fetchOne(String(uids.at(-1)), {envelope: true}, {uid: true})
          if (!msg || !msg.envelope) return undefined
          return {subject: msg.envelope.subject, messageId: msg.envelope.messageId, from: msg.envelope.from?.[0]?.address}
        } finally {
          lock.release()
        }
      })
      if (!found) await new Promise((ok) => setTimeout(ok, 100))
    }
    assert.ok(found, `no message arrived within 10 s\n${stack.logs()}`)
    assert.equal(found.subject, 'o365doctor send test')
    assert.equal(found.from, stack.mailbox)
    assert.match(found.messageId ?? '', /^<[^>]+@o365doctor>$/)
    assert.match(readFileSync(stack.paths.postfixLog, 'utf8'), new RegExp(`message-id=${found.messageId!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
  })
})
