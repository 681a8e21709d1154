// The lab's 2026-11-30 additions (lab-scenario.md "Additions"): mailbox kinds on the protocols and in Graph,
// consumer tenants at the token endpoint, the concurrent-submission limit, security defaults against basic SMTP
// AUTH, the token lifetime and IMAP's AccessTokenExpired, and the loader's new keys.

import assert from 'node:assert/strict'
import {before, describe, it} from 'node:test'
import {authorizeLogin} from '../../src/lab/mail/authorize.js'
import type {LabMailServers} from '../../src/lab/mail/index.js'
import {createLabPki} from '../../src/lab/pki.js'
import type {LabPki} from '../../src/lab/lab-types.js'
import {parseScenario} from '../../src/lab/scenario/load-scenario.js'
import type {Scenario} from '../../src/lab/scenario/types.js'
import {buildScenario, claimsFixture, MAILBOX, mailboxFixture, TokenBook} from './fixtures.js'
import {rawRequest, scenarioFrom, tokenForm, withLab, decodeClaims, GRAPH_SCOPE} from './lab-test-helpers.js'
import {smtpReadyToAuth, withMailServers, xoauth2} from './mail-session.js'
import {b64, Transcript} from './mail-transcript.js'

const LOGIN = 'login.microsoftonline.com'
const GRAPH = 'graph.microsoft.com'

describe('mailbox type decides the login (plain data)', () => {
  for (const type of ['none', 'mailUser'] as const) {
    it(`${type}: every protocol is refused with the generic reply, whatever the permissions`, () => {
      const scenario = buildScenario((s) => {
        s.exchange.mailboxes = [mailboxFixture(MAILBOX, {type})]
      })
      for (const protocol of ['smtp', 'imap', 'pop'] as const) {
        const d = authorizeLogin(scenario, protocol, MAILBOX, claimsFixture())
        assert.equal(d.allowed, false)
        assert.equal(!d.allowed && d.reply, 'generic')
      }
    })
  }
  it('shared behaves as user: FullAccess decides', () => {
    const shared = buildScenario((s) => {
      s.exchange.mailboxes = [mailboxFixture(MAILBOX, {type: 'shared'})]
    })
    assert.equal(authorizeLogin(shared, 'imap', MAILBOX, claimsFixture()).allowed, true)
    const noAccess = buildScenario((s) => {
      s.exchange.mailboxes = [mailboxFixture(MAILBOX, {type: 'shared', fullAccess: []})]
    })
    assert.equal(authorizeLogin(noAccess, 'imap', MAILBOX, claimsFixture()).allowed, false)
  })
})

describe('scenario loader: new keys', () => {
  const base = `tenant: {id: 3f0c8a52-1b6e-4c1e-9a57-2d3c4b5a6f70}
applications: [{appId: 9a1b2c3d-0000-4000-8000-000000000001}]
client: {}
`
  it('reads type, limits, securityDefaults and tokenLifetimeS with their defaults', () => {
    const d = parseScenario(`${base}exchange: {mailboxes: [{address: a@contoso.com}]}\n`, 'x.yaml')
    assert.equal(d.exchange.mailboxes[0]!.type, 'user')
    assert.equal(d.exchange.limits.smtpConcurrentPerMailbox, 3)
    assert.equal(d.tenant.securityDefaults, false)
    assert.equal(d.lab.tokenLifetimeS, 3599)
    const s = parseScenario(`tenant: {id: 3f0c8a52-1b6e-4c1e-9a57-2d3c4b5a6f70, securityDefaults: true}
applications: [{appId: 9a1b2c3d-0000-4000-8000-000000000001}]
client: {}
exchange:
  mailboxes: [{address: a@contoso.com, type: mailUser}]
  limits: {smtpConcurrentPerMailbox: 1}
lab: {tokenLifetimeS: 60}
`, 'x.yaml')
    assert.equal(s.exchange.mailboxes[0]!.type, 'mailUser')
    assert.equal(s.exchange.limits.smtpConcurrentPerMailbox, 1)
    assert.equal(s.tenant.securityDefaults, true)
    assert.equal(s.lab.tokenLifetimeS, 60)
  })
  const bad: [string, string, RegExp][] = [
    ['an unknown mailbox type', `${base}exchange:\n  mailboxes:\n    - address: a@contoso.com\n      type: room\n`, /x\.yaml:7:13: .*type must be one of user, shared, mailUser, none/],
    ['a limit that is not a number', `${base}exchange:\n  limits:\n    smtpConcurrentPerMailbox: three\n`, /x\.yaml:6:\d+.*smtpConcurrentPerMailbox/],
    ['securityDefaults not a boolean', base.replace('}\n', ', securityDefaults: maybe}\n'), /x\.yaml:1:\d+.*securityDefaults/],
    ['tokenLifetimeS zero', `${base}lab: {tokenLifetimeS: 0}\n`, /x\.yaml:4:\d+.*tokenLifetimeS/],
    ['an unknown limits key', `${base}exchange:\n  limits: {imapConcurrent: 2}\n`, /x\.yaml:5:\d+.*imapConcurrent/],
  ]
  for (const [what, yaml, message] of bad) {
    it(`names file:line:col for ${what}`, () => assert.throws(() => parseScenario(yaml, 'x.yaml'), message))
  }
})

describe('token endpoint and Graph', () => {
  it('client credentials on /consumers, /common or a consumer domain → AADSTS9001023', async () => {
    await withLab(await scenarioFrom('healthy'), async (lab) => {
      for (const tenant of ['consumers', 'common', 'outlook.com']) {
        const reply = await rawRequest(lab, LOGIN, 'POST', `/${tenant}/oauth2/v2.0/token`, {body: tokenForm({})})
        assert.equal(reply.status, 400, tenant)
        const body = reply.json()
        assert.deepEqual(body.error_codes, [9001023], tenant)
        assert.match(body.error_description, /^AADSTS9001023: The grant type is not supported over the \/common or \/consumers endpoints\./)
      }
    })
  })

  it('expires_in follows lab.tokenLifetimeS', async () => {
    await withLab(await scenarioFrom('healthy', (s) => { s.lab.tokenLifetimeS = 120 }), async (lab) => {
      const body = (await rawRequest(lab, LOGIN, 'POST', '/contoso.onmicrosoft.com/oauth2/v2.0/token', {body: tokenForm({})})).json()
      assert.equal(body.expires_in, 120)
      const claims = decodeClaims(body.access_token)
      assert.equal(Number(claims.exp) - Number(claims.nbf), 120 + 300)
    })
  })

  async function graphToken(lab: Awaited<Parameters<Parameters<typeof withLab>[1]>[0]>): Promise<string> {
    const body = (await rawRequest(lab, LOGIN, 'POST', '/contoso.onmicrosoft.com/oauth2/v2.0/token', {body: tokenForm({scope: GRAPH_SCOPE})})).json()
    return body.access_token as string
  }
  const withGraphRoles = (roles: string[], mailboxes: Scenario['exchange']['mailboxes'] = []) => (s: Scenario) => {
    s.applications[0]!.permissions = s.applications[0]!.permissions.filter((p) => p.api !== 'graph')
    for (const name of roles) s.applications[0]!.permissions.push({api: 'graph', name, type: 'application', consented: true})
    if (mailboxes.length > 0) s.exchange.mailboxes = mailboxes
  }

  it('/users/{upn} needs User.Read.All: Application.Read.All alone gets 403 Authorization_RequestDenied', async () => {
    await withLab(await scenarioFrom('healthy', withGraphRoles(['Application.Read.All'])), async (lab) => {
      const token = await graphToken(lab)
      const reply = await rawRequest(lab, GRAPH, 'GET', '/v1.0/users/sender@contoso.com', {headers: {Authorization: `Bearer ${token}`}})
      assert.equal(reply.status, 403)
      assert.equal(reply.json().error.code, 'Authorization_RequestDenied')
      assert.equal(reply.json().error.message, 'Insufficient privileges to complete the operation.')
    })
  })

  it('with User.Read.All and MailboxSettings.Read: the user, and 404 MailboxNotEnabledForRESTAPI for none/mailUser', async () => {
    const mailboxes = [
      mailboxFixture('sender@contoso.com'), mailboxFixture('gone@contoso.com', {type: 'none'}),
      mailboxFixture('onprem@contoso.com', {type: 'mailUser'}), mailboxFixture('shared@contoso.com', {type: 'shared'}),
    ]
    await withLab(await scenarioFrom('healthy', withGraphRoles(['User.Read.All', 'MailboxSettings.Read'], mailboxes)), async (lab) => {
      const auth = {Authorization: `Bearer ${await graphToken(lab)}`}
      const user = (await rawRequest(lab, GRAPH, 'GET', '/v1.0/users/sender@contoso.com', {headers: auth})).json()
      assert.equal(user.userPrincipalName, 'sender@contoso.com')
      assert.equal(user.mail, 'sender@contoso.com')
      const settings = await rawRequest(lab, GRAPH, 'GET', `/v1.0/users/${user.id}/mailboxSettings`, {headers: auth})
      assert.equal(settings.status, 200)
      assert.equal(settings.json().userPurpose, 'user')
      assert.equal((await rawRequest(lab, GRAPH, 'GET', '/v1.0/users/shared@contoso.com/mailboxSettings', {headers: auth})).json().userPurpose, 'shared')
      for (const address of ['gone@contoso.com', 'onprem@contoso.com']) {
        const reply = await rawRequest(lab, GRAPH, 'GET', `/v1.0/users/${address}/mailboxSettings`, {headers: auth})
        assert.equal(reply.status, 404, address)
        assert.equal(reply.json().error.code, 'MailboxNotEnabledForRESTAPI')
        assert.equal(reply.json().error.message, 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.')
      }
      const missing = await rawRequest(lab, GRAPH, 'GET', '/v1.0/users/nobody@contoso.com', {headers: auth})
      assert.equal(missing.status, 404)
      assert.equal(missing.json().error.code, 'Request_ResourceNotFound')
    })
  })
})

describe('mail: limits, security defaults, token expiry', () => {
  let pki: LabPki
  before(async () => {
    pki = await createLabPki()
  })

  const withMail = (scenario: Scenario, body: (servers: LabMailServers, tokens: TokenBook) => Promise<void>) =>
    withMailServers(scenario, pki, ({servers, tokens}) => body(servers, tokens))

  const smtpSession = (port: number) => smtpReadyToAuth(port, pki.caPem)

  async function sendOne(t: Transcript): Promise<string> {
    t.write(`MAIL FROM:<${MAILBOX}>`)
    await t.smtpReply()
    t.write(`RCPT TO:<${MAILBOX}>`)
    await t.smtpReply()
    t.write('DATA')
    await t.smtpReply()
    t.write(`From: <${MAILBOX}>\r\nSubject: x\r\n\r\nbody\r\n.`)
    return (await t.smtpReply())[0]!
  }

  it('one connection more than smtpConcurrentPerMailbox gets 432 4.3.2 after DATA; the others send', async () => {
    await withMail(buildScenario((s) => { s.exchange.limits.smtpConcurrentPerMailbox = 2 }), async (servers, tokens) => {
      const sessions: Transcript[] = []
      for (let i = 0; i < 3; i++) {
        // Alternate the two submission ports: the limit counts the mailbox's connections, not a listener's.
        const t = await smtpSession(i === 1 ? servers.ports.smtp25 : servers.ports.smtp587)
        t.write(`AUTH XOAUTH2 ${xoauth2(MAILBOX, tokens.issue())}`)
        assert.deepEqual(await t.smtpReply(), ['235 2.7.0 Authentication successful'])
        sessions.push(t)
      }
      assert.match(await sendOne(sessions[0]!), /^250 /)
      assert.match(await sendOne(sessions[1]!), /^250 /)
      assert.match(await sendOne(sessions[2]!), /^432 4\.3\.2 Concurrent connections limit exceeded\. Visit https:\/\/aka\.ms\/concurrent_sending for more information\. \[Hostname=[A-Z0-9]+\.[A-Za-z0-9]+\.prod\.outlook\.com\]$/)
      sessions[0]!.close()
      await new Promise((r) => setTimeout(r, 100))
      const again = await smtpSession(servers.ports.smtp587)
      again.write(`AUTH XOAUTH2 ${xoauth2(MAILBOX, tokens.issue())}`)
      await again.smtpReply()
      assert.match(await sendOne(sessions[2]!), /^250 /, 'a place freed by a closed connection goes to the next in line')
      for (const t of [...sessions.slice(1), again]) t.close()
    })
  })

  it('security defaults: basic AUTH LOGIN gets their 5.7.139 text; XOAUTH2 is unaffected', async () => {
    await withMail(buildScenario((s) => { s.tenant.securityDefaults = true }), async (servers, tokens) => {
      const t = await smtpSession(servers.ports.smtp587)
      t.write('AUTH LOGIN')
      await t.smtpReply()
      t.write(b64(MAILBOX))
      await t.smtpReply()
      t.write(b64('password'))
      assert.match((await t.smtpReply())[0]!, /^535 5\.7\.139 Authentication unsuccessful, user is locked by your organization's security defaults policy\. Contact your administrator\. \[/)
      t.close()
      const o = await smtpSession(servers.ports.smtp587)
      o.write(`AUTH XOAUTH2 ${xoauth2(MAILBOX, tokens.issue())}`)
      assert.deepEqual(await o.smtpReply(), ['235 2.7.0 Authentication successful'])
      o.close()
    })
  })

  it('IMAP: the next command after the token expires gets * BYE Session invalidated - AccessTokenExpired', async () => {
    await withMail(buildScenario(), async (servers, tokens) => {
      const t = await Transcript.tls(servers.ports.imap993, pki.caPem, 'outlook.office365.com')
      await t.line()
      const exp = Math.floor(Date.now() / 1000) + 1
      t.write(`a1 AUTHENTICATE XOAUTH2 ${xoauth2(MAILBOX, tokens.issue({exp}))}`)
      assert.equal(await t.line(), 'a1 OK AUTHENTICATE completed.')
      t.write('a2 NOOP')
      assert.equal(await t.line(), 'a2 OK NOOP completed.')
      await new Promise((r) => setTimeout(r, Math.max(0, exp * 1000 - Date.now()) + 50))
      t.write('a3 NOOP')
      assert.equal(await t.line(), '* BYE Session invalidated - AccessTokenExpired')
      t.close()
    })
  })
})
