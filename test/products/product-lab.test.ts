// `check --product X --lab …`: each product's healthy scenario passes, and each mistake its guide warns about gives
// the right cause with a fix in the product's own words (field names, where in its UI) — words the plain run lacks.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import type {Report} from '../../src/core/report.js'
import {actionableCauseIds, runLabCheck} from '../support/lab-check.js'
import {assertValidReport} from '../support/validate-report.js'

const HEALTHY: {product: string; scenario: string; protocols: string[]}[] = [
  {product: 'ebiss3', scenario: 'ebiss3-healthy', protocols: ['smtp', 'pop']},
  {product: 'enaio', scenario: 'enaio-healthy', protocols: ['smtp']},
  {product: 'highstage', scenario: 'highstage-healthy', protocols: ['imap', 'pop']},
  {product: 'rei3', scenario: 'rei3-healthy', protocols: ['smtp', 'imap']},
  {product: 'cryptshare', scenario: 'cryptshare-healthy', protocols: ['smtp']},
]

const MISTAKES: {product: string; scenario: string; cause: string; phrase: RegExp}[] = [
  {product: 'ebiss3', scenario: 'ebiss3-pop-starttls', cause: 'config.pop-tls-mode', phrase: /POP3 Receive, set .*"SSL Behavior" to Implicit/},
  {product: 'ebiss3', scenario: 'ebiss3-pop-plaintext', cause: 'config.pop-tls-mode', phrase: /Communication Channels > POP3 Receive.*Port 995/},
  {product: 'ebiss3', scenario: 'ebiss3-secret-id', cause: 'config.secret-is-secret-id', phrase: /into "Client Secret" in both channels \(SMTP Send and POP3 Receive\)/},
  {product: 'ebiss3', scenario: 'ebiss3-server-url-placeholder', cause: 'config.token-url', phrase: /set "Server URL" in both channels .* in place of <Tenant-ID>/},
  {product: 'enaio', scenario: 'enaio-send-as-denied', cause: 'exchange.send-as-denied', phrase: /a\.user@contoso\.com > Mail tab > "Send as permissions", tick the SMTP administrator user account enaio-smtp@contoso\.com/},
  {product: 'enaio', scenario: 'enaio-authenticated-smtp-off', cause: 'exchange.smtp-auth-disabled-tenant', phrase: /enaio-smtp@contoso\.com > Mail > Manage email apps > tick "Authenticated SMTP"/},
  {product: 'highstage', scenario: 'highstage-mismatched-ids', cause: 'exchange.service-principal-wrong-object-id', phrase: /Get-AzureADServicePrincipal -filter "AppId eq '\$AppId'"\); \$PrincipalId = \$Principal\.ObjectId/},
  {product: 'highstage', scenario: 'highstage-secret-id', cause: 'config.secret-is-secret-id', phrase: /copy its Value, not its Secret ID.*Give Highstage that Value/},
  {product: 'rei3', scenario: 'rei3-smtp-auth-disabled-org', cause: 'exchange.smtp-auth-disabled-tenant', phrase: /REI3's guide: "Make sure that SMTP authentication is not disabled for the entire organization\."/},
  {product: 'rei3', scenario: 'rei3-tenant-placeholder', cause: 'config.token-url', phrase: /replace \{TENANT\} in "Token URI" with your Directory \(tenant\) ID/},
  {product: 'rei3', scenario: 'rei3-imap-disabled', cause: 'exchange.imap-disabled', phrase: /REI3 mailbox: .*rei3@contoso\.com > Mail > Manage email apps > tick "IMAP"/},
  {product: 'cryptshare', scenario: 'cryptshare-sender-mismatch', cause: 'exchange.send-as-denied', phrase: /"Sender email address" must be the address the mailbox permission was created for \(cryptshare@contoso\.com\).*"Allow use of individual sender addresses\." must be unchecked/},
  {product: 'cryptshare', scenario: 'cryptshare-wrong-object-id', cause: 'exchange.service-principal-wrong-object-id', phrase: /under Company apps \(Enterprise apps\).*use its "Sid"/},
]

function stepsOf(report: Report, cause: string): string {
  const found = report.causes.find((c) => c.id === cause)
  assert.ok(found, `cause ${cause} in ${report.causes.map((c) => c.id).join(', ') || 'no causes'}`)
  return found.remediation.steps.join('\n')
}

describe('check --product X --lab <healthy scenario> passes', () => {
  for (const {product, scenario, protocols} of HEALTHY) {
    it(`${product}: ${scenario}`, async () => {
      const report = await runLabCheck(scenario, {product, sendTest: true})
      assertValidReport(report)
      assert.deepEqual(actionableCauseIds(report), [])
      assert.equal(report.verdict, 'pass')
      assert.deepEqual(report.target.protocols, protocols)
      assert.equal(report.target.product?.id, product)
      assert.deepEqual(report.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => c.id), [])
    })
  }
})

describe('check --product X --lab <mistake its guide warns about>', () => {
  for (const {product, scenario, cause, phrase} of MISTAKES) {
    it(`${product}: ${scenario} → ${cause}, fixed in ${product}'s words`, async () => {
      const report = await runLabCheck(scenario, {product, sendTest: true})
      assertValidReport(report)
      assert.deepEqual(actionableCauseIds(report), [cause])
      assert.equal(report.verdict, 'fail')
      assert.match(stepsOf(report, cause), phrase)
      // The same run without --product keeps the catalogue's generic words.
      const plain = await runLabCheck(scenario, {sendTest: true})
      assert.deepEqual(actionableCauseIds(plain), [cause])
      assert.doesNotMatch(stepsOf(plain, cause), phrase)
    })
  }
})

describe('product defaults and protocols', () => {
  it('enaio fills #TenantID# in its token endpoint itself, and says so', async () => {
    const tokenUrl = 'https://login.microsoftonline.com/#TenantID#/oauth2/v2.0/token'
    const report = await runLabCheck('enaio-healthy', {product: 'enaio', sendTest: true, flags: {tokenUrl}})
    assert.equal(report.verdict, 'pass')
    assert.equal(report.checks.find((c) => c.id === 'config.token-url')?.status, 'pass')
    assert.ok(report.target.product?.notes.some((n) => /enaio replaces #TenantID#.*contoso\.onmicrosoft\.com/.test(n)), 'a note says enaio fills it')
    // Without the product nobody fills it: config.token-url catches the placeholder.
    const plain = await runLabCheck('enaio-healthy', {sendTest: true, flags: {tokenUrl}})
    assert.deepEqual(actionableCauseIds(plain), ['config.token-url'])
  })

  it('enaio with no token endpoint configured uses its registry default, filled', async () => {
    const report = await runLabCheck('enaio-healthy', {product: 'enaio'})
    assert.equal(report.target.sources?.tokenUrl, 'product')
    assert.equal(report.checks.find((c) => c.id === 'config.token-url')?.summary, 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token')
  })

  it('REI3 does not fill {TENANT} (its guide does not say it does), and says why', async () => {
    const report = await runLabCheck('rei3-tenant-placeholder', {product: 'rei3'})
    assert.deepEqual(actionableCauseIds(report), ['config.token-url'])
    assert.ok(report.target.product?.notes.some((n) => /\{TENANT\} is still in the token URL/.test(n)))
  })

  it('REI3 defaults the scope to https://outlook.office.com/.default', async () => {
    const report = await runLabCheck('healthy-smtp-only', {product: 'rei3', flags: {scope: undefined}})
    // The scenario names its own scope; the product default sits beneath it.
    assert.equal(report.target.sources?.scope, 'lab')
    const {mergeSettings} = await import('../../src/settings/load-settings.js')
    const {productLayer} = await import('../../src/products/apply.js')
    const {rei3} = await import('../../src/products/rei3.js')
    const loaded = mergeSettings([productLayer(rei3, []), {source: 'flag', nameOf: (k) => k, values: {tenant: 't.onmicrosoft.com', clientId: 'x', clientSecret: 'y', mailbox: 'a@b.com'}}])
    assert.equal(loaded.settings.scope, 'https://outlook.office.com/.default')
    assert.equal(loaded.sources.scope, 'product')
    assert.deepEqual(loaded.settings.protocols, ['smtp', 'imap'])
  })

  it('restricts the protocols to the product\'s: the all-protocol healthy scenario as eBiss3 and Cryptshare', async () => {
    const ebiss3 = await runLabCheck('healthy', {product: 'ebiss3'})
    assert.deepEqual(ebiss3.target.protocols, ['smtp', 'pop'])
    assert.ok(!ebiss3.checks.some((c) => c.id.startsWith('imap.') && c.status !== 'skip'), 'no IMAP check ran')
    const cryptshare = await runLabCheck('healthy', {product: 'cryptshare'})
    assert.deepEqual(cryptshare.target.protocols, ['smtp'])
    // Highstage uses what is configured among IMAP and POP3.
    const highstage = await runLabCheck('healthy', {product: 'highstage', flags: {pop: undefined}})
    assert.deepEqual(highstage.target.protocols, ['imap', 'pop'])
  })

  it('refuses a protocol the product does not use', async () => {
    await assert.rejects(runLabCheck('healthy', {product: 'ebiss3', flags: {protocols: ['imap']}}), /eBiss3 does not use IMAP; it uses SMTP and POP3/)
  })

  it('refuses an unknown product', async () => {
    await assert.rejects(runLabCheck('healthy', {product: 'outlook'}), /--product: unknown product "outlook" \(expected one of: ebiss3, enaio, highstage, rei3, cryptshare\)/)
  })
})
