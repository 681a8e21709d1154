// authorize.ts and xoauth2.ts alone: the decision and its (internal) reason, and the SASL string.

import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {authorizeLogin, authorizeSendAs} from '../../src/lab/mail/authorize.js'
import {decodeXoauth2, encodeXoauth2} from '../../src/lab/mail/xoauth2.js'
import {APP_ID, APP_OBJECT_ID, buildScenario, claimsFixture, MAILBOX, OTHER_MAILBOX} from './fixtures.js'

describe('authorizeLogin', () => {
  it('allows a healthy login on every protocol', () => {
    for (const protocol of ['smtp', 'imap', 'pop'] as const) {
      const d = authorizeLogin(buildScenario(), protocol, MAILBOX, claimsFixture())
      assert.equal(d.allowed, true, protocol)
    }
  })

  it('accepts the Exchange audience aliases, with or without a trailing slash', () => {
    for (const aud of ['https://outlook.office365.com/', 'https://ps.outlook.com', 'https://outlook.office.com', '00000002-0000-0ff1-ce00-000000000000']) {
      assert.equal(authorizeLogin(buildScenario(), 'imap', MAILBOX, claimsFixture({aud})).allowed, true, aud)
    }
    assert.equal(authorizeLogin(buildScenario(), 'imap', MAILBOX, claimsFixture({aud: 'https://outlook.office365.us'})).allowed, false)
  })

  it('refuses a login on another cloud\'s host (its Exchange does not hold this tenant), allows the own cloud\'s and no SNI', () => {
    const global = buildScenario()
    assert.equal(authorizeLogin(global, 'smtp', MAILBOX, claimsFixture(), 'smtp.office365.com').allowed, true)
    assert.equal(authorizeLogin(global, 'smtp', MAILBOX, claimsFixture(), 'smtp-legacy.office365.com').allowed, true)
    assert.equal(authorizeLogin(global, 'imap', MAILBOX, claimsFixture(), undefined).allowed, true)
    for (const [protocol, host] of [['smtp', 'smtp.office365.us'], ['imap', 'partner.outlook.cn'], ['pop', 'outlook-dod.office365.us']] as const) {
      const d = authorizeLogin(global, protocol, MAILBOX, claimsFixture(), host)
      assert.equal(d.allowed, false, host)
      assert.equal(d.allowed ? '' : d.reply, 'generic', host)
    }
  })

  it('names the first failing rule in its reason', () => {
    const reason = (d: ReturnType<typeof authorizeLogin>): string => (d.allowed ? 'allowed' : d.reason)
    assert.match(reason(authorizeLogin(buildScenario(), 'imap', MAILBOX, undefined)), /not signed by the lab/)
    assert.match(reason(authorizeLogin(buildScenario(), 'imap', MAILBOX, claimsFixture({roles: ['SMTP.SendAsApp']}))), /lack IMAP\.AccessAsApp/)
    const wrongOid = buildScenario((s) => (s.exchange.servicePrincipals[0]!.objectId = APP_OBJECT_ID))
    assert.match(reason(authorizeLogin(wrongOid, 'pop', MAILBOX, claimsFixture())), /no Exchange service principal with ObjectId/)
    assert.match(reason(authorizeLogin(buildScenario(), 'imap', OTHER_MAILBOX, claimsFixture())), /no FullAccess on shared@contoso\.com/)
  })

  it('checks SMTP AUTH before the role, and picks the Tenant or Mailbox reply', () => {
    const tenantOff = buildScenario((s) => (s.tenant.smtpClientAuthenticationDisabled = true))
    const d = authorizeLogin(tenantOff, 'smtp', MAILBOX, claimsFixture({roles: undefined}))
    assert.equal(d.allowed ? '' : d.reply, 'smtpAuthDisabledTenant')
    const mailboxOff = buildScenario((s) => (s.exchange.mailboxes[0]!.smtpClientAuthenticationDisabled = true))
    const m = authorizeLogin(mailboxOff, 'smtp', MAILBOX, claimsFixture())
    assert.equal(m.allowed ? '' : m.reply, 'smtpAuthDisabledMailbox')
    // The SMTP AUTH setting does not concern IMAP.
    assert.equal(authorizeLogin(tenantOff, 'imap', MAILBOX, claimsFixture()).allowed, true)
  })

  it('RBAC for Applications opens SMTP only, and only for the app it names', () => {
    const rbac = buildScenario((s) => {
      s.exchange.rbacForApplications = [{appId: APP_ID, role: 'Application SMTP.SendAsApp', mailboxes: [MAILBOX]}]
      s.exchange.mailboxes[0]!.fullAccess = []
    })
    assert.equal(authorizeLogin(rbac, 'smtp', MAILBOX, claimsFixture({roles: undefined})).allowed, true)
    assert.equal(authorizeLogin(rbac, 'imap', MAILBOX, claimsFixture()).allowed, false)
    assert.equal(authorizeLogin(rbac, 'smtp', MAILBOX, claimsFixture({appid: '00000000-0000-4000-8000-000000000009', roles: undefined})).allowed, false)
  })
})

describe('authorizeSendAs', () => {
  const identity = (() => {
    const d = authorizeLogin(buildScenario(), 'smtp', MAILBOX, claimsFixture())
    assert.ok(d.allowed)
    return d.identity
  })()

  it('allows the own address (any case), refuses others without SendAs', () => {
    assert.equal(authorizeSendAs(buildScenario(), identity, MAILBOX.toUpperCase()).allowed, true)
    assert.equal(authorizeSendAs(buildScenario(), identity, OTHER_MAILBOX).allowed, false)
    assert.equal(authorizeSendAs(buildScenario(), identity, 'someone@example.net').allowed, false)
  })

  it('allows SendAs granted to the SP object id', () => {
    const s = buildScenario((x) => (x.exchange.mailboxes[1]!.sendAs = [x.exchange.servicePrincipals[0]!.objectId]))
    assert.equal(authorizeSendAs(s, identity, OTHER_MAILBOX).allowed, true)
  })
})

describe('XOAUTH2 string', () => {
  it('round-trips and rejects malformed input', () => {
    assert.deepEqual(decodeXoauth2(encodeXoauth2(MAILBOX, 'tok.en')), {ok: true, user: MAILBOX, token: 'tok.en'})
    assert.equal(decodeXoauth2('not base64!').ok, false)
    assert.equal(decodeXoauth2(Buffer.from('user=\x01auth=Bearer x\x01\x01').toString('base64')).ok, false)
    assert.equal(decodeXoauth2(Buffer.from(`user=${MAILBOX}\x01auth=Basic x\x01\x01`).toString('base64')).ok, false)
  })
})
