// The lab's Exchange Online SMTP endpoint: exact replies (microsoft-behaviour.md §4.3, §5) and the
// authorization rules of lab-scenario.md, over raw transcripts and nodemailer.

import assert from 'node:assert/strict'
import tls from 'node:tls'
import {after, before, describe, it} from 'node:test'
import nodemailer from 'nodemailer'
import {createLabPki} from '../../src/lab/pki.js'
import type {LabPki} from '../../src/lab/lab-types.js'
import type {Scenario} from '../../src/lab/scenario/types.js'
import {startMailServers, type LabMailServers} from '../../src/lab/mail/index.js'
import {APP_ID, APP_OBJECT_ID, buildScenario, MAILBOX, OTHER_MAILBOX, TENANT_ID, TokenBook} from './fixtures.js'
import {smtpBeforeTls, smtpReadyToAuth, withMailServers, xoauth2, type MailLab} from './mail-session.js'
import {b64, Transcript} from './mail-transcript.js'

const HOST = 'smtp.office365.com'
const BRACKET = String.raw`\[[A-Z0-9]+\.[a-zA-Z0-9]+\.prod\.outlook\.com \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [0-9A-F]{16}\]`
const AUTH_UNSUCCESSFUL = new RegExp(`^535 5\\.7\\.3 Authentication unsuccessful ${BRACKET}$`)

let pki: LabPki
before(async () => {
  pki = await createLabPki()
})

/** EHLO's reply (microsoft-behaviour.md §4.3): the same list before and after TLS but for STARTTLS, then AUTH. */
const ehloReply = (frontend: string, offer: 'STARTTLS' | 'AUTH LOGIN XOAUTH2'): string[] => [
  `250-${frontend} Hello [127.0.0.1]`,
  '250-SIZE 157286400',
  '250-PIPELINING',
  '250-DSN',
  '250-ENHANCEDSTATUSCODES',
  `250-${offer}`,
  '250-8BITMIME',
  '250-BINARYMIME',
  '250-CHUNKING',
  '250 SMTPUTF8',
]

const withLab = (scenario: Scenario, body: (lab: MailLab) => Promise<void>) => withMailServers(scenario, pki, body)

/** Banner, EHLO, STARTTLS, EHLO: a client ready to AUTH. */
const secureSession = (port: number) => smtpReadyToAuth(port, pki.caPem, HOST)

async function authWith(port: number, user: string, token: string): Promise<{t: Transcript; reply: string[]}> {
  const t = await secureSession(port)
  t.write(`AUTH XOAUTH2 ${xoauth2(user, token)}`)
  return {t, reply: await t.smtpReply()}
}

describe('SMTP conversation', () => {
  it('greets, lists capabilities before and after STARTTLS, and accepts a message (port 587)', async () => {
    await withLab(buildScenario(), async ({servers, tokens}) => {
      const t = await Transcript.plain(servers.ports.smtp587)
      const [banner] = await t.smtpReply()
      assert.match(
        banner!,
        /^220 [A-Z0-9]+\.outlook\.office365\.com Microsoft ESMTP MAIL Service ready at \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000 \[[0-9A-F]{16}\]$/,
      )
      const frontend = banner!.split(' ')[1]
      t.write('EHLO client.example')
      assert.deepEqual(await t.smtpReply(), ehloReply(frontend!, 'STARTTLS'))
      t.write('STARTTLS')
      assert.deepEqual(await t.smtpReply(), ['220 2.0.0 SMTP server ready'])
      const secure = await t.startTls(pki.caPem, HOST)
      assert.equal(secure.getProtocol(), 'TLSv1.3')
      t.write('EHLO client.example')
      assert.deepEqual(await t.smtpReply(), ehloReply(frontend!, 'AUTH LOGIN XOAUTH2'))
      t.write(`AUTH XOAUTH2 ${xoauth2(MAILBOX, tokens.issue())}`)
      assert.deepEqual(await t.smtpReply(), ['235 2.7.0 Authentication successful'])
      t.write(`MAIL FROM:<${MAILBOX}>`)
      assert.deepEqual(await t.smtpReply(), ['250 2.1.0 Sender OK'])
      t.write('RCPT TO:<someone@example.net>')
      assert.deepEqual(await t.smtpReply(), ['250 2.1.5 Recipient OK'])
      t.write('DATA')
      assert.deepEqual(await t.smtpReply(), ['354 Start mail input; end with <CRLF>.<CRLF>'])
      t.write(`From: Sender <${MAILBOX}>\r\nTo: someone@example.net\r\nSubject: hi\r\nMessage-ID: <m1@client>\r\n\r\nbody\r\n.`)
      const [queued] = await t.smtpReply()
      assert.match(queued!, /^250 2\.0\.0 OK <m1@client> \[Hostname=[A-Z0-9.]+\]$/)
      t.write('QUIT')
      assert.match((await t.smtpReply())[0]!, /^221 2\.0\.0 /)
      t.close()
      assert.equal(servers.messages.length, 1)
      assert.equal(servers.messages[0]!.mailbox, MAILBOX)
      assert.deepEqual(servers.messages[0]!.to, ['someone@example.net'])
      assert.equal(servers.messages[0]!.port, '587')
    })
  })

  it('port 25 speaks the same STARTTLS dialect', async () => {
    await withLab(buildScenario(), async ({servers, tokens}) => {
      const {t, reply} = await authWith(servers.ports.smtp25, MAILBOX, tokens.issue())
      assert.deepEqual(reply, ['235 2.7.0 Authentication successful'])
      t.close()
    })
  })

  it('XOAUTH2 without an initial response: a bare "334 " then the string', async () => {
    await withLab(buildScenario(), async ({servers, tokens}) => {
      const t = await secureSession(servers.ports.smtp587)
      t.write('AUTH XOAUTH2')
      assert.deepEqual(await t.smtpReply(), ['334 '])
      t.write(xoauth2(MAILBOX, tokens.issue()))
      assert.deepEqual(await t.smtpReply(), ['235 2.7.0 Authentication successful'])
      t.close()
    })
  })

  it('before STARTTLS: no AUTH advertised, MAIL FROM → 451 5.7.3, AUTH → 504 5.7.4', async () => {
    await withLab(buildScenario(), async ({servers, tokens}) => {
      const t = await Transcript.plain(servers.ports.smtp587)
      await t.smtpReply()
      t.write('EHLO client.example')
      assert.ok(!(await t.smtpReply()).some((l) => l.includes('AUTH')))
      t.write(`MAIL FROM:<${MAILBOX}>`)
      assert.match((await t.smtpReply())[0]!, new RegExp(`^451 5\\.7\\.3 STARTTLS is required to send mail ${BRACKET}$`))
      t.write(`AUTH XOAUTH2 ${xoauth2(MAILBOX, tokens.issue())}`)
      assert.match((await t.smtpReply())[0]!, new RegExp(`^504 5\\.7\\.4 Unrecognized authentication type ${BRACKET}$`))
      t.close()
    })
  })

  it('after STARTTLS without AUTH: MAIL FROM → 530 5.7.57; AUTH PLAIN → 504 5.7.4', async () => {
    await withLab(buildScenario(), async ({servers}) => {
      const t = await secureSession(servers.ports.smtp587)
      t.write(`MAIL FROM:<${MAILBOX}>`)
      assert.match((await t.smtpReply())[0]!, new RegExp(`^530 5\\.7\\.57 Client not authenticated to send mail\\. ${BRACKET}$`))
      t.write(`AUTH PLAIN ${b64(`\0${MAILBOX}\0password`)}`)
      assert.match((await t.smtpReply())[0]!, new RegExp(`^504 5\\.7\\.4 Unrecognized authentication type ${BRACKET}$`))
      t.close()
    })
  })

  it('AUTH LOGIN (basic) is refused with 535 5.7.139 basic authentication is disabled', async () => {
    await withLab(buildScenario(), async ({servers}) => {
      const t = await secureSession(servers.ports.smtp587)
      t.write('AUTH LOGIN')
      assert.deepEqual(await t.smtpReply(), ['334 VXNlcm5hbWU6'])
      t.write(b64(MAILBOX))
      assert.deepEqual(await t.smtpReply(), ['334 UGFzc3dvcmQ6'])
      t.write(b64('password'))
      assert.match((await t.smtpReply())[0]!, new RegExp(`^535 5\\.7\\.139 Authentication unsuccessful, basic authentication is disabled\\. ${BRACKET}$`))
      t.close()
    })
  })

  it('a ClientHello on 587 (implicit TLS by mistake) fails with "wrong version number"', async () => {
    await withLab(buildScenario(), async ({servers}) => {
      const err = await new Promise<Error>((resolve) => {
        const s = tls.connect({port: servers.ports.smtp587, host: '127.0.0.1', ca: pki.caPem, servername: HOST}, () => {
          s.destroy()
          resolve(new Error('handshake unexpectedly succeeded'))
        })
        s.once('error', resolve)
        s.setTimeout(3000, () => s.destroy(new Error('timeout')))
      })
      assert.match(err.message, /wrong version number/i)
    })
  })

  it('a TLS 1.0 client is told 421 4.7.66 after STARTTLS', async () => {
    await withLab(buildScenario(), async ({servers}) => {
      const t = await smtpBeforeTls(servers.ports.smtp587)
      const secure = await t.startTls(pki.caPem, HOST, {minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0'})
      assert.equal(secure.getProtocol(), 'TLSv1')
      assert.match(
        (await t.smtpReply())[0]!,
        /^421 4\.7\.66 TLS 1\.0 and 1\.1 are not supported\. Please upgrade\/update your client to support TLS 1\.2\. Visit https:\/\/aka\.ms\/smtp_auth_tls\. \[[A-Z0-9.]+\.PROD\.OUTLOOK\.COM\]$/,
      )
      assert.ok(await t.closedWithin())
    })
  })
})

describe('SMTP XOAUTH2 authorization', () => {
  const refused: Array<[string, (s: Scenario) => void, (tokens: TokenBook) => string, string?]> = [
    ['no SMTP.SendAsApp role (consent not granted)', () => undefined, (k) => k.issue({roles: ['IMAP.AccessAsApp']})],
    ['no roles claim at all', () => undefined, (k) => k.issue({roles: undefined})],
    ['token for Graph', () => undefined, (k) => k.issue({aud: 'https://graph.microsoft.com'})],
    ['token for another tenant', () => undefined, (k) => k.issue({tid: '11111111-2222-4333-8444-555555555555'})],
    ['expired token', () => undefined, (k) => k.issue({exp: Math.floor(Date.now() / 1000) - 60})],
    ['forged token', () => undefined, () => 'eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.'],
    [
      'New-ServicePrincipal with the app registration object ID',
      (s) => (s.exchange.servicePrincipals[0]!.objectId = APP_OBJECT_ID),
      (k) => k.issue(),
    ],
    ['no Exchange service principal', (s) => (s.exchange.servicePrincipals = []), (k) => k.issue()],
    ['no FullAccess on the mailbox', (s) => (s.exchange.mailboxes[0]!.fullAccess = []), (k) => k.issue()],
    ['user= is another mailbox without FullAccess', () => undefined, (k) => k.issue(), OTHER_MAILBOX],
    ['user= is not a mailbox', () => undefined, (k) => k.issue(), 'nobody@contoso.com'],
    [
      'RBAC assignment for another mailbox only',
      (s) => {
        s.exchange.rbacForApplications = [{appId: APP_ID, role: 'Application SMTP.SendAsApp', mailboxes: [OTHER_MAILBOX]}]
        s.exchange.mailboxes[0]!.fullAccess = []
      },
      (k) => k.issue({roles: undefined}),
    ],
  ]
  for (const [name, edit, token, user] of refused) {
    it(`refuses: ${name} → 535 5.7.3`, async () => {
      await withLab(buildScenario(edit), async ({servers, tokens, logs}) => {
        const secret = token(tokens)
        const {t, reply} = await authWith(servers.ports.smtp587, user ?? MAILBOX, secret)
        assert.equal(reply.length, 1)
        assert.match(reply[0]!, AUTH_UNSUCCESSFUL)
        t.close()
        assert.ok(logs.some((l) => l.includes('refused')))
        assert.ok(!logs.some((l) => l.includes(secret)), 'the token never reaches the log')
      })
    })
  }

  it('a malformed XOAUTH2 string → 535 5.7.3', async () => {
    await withLab(buildScenario(), async ({servers}) => {
      const t = await secureSession(servers.ports.smtp587)
      t.write(`AUTH XOAUTH2 ${b64('this is not xoauth2')}`)
      assert.match((await t.smtpReply())[0]!, AUTH_UNSUCCESSFUL)
      t.close()
    })
  })

  it('RBAC for Applications covering the mailbox is enough, without a role or FullAccess', async () => {
    const scenario = buildScenario((s) => {
      s.exchange.rbacForApplications = [{appId: APP_ID, role: 'Application SMTP.SendAsApp', mailboxes: [MAILBOX]}]
      s.exchange.mailboxes[0]!.fullAccess = []
      s.exchange.servicePrincipals = []
    })
    await withLab(scenario, async ({servers, tokens}) => {
      const {t, reply} = await authWith(servers.ports.smtp587, MAILBOX, tokens.issue({roles: undefined}))
      assert.deepEqual(reply, ['235 2.7.0 Authentication successful'])
      t.close()
    })
  })

  it('FullAccess by the service principal object ID works as well as by display name', async () => {
    await withLab(buildScenario((s) => (s.exchange.mailboxes[0]!.fullAccess = [s.exchange.servicePrincipals[0]!.objectId])), async ({servers, tokens}) => {
      const {t, reply} = await authWith(servers.ports.smtp587, MAILBOX, tokens.issue())
      assert.deepEqual(reply, ['235 2.7.0 Authentication successful'])
      t.close()
    })
  })

  it('SMTP AUTH disabled for the organisation → 535 5.7.139 … for the Tenant', async () => {
    await withLab(buildScenario((s) => (s.tenant.smtpClientAuthenticationDisabled = true)), async ({servers, tokens}) => {
      const {t, reply} = await authWith(servers.ports.smtp587, MAILBOX, tokens.issue())
      assert.match(
        reply[0]!,
        new RegExp(
          `^535 5\\.7\\.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant\\. Visit https://aka\\.ms/smtp_auth_disabled for more information\\. ${BRACKET}$`,
        ),
      )
      t.close()
    })
  })

  it('SMTP AUTH disabled on the mailbox → 535 5.7.139 … for the Mailbox', async () => {
    await withLab(buildScenario((s) => (s.exchange.mailboxes[0]!.smtpClientAuthenticationDisabled = true)), async ({servers, tokens}) => {
      const {t, reply} = await authWith(servers.ports.smtp587, MAILBOX, tokens.issue())
      assert.match(reply[0]!, /^535 5\.7\.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox\. /)
      t.close()
    })
  })

  it('the mailbox setting overrides a disabled organisation (mailbox ?? tenant)', async () => {
    const scenario = buildScenario((s) => {
      s.tenant.smtpClientAuthenticationDisabled = true
      s.exchange.mailboxes[0]!.smtpClientAuthenticationDisabled = false
    })
    await withLab(scenario, async ({servers, tokens}) => {
      const {t, reply} = await authWith(servers.ports.smtp587, MAILBOX, tokens.issue())
      assert.deepEqual(reply, ['235 2.7.0 Authentication successful'])
      t.close()
    })
  })

  it('waits lab.failureDelayMs before a failure, not before a success', async () => {
    await withLab(buildScenario((s) => (s.lab.failureDelayMs = 300)), async ({servers, tokens}) => {
      const t = await secureSession(servers.ports.smtp587)
      let start = Date.now()
      t.write(`AUTH XOAUTH2 ${xoauth2(MAILBOX, tokens.issue({roles: []}))}`)
      assert.match((await t.smtpReply())[0]!, AUTH_UNSUCCESSFUL)
      assert.ok(Date.now() - start >= 290, `failure after ${Date.now() - start} ms`)
      start = Date.now()
      t.write(`AUTH XOAUTH2 ${xoauth2(MAILBOX, tokens.issue())}`)
      assert.deepEqual(await t.smtpReply(), ['235 2.7.0 Authentication successful'])
      assert.ok(Date.now() - start < 250, `success after ${Date.now() - start} ms`)
      t.close()
    })
  })

  it('adds lab.latencyMs before the banner and before each reply', async () => {
    await withLab(buildScenario((s) => (s.lab.latencyMs = 120)), async ({servers}) => {
      let start = Date.now()
      const t = await Transcript.plain(servers.ports.smtp587)
      await t.smtpReply()
      assert.ok(Date.now() - start >= 110, `banner after ${Date.now() - start} ms`)
      start = Date.now()
      t.write('EHLO client.example')
      await t.smtpReply()
      assert.ok(Date.now() - start >= 110, `EHLO reply after ${Date.now() - start} ms`)
      t.close()
    })
  })
})

describe('SMTP Send As (after DATA)', () => {
  async function send(scenario: Scenario, from: string): Promise<{reply: string; servers: LabMailServers}> {
    let reply = ''
    let kept: LabMailServers | undefined
    await withLab(scenario, async ({servers, tokens}) => {
      kept = servers
      const {t} = await authWith(servers.ports.smtp587, MAILBOX, tokens.issue())
      t.write(`MAIL FROM:<${from}>`)
      assert.deepEqual(await t.smtpReply(), ['250 2.1.0 Sender OK'])
      t.write('RCPT TO:<someone@example.net>')
      assert.deepEqual(await t.smtpReply(), ['250 2.1.5 Recipient OK'])
      t.write('DATA')
      await t.smtpReply()
      t.write(`From: <${from}>\r\nSubject: x\r\n\r\nbody\r\n.`)
      reply = (await t.smtpReply())[0]!
      t.close()
    })
    return {reply, servers: kept!}
  }

  it('From another mailbox without SendAs → 554 5.2.252 SendAsDenied', async () => {
    const {reply, servers} = await send(buildScenario(), OTHER_MAILBOX)
    assert.ok(
      reply.startsWith(
        `554 5.2.252 SendAsDenied; ${MAILBOX} not allowed to send as ${OTHER_MAILBOX}; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Cannot submit message.`,
      ),
      reply,
    )
    assert.equal(servers.messages.length, 0)
  })

  it('SendAs granted to the service principal, or to the authenticated mailbox, lets it through', async () => {
    for (const grantee of ['Mailer', MAILBOX]) {
      const {reply, servers} = await send(buildScenario((s) => (s.exchange.mailboxes[1]!.sendAs = [grantee])), OTHER_MAILBOX)
      assert.match(reply, /^250 2\.0\.0 OK /, grantee)
      assert.equal(servers.messages[0]!.from, OTHER_MAILBOX)
    }
  })
})

describe('SMTP with nodemailer', () => {
  const transport = (port: number, accessToken: string, user = MAILBOX) =>
    nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      requireTLS: true,
      tls: {ca: pki.caPem, servername: HOST},
      auth: {type: 'OAuth2', user, accessToken},
      connectionTimeout: 3000,
      greetingTimeout: 3000,
      socketTimeout: 3000,
    })

  it('sends with an app-only token on 587 and 25', async () => {
    await withLab(buildScenario(), async ({servers, tokens}) => {
      for (const port of [servers.ports.smtp587, servers.ports.smtp25]) {
        const info = await transport(port, tokens.issue()).sendMail({from: MAILBOX, to: 'someone@example.net', subject: 'lab', text: 'hello'})
        assert.match(info.response, /^250 2\.0\.0 OK /)
      }
      assert.equal(servers.messages.length, 2)
      assert.deepEqual(
        servers.messages.map((m) => m.port),
        ['587', '25'],
      )
    })
  })

  it('surfaces 535 5.7.3 as an EAUTH error', async () => {
    await withLab(buildScenario((s) => (s.exchange.servicePrincipals = [])), async ({servers, tokens}) => {
      const err = (await transport(servers.ports.smtp587, tokens.issue())
        .sendMail({from: MAILBOX, to: 'someone@example.net', text: 'x'})
        .then(() => undefined, (e: unknown) => e)) as {code?: string; responseCode?: number; response?: string} | undefined
      assert.ok(err, 'sendMail must fail')
      assert.equal(err.code, 'EAUTH')
      assert.equal(err.responseCode, 535)
      assert.match(err.response ?? '', AUTH_UNSUCCESSFUL)
    })
  })

  it('implicit TLS on 587 fails with a wrong-version-number error', async () => {
    await withLab(buildScenario(), async ({servers, tokens}) => {
      const t = nodemailer.createTransport({
        host: '127.0.0.1',
        port: servers.ports.smtp587,
        secure: true,
        tls: {ca: pki.caPem, servername: HOST},
        auth: {type: 'OAuth2', user: MAILBOX, accessToken: tokens.issue()},
        connectionTimeout: 3000,
        greetingTimeout: 3000,
      })
      const err = (await t.verify().then(() => undefined, (e: unknown) => e)) as Error | undefined
      assert.ok(err)
      assert.match(err.message, /wrong version number/i)
    })
  })
})

describe('closing', () => {
  it('close() ends every connection at once, even one waiting in the failure tarpit', async () => {
    const tokens = new TokenBook()
    const servers = await startMailServers({scenario: buildScenario((s) => (s.lab.failureDelayMs = 10_000)), pki, verifyToken: tokens.verifyToken})
    const t = await secureSession(servers.ports.smtp587)
    t.write(`AUTH XOAUTH2 ${xoauth2(MAILBOX, tokens.issue({tid: TENANT_ID.replace('3', '4')}))}`)
    const idle = await Transcript.plain(servers.ports.smtp25)
    await new Promise((r) => setTimeout(r, 50))
    const start = Date.now()
    await servers.close()
    assert.ok(Date.now() - start < 1000, `close took ${Date.now() - start} ms`)
    assert.ok(await t.closedWithin(1000))
    assert.ok(await idle.closedWithin(1000))
  })
})

after(() => undefined)
