// The lab's Exchange Online IMAP (993) and POP (995) endpoints: exact transcripts (microsoft-behaviour.md §4.4,
// §4.5, §5), the authorization rules of lab-scenario.md, and imapflow end to end.

import assert from 'node:assert/strict'
import {before, describe, it} from 'node:test'
import {ImapFlow} from 'imapflow'
import {bannerToken} from '../../src/lab/mail/exchange-ids.js'
import {startMailServers, type LabMailServers} from '../../src/lab/mail/index.js'
import type {LabPki} from '../../src/lab/lab-types.js'
import {createLabPki} from '../../src/lab/pki.js'
import type {Scenario} from '../../src/lab/scenario/types.js'
import {APP_OBJECT_ID, buildScenario, MAILBOX, TokenBook} from './fixtures.js'
import {smtpReadyToAuth, withMailServers, xoauth2} from './mail-session.js'
import {b64, Transcript} from './mail-transcript.js'

const HOST = 'outlook.office365.com'
const CAP_PRE = '* CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+'
const CAP_POST =
  '* CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CLIENTACCESSRULES CLIENTNETWORKPRESENCELOCATION BACKENDAUTHENTICATE CHILDREN IDLE NAMESPACE LITERAL+'
const POP_AUTH_FAILURE = '-ERR Authentication failure: unknown user name or bad password.'

let pki: LabPki
before(async () => {
  pki = await createLabPki()
})

const withLab = (scenario: Scenario, body: (servers: LabMailServers, tokens: TokenBook, logs: string[]) => Promise<void>) =>
  withMailServers(scenario, pki, ({servers, tokens, logs}) => body(servers, tokens, logs))

const tagged = (tag: string) => (line: string) => line.startsWith(`${tag} `)

async function imap(servers: LabMailServers): Promise<Transcript> {
  const t = await Transcript.tls(servers.ports.imap993, pki.caPem, HOST)
  await t.line()
  return t
}

async function pop(servers: LabMailServers): Promise<Transcript> {
  const t = await Transcript.tls(servers.ports.pop995, pki.caPem, HOST)
  await t.line()
  return t
}

/** The only POP login Exchange accepts: AUTH XOAUTH2, "+ ", then the string (microsoft-behaviour.md §8.7). */
async function popLogin(t: Transcript, b64String: string): Promise<string> {
  t.write('AUTH XOAUTH2')
  assert.equal(await t.line(), '+ ')
  t.write(b64String)
  return t.line()
}

describe('Exchange ids', () => {
  it('encodes the banner FQDN as base64 UTF-16LE, like the real IMAP banner', () => {
    const ids = {frontend: 'x', backend: 'MR1P264CA0146.FRAP264.prod.outlook.com', session: '0'}
    assert.equal(
      bannerToken(ids),
      'TQBSADEAUAAyADYANABDAEEAMAAxADQANgAuAEYAUgBBAFAAMgA2ADQALgBQAFIATwBEAC4ATwBVAFQATABPAE8ASwAuAEMATwBNAA==',
    )
  })
})

describe('IMAP', () => {
  it('greets, lists capabilities before and after AUTHENTICATE (SASL-IR), and signs off', async () => {
    await withLab(buildScenario(), async (servers, tokens) => {
      const t = await Transcript.tls(servers.ports.imap993, pki.caPem, HOST)
      const greeting = await t.line()
      const match = /^\* OK The Microsoft Exchange IMAP4 service is ready\. \[([A-Za-z0-9+/=]+)\]$/.exec(greeting)
      assert.ok(match, greeting)
      assert.match(Buffer.from(match[1]!, 'base64').toString('utf16le'), /^[A-Z0-9]+\.[A-Z0-9]+\.PROD\.OUTLOOK\.COM$/)
      t.write('A0 CAPABILITY')
      assert.deepEqual(await t.until(tagged('A0')), [CAP_PRE, 'A0 OK CAPABILITY completed.'])
      t.write(`A1 AUTHENTICATE XOAUTH2 ${xoauth2(MAILBOX, tokens.issue())}`)
      assert.deepEqual(await t.until(tagged('A1')), ['A1 OK AUTHENTICATE completed.'])
      t.write('A2 CAPABILITY')
      assert.deepEqual(await t.until(tagged('A2')), [CAP_POST, 'A2 OK CAPABILITY completed.'])
      t.write('A3 SELECT INBOX')
      const select = await t.until(tagged('A3'))
      assert.ok(select.includes('* 0 EXISTS'))
      assert.equal(select.at(-1), 'A3 OK [READ-WRITE] SELECT completed.')
      t.write('A4 LOGOUT')
      assert.deepEqual(await t.until(tagged('A4')), ['* BYE Microsoft Exchange Server IMAP4 server signing off.', 'A4 OK LOGOUT completed.'])
      assert.ok(await t.closedWithin())
    })
  })

  it('AUTHENTICATE XOAUTH2 without SASL-IR: a "+ " continuation (trailing space), then the string', async () => {
    await withLab(buildScenario(), async (servers, tokens) => {
      const t = await imap(servers)
      t.write('A1 AUTHENTICATE XOAUTH2')
      assert.equal(await t.line(), '+ ')
      t.write(xoauth2(MAILBOX, tokens.issue()))
      assert.deepEqual(await t.until(tagged('A1')), ['A1 OK AUTHENTICATE completed.'])
      t.close()
    })
  })

  const refused: Array<[string, (s: Scenario) => void, (k: TokenBook) => string]> = [
    ['no IMAP.AccessAsApp role', () => undefined, (k) => k.issue({roles: ['SMTP.SendAsApp']})],
    ['token for Graph', () => undefined, (k) => k.issue({aud: 'https://graph.microsoft.com'})],
    ['token for another tenant', () => undefined, (k) => k.issue({tid: '11111111-2222-4333-8444-555555555555'})],
    ['expired token', () => undefined, (k) => k.issue({exp: Math.floor(Date.now() / 1000) - 60})],
    ['forged token', () => undefined, () => 'forged.token.value'],
    ['wrong ObjectId in New-ServicePrincipal', (s) => (s.exchange.servicePrincipals[0]!.objectId = APP_OBJECT_ID), (k) => k.issue()],
    ['no FullAccess', (s) => (s.exchange.mailboxes[0]!.fullAccess = []), (k) => k.issue()],
    [
      'RBAC for Applications (SMTP only) does not open IMAP',
      (s) => {
        s.exchange.rbacForApplications = [{appId: s.applications[0]!.appId, role: 'Application SMTP.SendAsApp', mailboxes: []}]
        s.exchange.mailboxes[0]!.fullAccess = []
      },
      (k) => k.issue({roles: ['SMTP.SendAsApp']}),
    ],
  ]
  for (const [name, edit, token] of refused) {
    it(`refuses: ${name} → NO AUTHENTICATE failed.`, async () => {
      await withLab(buildScenario(edit), async (servers, tokens, logs) => {
        const t = await imap(servers)
        const secret = token(tokens)
        t.write(`A1 AUTHENTICATE XOAUTH2 ${xoauth2(MAILBOX, secret)}`)
        assert.deepEqual(await t.until(tagged('A1')), ['A1 NO AUTHENTICATE failed.'])
        t.close()
        assert.ok(!logs.some((l) => l.includes(secret)))
      })
    })
  }

  it('a malformed XOAUTH2 string, and LOGIN, fail the way Exchange does', async () => {
    await withLab(buildScenario((s) => (s.lab.failureDelayMs = 150)), async (servers) => {
      const t = await imap(servers)
      t.write(`A1 AUTHENTICATE XOAUTH2 ${b64('user=x')}`)
      assert.deepEqual(await t.until(tagged('A1')), ['A1 NO AUTHENTICATE failed.'])
      const start = Date.now()
      t.write(`A2 LOGIN ${MAILBOX} password`)
      assert.deepEqual(await t.until(tagged('A2')), ['A2 NO LOGIN failed.'])
      assert.ok(Date.now() - start >= 140)
      t.write('A3 FROBNICATE')
      assert.match((await t.until(tagged('A3')))[0]!, /^A3 BAD /)
      t.write('A4 SELECT INBOX')
      assert.match((await t.until(tagged('A4')))[0]!, /^A4 BAD /)
      t.close()
    })
  })

  it('the token expires mid-session: the next command gets * BYE Session invalidated - AccessTokenExpired, and the connection closes', async () => {
    await withLab(buildScenario(), async (servers, tokens, logs) => {
      const t = await imap(servers)
      const exp = Math.floor(Date.now() / 1000) + 2 // 1-2 s from now: time for AUTHENTICATE and a NOOP first
      t.write(`A1 AUTHENTICATE XOAUTH2 ${xoauth2(MAILBOX, tokens.issue({exp}))}`)
      assert.deepEqual(await t.until(tagged('A1')), ['A1 OK AUTHENTICATE completed.'])
      t.write('A2 NOOP')
      assert.deepEqual(await t.until(tagged('A2')), ['A2 OK NOOP completed.'])
      await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 50))
      t.write('A3 LIST "" *')
      assert.equal(await t.line(), '* BYE Session invalidated - AccessTokenExpired')
      assert.ok(await t.closedWithin())
      assert.ok(logs.some((l) => /LIST after the token expired/.test(l)))
    })
  })

  it('ImapEnabled $false: AUTHENTICATE OK, then BAD User is authenticated but not connected., then BYE', async () => {
    await withLab(buildScenario((s) => (s.exchange.mailboxes[0]!.imapEnabled = false)), async (servers, tokens) => {
      const t = await imap(servers)
      t.write(`A1 AUTHENTICATE XOAUTH2 ${xoauth2(MAILBOX, tokens.issue())}`)
      assert.deepEqual(await t.until(tagged('A1')), ['A1 OK AUTHENTICATE completed.'])
      t.write('A2 NAMESPACE')
      assert.deepEqual(await t.until(tagged('A2')), ['A2 BAD User is authenticated but not connected.'])
      t.write('A3 LIST "" "*"')
      assert.deepEqual(await t.until(tagged('A3')), ['A3 BAD User is authenticated but not connected.'])
      t.write('A4 SELECT INBOX')
      assert.deepEqual(await t.until(tagged('A4')), ['A4 BAD User is authenticated but not connected.'])
      assert.equal(await t.line(), '* BYE Connection closed. 14')
      assert.ok(await t.closedWithin())
    })
  })

  it('a plaintext client gets no greeting, and close() still ends its socket', async () => {
    const tokens = new TokenBook()
    const servers = await startMailServers({scenario: buildScenario(), pki, verifyToken: tokens.verifyToken})
    const t = await Transcript.plain(servers.ports.imap993)
    await assert.rejects(t.line(300), /no line within/)
    assert.equal(t.unread, '')
    const plainPop = await Transcript.plain(servers.ports.pop995)
    await servers.close()
    assert.ok(await t.closedWithin(1000))
    assert.ok(await plainPop.closedWithin(1000))
  })
})

describe('IMAP with imapflow', () => {
  const client = (port: number, accessToken: string) =>
    new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: true,
      servername: HOST,
      tls: {ca: pki.caPem},
      auth: {user: MAILBOX, accessToken},
      logger: false,
      connectionTimeout: 3000,
      greetingTimeout: 3000,
      socketTimeout: 5000,
    })

  it('connects, logs in, opens INBOX and logs out', async () => {
    await withLab(buildScenario(), async (servers, tokens) => {
      const c = client(servers.ports.imap993, tokens.issue())
      await c.connect()
      const inbox = await c.mailboxOpen('INBOX')
      assert.equal(inbox.exists, 0)
      assert.equal(inbox.path, 'INBOX')
      const folders = await c.list()
      assert.ok(folders.some((f) => f.path === 'Sent Items'))
      await c.logout()
    })
  })

  it('reports a refused token as an authentication failure with Exchange\'s words', async () => {
    await withLab(buildScenario((s) => (s.exchange.servicePrincipals = [])), async (servers, tokens) => {
      const c = client(servers.ports.imap993, tokens.issue())
      const err = (await c.connect().then(() => undefined, (e: unknown) => e)) as {authenticationFailed?: boolean; response?: string} | undefined
      assert.ok(err)
      assert.equal(err.authenticationFailed, true)
      assert.match(String(err.response), /AUTHENTICATE failed\./)
      c.close()
    })
  })

  it('reports ImapEnabled $false as "User is authenticated but not connected."', async () => {
    await withLab(buildScenario((s) => (s.exchange.mailboxes[0]!.imapEnabled = false)), async (servers, tokens) => {
      const c = client(servers.ports.imap993, tokens.issue())
      const err = (await c.connect().then(() => undefined, (e: unknown) => e)) as {response?: string} | undefined
      assert.ok(err)
      assert.match(String(err.response), /User is authenticated but not connected\./)
      c.close()
    })
  })
})

describe('POP', () => {
  it('greets, answers CAPA exactly, authenticates in two steps, and serves an empty maildrop', async () => {
    await withLab(buildScenario(), async (servers, tokens) => {
      const t = await Transcript.tls(servers.ports.pop995, pki.caPem, HOST)
      const greeting = await t.line()
      const match = /^\+OK The Microsoft Exchange POP3 service is ready\. \[([A-Za-z0-9+/=]+)\]$/.exec(greeting)
      assert.ok(match, greeting)
      assert.match(Buffer.from(match[1]!, 'base64').toString('utf16le'), /\.PROD\.OUTLOOK\.COM$/)
      t.write('CAPA')
      assert.deepEqual(await t.until((l) => l === '.'), ['+OK', 'TOP', 'UIDL', 'SASL PLAIN XOAUTH2', 'USER', '.'])
      assert.equal(await popLogin(t, xoauth2(MAILBOX, tokens.issue())), '+OK User successfully authenticated.')
      t.write('STAT')
      assert.equal(await t.line(), '+OK 0 0')
      t.write('LIST')
      assert.deepEqual(await t.until((l) => l === '.'), ['+OK', '.'])
      t.write('UIDL')
      assert.deepEqual(await t.until((l) => l === '.'), ['+OK', '.'])
      t.write('QUIT')
      assert.match(await t.line(), /^\+OK /)
      assert.ok(await t.closedWithin())
    })
  })

  it('AUTH XOAUTH2 with the initial response on the same line: -ERR Protocol error. Connection is closed. 10, and a hang-up', async () => {
    await withLab(buildScenario(), async (servers, tokens, logs) => {
      const t = await pop(servers)
      const token = tokens.issue()
      t.write(`AUTH XOAUTH2 ${xoauth2(MAILBOX, token)}`)
      assert.equal(await t.line(), '-ERR Protocol error. Connection is closed. 10')
      assert.ok(await t.closedWithin(), 'the server closes the connection')
      assert.equal(t.unread, '')
      assert.ok(logs.some((l) => /pop:995 .*initial response on the AUTH line/.test(l)), logs.join('\n'))
      assert.ok(!logs.join('\n').includes(token), 'the token never reaches the log')
    })
  })

  it('AUTH PLAIN keeps its basic-auth refusal, with or without an initial response (§8.7 is about XOAUTH2)', async () => {
    await withLab(buildScenario(), async (servers) => {
      const t = await pop(servers)
      t.write(`AUTH PLAIN ${b64(`\x00${MAILBOX}\x00secret`)}`)
      assert.equal(await t.line(), POP_AUTH_FAILURE)
      t.write('AUTH PLAIN')
      assert.equal(await t.line(), '+ ')
      t.write(b64(`\x00${MAILBOX}\x00secret`))
      assert.equal(await t.line(), POP_AUTH_FAILURE)
      t.close()
    })
  })

  it('AUTH XOAUTH2 two-step: "+ " (trailing space), then the string; "*" aborts', async () => {
    await withLab(buildScenario(), async (servers, tokens) => {
      const t = await pop(servers)
      t.write('AUTH XOAUTH2')
      assert.equal(await t.line(), '+ ')
      t.write('*')
      assert.match(await t.line(), /^-ERR /)
      assert.equal(await popLogin(t, xoauth2(MAILBOX, tokens.issue())), '+OK User successfully authenticated.')
      t.close()
    })
  })

  const refused: Array<[string, (s: Scenario) => void, (k: TokenBook) => string]> = [
    ['no POP.AccessAsApp role', () => undefined, (k) => k.issue({roles: ['IMAP.AccessAsApp', 'SMTP.SendAsApp']})],
    ['PopEnabled $false', (s) => (s.exchange.mailboxes[0]!.popEnabled = false), (k) => k.issue()],
    ['wrong ObjectId in New-ServicePrincipal', (s) => (s.exchange.servicePrincipals[0]!.objectId = APP_OBJECT_ID), (k) => k.issue()],
    ['no FullAccess', (s) => (s.exchange.mailboxes[0]!.fullAccess = []), (k) => k.issue()],
    ['token for Graph', () => undefined, (k) => k.issue({aud: 'https://graph.microsoft.com'})],
    ['token for another tenant', () => undefined, (k) => k.issue({tid: '11111111-2222-4333-8444-555555555555'})],
    ['expired token', () => undefined, (k) => k.issue({exp: Math.floor(Date.now() / 1000) - 60})],
  ]
  for (const [name, edit, token] of refused) {
    it(`refuses: ${name} → ${POP_AUTH_FAILURE}`, async () => {
      await withLab(buildScenario(edit), async (servers, tokens) => {
        const t = await pop(servers)
        assert.equal(await popLogin(t, xoauth2(MAILBOX, token(tokens))), POP_AUTH_FAILURE)
        t.close()
      })
    })
  }

  it('USER/PASS → -ERR Logon failure: unknown user name or bad password.', async () => {
    await withLab(buildScenario(), async (servers) => {
      const t = await pop(servers)
      t.write(`USER ${MAILBOX}`)
      assert.equal(await t.line(), '+OK')
      t.write('PASS secret')
      assert.equal(await t.line(), '-ERR Logon failure: unknown user name or bad password.')
      t.write('STAT')
      assert.match(await t.line(), /^-ERR /)
      t.close()
    })
  })
})

describe('timing', () => {
  it('adds lab.latencyMs before the TLS handshake, the greeting and each IMAP/POP reply', async () => {
    await withLab(buildScenario((s) => (s.lab.latencyMs = 100)), async (servers) => {
      for (const port of [servers.ports.imap993, servers.ports.pop995]) {
        let start = Date.now()
        const t = await Transcript.tls(port, pki.caPem, HOST)
        await t.line()
        assert.ok(Date.now() - start >= 190, `greeting after ${Date.now() - start} ms`)
        start = Date.now()
        t.write(port === servers.ports.imap993 ? 'A1 NOOP' : 'NOOP')
        await t.line()
        assert.ok(Date.now() - start >= 95, `reply after ${Date.now() - start} ms`)
        t.close()
      }
    })
  })
})

describe('healthy round trip', () => {
  it('measures SMTP + IMAP + POP logins on loopback', async (t) => {
    await withLab(buildScenario(), async (servers, tokens) => {
      const token = tokens.issue()
      const start = performance.now()
      const smtp = await smtpReadyToAuth(servers.ports.smtp587, pki.caPem)
      smtp.write(`AUTH XOAUTH2 ${xoauth2(MAILBOX, token)}`)
      assert.deepEqual(await smtp.smtpReply(), ['235 2.7.0 Authentication successful'])
      smtp.close()
      const smtpMs = performance.now() - start
      const i = await imap(servers)
      i.write(`A1 AUTHENTICATE XOAUTH2 ${xoauth2(MAILBOX, token)}`)
      assert.deepEqual(await i.until(tagged('A1')), ['A1 OK AUTHENTICATE completed.'])
      i.close()
      const imapMs = performance.now() - start - smtpMs
      const p = await pop(servers)
      assert.equal(await popLogin(p, xoauth2(MAILBOX, token)), '+OK User successfully authenticated.')
      p.close()
      const total = performance.now() - start
      t.diagnostic(`SMTP ${smtpMs.toFixed(1)} ms, IMAP ${imapMs.toFixed(1)} ms, POP ${(total - smtpMs - imapMs).toFixed(1)} ms, total ${total.toFixed(1)} ms`)
      assert.ok(total < 2000)
    })
  })
})

