// Settings files in each product's own field names (fixtures/), enaio's osweb-prod.yml read directly, and unknown
// keys rejected with file:line:col. Each good fixture is also run against its product's lab scenario.
import assert from 'node:assert/strict'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {InputError} from '../../src/core/input-error.js'
import {productSession} from '../../src/products/apply.js'
import {actionableCauseIds, runLabCheck} from '../support/lab-check.js'
import {repoRoot} from '../support/validate-report.js'

// From the repository, so the compiled copy under dist/ finds the YAML too.
const FIXTURES = join(repoRoot(), 'test', 'products', 'fixtures')
const fixture = (name: string): string => join(FIXTURES, name)
const APP = '9a1b2c3d-0000-4000-8000-000000000001'

function load(product: string, file: string) {
  const session = productSession(product)
  const layer = session.fileLayer(file)
  const loaded = session.merge([layer])
  return {session, layer, settings: loaded.settings, sources: loaded.sources}
}

const tmp = mkdtempSync(join(tmpdir(), 'o365doctor-products-'))
const write = (name: string, text: string): string => {
  const path = join(tmp, name)
  writeFileSync(path, text)
  return path
}

describe('settings files in the product\'s own field names', () => {
  it('eBiss3: Communication Channels, SMTP Send and POP3 Receive', () => {
    const {settings, sources} = load('ebiss3', fixture('ebiss3.yaml'))
    assert.equal(settings.tenant, '3f0c8a52-1b6e-4c1e-9a57-2d3c4b5a6f70')
    assert.equal(settings.clientId, APP)
    assert.equal(settings.mailbox, 'edi@contoso.com')
    assert.deepEqual(settings.protocols, ['smtp', 'pop'])
    assert.deepEqual(settings.smtp, {host: 'smtp.office365.com', port: 587, tls: 'starttls'})
    assert.deepEqual(settings.pop, {host: 'outlook.office365.com', port: 995, tls: 'implicit'})
    assert.equal(settings.exchangeObjectId, '77e08f90-0000-4000-8000-000000000003')
    assert.equal(sources.clientSecret, 'file')
    assert.equal(String(settings.clientSecret), '[redacted]')
  })

  it('eBiss3: the tenant comes from "Server URL" when no Tenant ID is given', () => {
    const file = write('ebiss3-no-tenant.yaml', `Username: edi@contoso.com\nClient ID: ${APP}\nClient Secret: "x~y"\nServer URL: https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token\n`)
    assert.equal(load('ebiss3', file).settings.tenant, 'contoso.onmicrosoft.com')
  })

  it('eBiss3: "Server URL" with <Tenant-ID> and no Tenant ID says which field', () => {
    const file = write('ebiss3-placeholder.yaml', `Username: edi@contoso.com\nClient ID: ${APP}\nClient Secret: "x~y"\nServer URL: https://login.microsoftonline.com/<Tenant-ID>/oauth2/v2.0/token\n`)
    assert.throws(() => load('ebiss3', file), (e: Error) => e instanceof InputError && /ebiss3-placeholder\.yaml:4:1: "Server URL" names no tenant/.test(e.message))
  })

  it('eBiss3: channels that disagree on a shared parameter are refused at the second one', () => {
    const file = write('ebiss3-disagree.yaml', `SMTP Send:\n  Client ID: ${APP}\nPOP3 Receive:\n  Client ID: 00000000-0000-4000-8000-000000000009\n`)
    assert.throws(() => load('ebiss3', file), /ebiss3-disagree\.yaml:4:3: "Client ID" in POP3 Receive differs from "Client ID" in SMTP Send/)
  })

  it('eBiss3: an unknown key is rejected with file:line:col and the expected names', () => {
    assert.throws(() => load('ebiss3', fixture('ebiss3-unknown-key.yaml')),
      (e: Error) => e instanceof InputError && /ebiss3-unknown-key\.yaml:5:3: unknown eBiss3 'SMTP Send' field "Hostname" \(expected one of: "Host", "Port", "SSL Behavior"/.test(e.message))
  })

  it('eBiss3: an SSL Behavior eBiss3 does not have is rejected in its words', () => {
    const file = write('ebiss3-ssl.yaml', `SMTP Send:\n  SSL Behavior: Sometimes\n`)
    assert.throws(() => load('ebiss3', file), /ebiss3-ssl\.yaml:2:3: SMTP Send "SSL Behavior" "Sometimes" is not one of: Explicit, Implicit, None/)
  })

  it('enaio: enterprise-manager names; "TLS (2)" is STARTTLS; #TenantID# filled as enaio does', () => {
    const {settings, session} = load('enaio', fixture('enaio-server.yaml'))
    assert.equal(settings.mailbox, 'enaio-smtp@contoso.com')
    assert.equal(settings.from, 'enaio-smtp@contoso.com')
    assert.equal(settings.tenant, 'contoso.onmicrosoft.com')
    assert.deepEqual(settings.smtp, {host: 'smtp.office365.com', port: 587, tls: 'starttls'})
    assert.deepEqual(settings.protocols, ['smtp'])
    assert.equal(settings.tokenUrl, 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token')
    assert.ok(session.notes.some((n) => n.includes('#TenantID#')))
  })

  it('enaio: osweb-prod.yml is read directly (featureSwitches.sendEmail.*, other keys ignored)', () => {
    const {settings, session} = load('enaio', fixture('osweb-prod.yml'))
    assert.equal(settings.mailbox, 'enaio-smtp@contoso.com')
    assert.equal(settings.clientId, APP)
    assert.equal(settings.tenant, 'contoso.onmicrosoft.com')
    assert.equal(settings.auth, 'oauth2')
    assert.deepEqual(settings.smtp, {host: 'smtp.office365.com', port: 587, tls: 'starttls'})
    assert.equal(settings.from, undefined, 'webclient users send as themselves: --from names one')
    assert.ok(session.notes.some((n) => /--from/.test(n)))
  })

  it('enaio: osweb-prod.yml with dotted keys, as the guide lists them', () => {
    const file = write('osweb-dotted.yml', [
      'featureSwitches.sendEmail.smtpServer: smtp.office365.com', 'featureSwitches.sendEmail.smtpPort: 587',
      'featureSwitches.sendEmail.smtpEncryption: TLS', 'featureSwitches.sendEmail.smtpAuthentication: MS_OAUTH',
      'featureSwitches.sendEmail.smtpUsername: enaio-smtp@contoso.com', `featureSwitches.sendEmail.oAuthClientId: ${APP}`,
      'featureSwitches.sendEmail.oAuthClientSecret: "x~y"', 'featureSwitches.sendEmail.oAuthTenantId: contoso.onmicrosoft.com', '',
    ].join('\n'))
    const {settings} = load('enaio', file)
    assert.equal(settings.mailbox, 'enaio-smtp@contoso.com')
    assert.equal(settings.smtp?.port, 587)
  })

  it('enaio: a bad smtpPort in osweb-prod.yml names its position', () => {
    const file = write('osweb-bad.yml', 'featureSwitches:\n  sendEmail:\n    smtpPort: submission\n')
    assert.throws(() => load('enaio', file), /osweb-bad\.yml:3:5: featureSwitches\.sendEmail\.smtpPort must be a port number/)
  })

  it('Highstage: the guide\'s words; IMAP and POP3 sections', () => {
    const {settings} = load('highstage', fixture('highstage.yaml'))
    assert.deepEqual(settings.protocols, ['imap', 'pop'])
    assert.equal(settings.exchangeObjectId, '77e08f90-0000-4000-8000-000000000003')
    assert.deepEqual(settings.imap, {host: 'outlook.office365.com', port: 993, tls: 'implicit'})
  })

  it('Highstage: the PowerShell variable names work too; only IMAP configured means IMAP only', () => {
    const file = write('highstage-vars.yaml', `TenantId: contoso.onmicrosoft.com\nAppId: ${APP}\nClient secret: "x~y"\nMailbox: mailbox.1@contoso.com\nPrincipalId: 77e08f90-0000-4000-8000-000000000003\nIMAP: {}\n`)
    const {settings} = load('highstage', file)
    assert.equal(settings.clientId, APP)
    assert.deepEqual(settings.protocols, ['imap'])
  })

  it('REI3: OAuth client and Email accounts', () => {
    const {settings, session} = load('rei3', fixture('rei3.yaml'))
    assert.equal(settings.scope, 'https://outlook.office.com/.default')
    assert.deepEqual(settings.protocols, ['smtp', 'imap'])
    assert.deepEqual(settings.smtp, {host: 'smtp.office365.com', port: 587, tls: 'starttls'})
    assert.deepEqual(settings.imap, {host: 'outlook.office365.com', port: 993, tls: 'implicit'})
    assert.equal(settings.from, 'rei3@contoso.com')
    assert.ok(session.notes.some((n) => /2030-05-31/.test(n)))
  })

  it('REI3: an account pointing at another OAuth client is refused', () => {
    const file = write('rei3-ref.yaml', 'OAuth client:\n  Name: A\nEmail accounts:\n  - Connector: SMTP\n    OAuth client: B\n')
    assert.throws(() => load('rei3', file), /rei3-ref\.yaml:5:5: "OAuth client" is "B"/)
  })

  it('Cryptshare: Mail Server fields; the policy rules\' sender is the From address', () => {
    const {settings} = load('cryptshare', fixture('cryptshare-policy-sender.yaml'))
    assert.equal(settings.mailbox, 'cryptshare@contoso.com')
    assert.equal(settings.from, 'transfer@contoso.com')
    assert.equal(settings.auth, 'oauth2')
  })

  it('a missing required value is named in the product\'s words', () => {
    const file = write('cryptshare-missing.yaml', `Application (client) ID: ${APP}\nClient Secret: "x~y"\nSender email address: a@contoso.com\n`)
    assert.throws(() => load('cryptshare', file), /"Directory \(tenant\) ID": missing required setting; give "Directory \(tenant\) ID" in the Cryptshare settings file, or --tenant/)
  })
})

describe('a product settings file against its lab scenario', () => {
  const CASES: {product: string; file: string; scenario: string; causes: string[]; flags?: Record<string, string>}[] = [
    {product: 'ebiss3', file: 'ebiss3.yaml', scenario: 'ebiss3-healthy', causes: []},
    {product: 'ebiss3', file: 'ebiss3-pop-explicit.yaml', scenario: 'ebiss3-healthy', causes: ['config.pop-tls-mode']},
    {product: 'enaio', file: 'enaio-server.yaml', scenario: 'enaio-healthy', causes: []},
    {product: 'enaio', file: 'osweb-prod.yml', scenario: 'enaio-healthy', causes: [], flags: {from: 'a.user@contoso.com'}},
    {product: 'enaio', file: 'osweb-prod.yml', scenario: 'enaio-send-as-denied', causes: ['exchange.send-as-denied'], flags: {from: 'a.user@contoso.com'}},
    {product: 'highstage', file: 'highstage.yaml', scenario: 'highstage-healthy', causes: []},
    {product: 'rei3', file: 'rei3.yaml', scenario: 'rei3-healthy', causes: []},
    {product: 'rei3', file: 'rei3-tenant-placeholder.yaml', scenario: 'rei3-healthy', causes: ['config.token-url']},
    {product: 'cryptshare', file: 'cryptshare.yaml', scenario: 'cryptshare-healthy', causes: []},
    {product: 'cryptshare', file: 'cryptshare-policy-sender.yaml', scenario: 'cryptshare-sender-mismatch', causes: ['exchange.send-as-denied']},
  ]
  for (const c of CASES) {
    it(`${c.product}: ${c.file} on ${c.scenario} → ${c.causes.join(', ') || 'pass'}`, async () => {
      // The file's values override the scenario's client: section, as flags would.
      const values = {...productSession(c.product).fileLayer(fixture(c.file)).values, ...c.flags}
      const report = await runLabCheck(c.scenario, {product: c.product, flags: values, sendTest: true})
      assert.deepEqual(actionableCauseIds(report), c.causes)
    })
  }
})

describe('examples/products/*: every shipped example loads with its product', () => {
  const EXAMPLES: [string, string][] = [
    ['ebiss3', 'ebiss3.yaml'], ['enaio', 'enaio.yaml'], ['enaio', 'osweb-prod.yml'], ['highstage', 'highstage.yaml'],
    ['rei3', 'rei3.yaml'], ['cryptshare', 'cryptshare.yaml'],
  ]
  for (const [product, file] of EXAMPLES) {
    it(`${product}: ${file}`, () => {
      const {settings} = load(product, join(repoRoot(), 'examples', 'products', file))
      assert.ok(settings.tenant && settings.clientId && settings.mailbox && settings.clientSecret)
    })
  }
})
