// The diagnosis as an evidence model, on plain observations (no lab, no spawn): hand-made runs for each decision,
// and every built-in scenario's captured observations (fixtures/observations.json) for the whole-run rules.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import type {Cause} from '../../src/core/cause.js'
import type {CauseId} from '../../src/core/cause-ids.js'
import type {CheckId, CheckOutcome, CheckStatus} from '../../src/core/check.js'
import {PROTOCOL_LABEL, PROTOCOLS, ROLE_FOR, type Protocol} from '../../src/core/protocol.js'
import {buildCause, type FixValues} from '../../src/diagnosis/catalogue.js'
import {diagnose} from '../../src/diagnosis/diagnose.js'
import {listBuiltInScenarios, resolveScenario} from '../../src/lab/scenario/load-scenario.js'
import type {Settings} from '../../src/settings/types.js'
import {loadObservations} from './observations.js'

const SETTINGS: Settings = {
  cloud: 'global', tenant: 'contoso.onmicrosoft.com', clientId: '9a1b2c3d-0000-4000-8000-000000000001', mailbox: 'sender@contoso.com',
  scope: 'https://outlook.office365.com/.default', protocols: ['smtp', 'imap', 'pop'], auth: 'oauth2',
  smtp: {host: 'smtp.office365.com', port: 587, tls: 'starttls'}, imap: {host: 'outlook.office365.com', port: 993, tls: 'implicit'},
  pop: {host: 'outlook.office365.com', port: 995, tls: 'implicit'},
}
const OID = '77e08f90-0000-4000-8000-000000000003'
const V: FixValues = {tenant: SETTINGS.tenant, clientId: SETTINGS.clientId, mailbox: SETTINGS.mailbox, cloud: 'global'}

type Step = [CheckId, CheckStatus, Cause[]?, Record<string, unknown>?]

/** A run from (check, status, causes, evidence) steps. */
function run(steps: Step[], settings: Partial<Settings> = {}) {
  const status = new Map<CheckId, CheckStatus>()
  const outcomes = new Map<CheckId, CheckOutcome>()
  for (const [id, s, causes = [], evidence] of steps) {
    status.set(id, s)
    if (s === 'pass' || s === 'warn' || s === 'fail') outcomes.set(id, {status: s, summary: `${id} ${s}`, causes, evidence})
  }
  return diagnose({settings: {...SETTINGS, ...settings}, status, outcomes, sendTest: false})
}

const cause = (id: CauseId, check: CheckId, v: FixValues = {}, confidence: Cause['confidence'] = 'certain'): Cause =>
  buildCause(id, {confidence, checks: [check]}, {...V, ...v})
const refused = (p: Protocol): Cause =>
  buildCause('exchange.authorization-failed', {confidence: 'possible', checks: [`${p}.login`]}, {...V, protocol: p})
const claims = (roles: string[]): Record<string, unknown> => ({aud: 'https://outlook.office365.com', oid: OID, roles})
const ids = (causes: readonly Cause[]): string[] => causes.map((c) => c.id).sort()

describe('diagnose: decisions', () => {
  it('a missing role explains the refused login of its protocol, not the others', () => {
    const d = run([
      ['token.claims', 'fail', [cause('claims.missing-role', 'token.claims', {missingRoles: [ROLE_FOR.imap]})], claims([ROLE_FOR.smtp, ROLE_FOR.pop])],
      ['smtp.login', 'fail', [refused('smtp')]], ['imap.login', 'fail', [refused('imap')]], ['pop.login', 'pass'],
    ])
    assert.deepEqual(ids(d.causes), ['claims.missing-role', 'exchange.authorization-failed'])
    const role = d.causes.find((c) => c.id === 'claims.missing-role')!
    assert.deepEqual(role.checks.sort(), ['imap.login', 'token.claims'])
    assert.deepEqual(d.causes.find((c) => c.id === 'exchange.authorization-failed')!.checks, ['smtp.login'])
  })

  it('POP refused while SMTP and IMAP logged in through their roles: POP is disabled (the other candidates are ruled out)', () => {
    const d = run([
      ['token.claims', 'pass', [], claims(PROTOCOLS.map((p) => ROLE_FOR[p]))],
      ['smtp.login', 'pass'], ['imap.login', 'pass'], ['pop.login', 'fail', [refused('pop')]],
    ])
    assert.deepEqual(ids(d.causes), ['exchange.pop-disabled'])
    assert.equal(d.causes[0]!.confidence, 'likely')
    assert.deepEqual(d.causes[0]!.checks, ['pop.login'])
    // Inferred, so it says so, and never quotes a Get-CASMailbox result this run did not see.
    assert.match(d.causes[0]!.explanation, /inferred/)
    assert.doesNotMatch(d.causes[0]!.explanation, /shows PopEnabled False/)
    assert.match(d.causes[0]!.explanation, /Get-CASMailbox -Identity 'sender@contoso\.com' \| Format-List PopEnabled shows it/)
  })

  it('SMTP refused while IMAP logged in through its role: none of the three usual candidates is left, and it says so', () => {
    const d = run([
      ['token.claims', 'pass', [], claims(PROTOCOLS.map((p) => ROLE_FOR[p]))],
      ['smtp.login', 'fail', [refused('smtp')]], ['imap.login', 'pass'],
    ], {protocols: ['smtp', 'imap']})
    assert.deepEqual(ids(d.causes), ['exchange.authorization-failed'])
    assert.equal(d.causes[0]!.candidates, undefined)
    assert.match(d.causes[0]!.explanation, /IMAP logged in with the same token/)
  })

  it('the admin-given object ID equals the token oid: FullAccess is what is left', () => {
    const d = run([
      ['token.claims', 'pass', [], claims([ROLE_FOR.smtp])], ['smtp.login', 'fail', [refused('smtp')]],
    ], {protocols: ['smtp'], exchangeObjectId: OID})
    assert.deepEqual(ids(d.causes), ['exchange.mailbox-permission-missing'])
    // The object ID is the admin's word, not something Exchange showed: the words say whose word it is.
    const c = d.causes[0]!
    assert.match(c.explanation, /As reported \(--exchange-object-id\)/)
    assert.doesNotMatch(c.explanation, /Get-MailboxPermission lists no FullAccess/)
    assert.doesNotMatch(c.summary, /was registered with the right object ID/)
  })

  it('SMTP without SMTP.SendAsApp that logs in is RBAC for Applications: information, the check passes', () => {
    const d = run([
      ['token.claims', 'fail', [cause('claims.missing-role', 'token.claims', {missingRoles: [ROLE_FOR.smtp]})], claims([ROLE_FOR.imap])],
      ['smtp.login', 'pass'], ['imap.login', 'pass'],
    ], {protocols: ['smtp', 'imap']})
    assert.deepEqual(d.causes.map((c) => [c.id, c.severity]), [['claims.missing-role', 'info']])
    assert.equal(d.causes[0]!.remediation.powershell.length, 0, 'nothing to run for a harmless finding')
    assert.equal(d.status.get('token.claims'), 'pass')
  })

  it('SMTP through RBAC with IMAP also missing: one cause that names IMAP only, and says why SMTP is fine', () => {
    const d = run([
      ['token.claims', 'fail', [cause('claims.missing-role', 'token.claims', {missingRoles: [ROLE_FOR.smtp, ROLE_FOR.imap]})], claims([])],
      ['smtp.login', 'pass'], ['imap.login', 'fail', [refused('imap')]],
    ], {protocols: ['smtp', 'imap']})
    assert.deepEqual(ids(d.causes), ['claims.missing-role'])
    const c = d.causes[0]!
    assert.equal(c.severity, 'error')
    assert.match(c.summary, /IMAP\.AccessAsApp/)
    assert.doesNotMatch(c.summary, /SMTP\.SendAsApp/)
    assert.match(c.explanation, /RBAC for Applications/)
    assert.ok(c.remediation.powershell.some((l) => l.includes(ROLE_FOR.imap)))
    assert.ok(!c.remediation.powershell.some((l) => l.includes(ROLE_FOR.smtp)))
    assert.deepEqual(c.checks.sort(), ['imap.login', 'smtp.login', 'token.claims'])
  })

  it('SMTP stopped at SMTP AUTH while IMAP and POP are refused: the refusal cause says SMTP is not verified, never that it is fine', () => {
    const d = run([
      ['token.claims', 'pass', [], claims(PROTOCOLS.map((p) => ROLE_FOR[p]))],
      ['smtp.login', 'fail', [cause('exchange.smtp-auth-disabled-tenant', 'smtp.login', {protocol: 'smtp'})]],
      ['imap.login', 'fail', [refused('imap')]], ['pop.login', 'fail', [refused('pop')]],
    ])
    assert.deepEqual(ids(d.causes), ['exchange.authorization-failed', 'exchange.smtp-auth-disabled-tenant'])
    const refusal = d.causes.find((c) => c.id === 'exchange.authorization-failed')!
    assert.deepEqual(refusal.checks.sort(), ['imap.login', 'pop.login'])
    assert.match(refusal.explanation, /SMTP is not verified/)
    assert.deepEqual(refusal.evidence?.notVerified, ['smtp'])
    // SMTP AUTH on, SMTP judged and refused too: no such note (the cause covers SMTP itself).
    const judged = run([
      ['token.claims', 'pass', [], claims(PROTOCOLS.map((p) => ROLE_FOR[p]))],
      ...PROTOCOLS.map((p): Step => [`${p}.login`, 'fail', [refused(p)]]),
    ])
    assert.doesNotMatch(judged.causes[0]!.explanation, /not verified/)
  })

  it('two Graph causes for two roles: each refused login goes to the cause about its own role, and both list the token', () => {
    const d = run([
      ['token.claims', 'fail', [cause('claims.missing-role', 'token.claims', {missingRoles: [ROLE_FOR.imap, ROLE_FOR.pop]})], claims([ROLE_FOR.smtp])],
      ['graph.permissions', 'fail', [
        cause('graph.permission-not-configured', 'graph.permissions', {protocol: 'imap', missingRoles: [ROLE_FOR.imap]}),
        cause('graph.consent-missing', 'graph.permissions', {protocol: 'pop', missingRoles: [ROLE_FOR.pop]}),
      ]],
      ['smtp.login', 'pass'], ['imap.login', 'fail', [refused('imap')]], ['pop.login', 'fail', [refused('pop')]],
    ])
    assert.deepEqual(ids(d.causes), ['graph.consent-missing', 'graph.permission-not-configured'])
    const checksOf = (id: CauseId) => [...d.causes.find((c) => c.id === id)!.checks].sort()
    assert.deepEqual(checksOf('graph.permission-not-configured'), ['graph.permissions', 'imap.login', 'token.claims'])
    assert.deepEqual(checksOf('graph.consent-missing'), ['graph.permissions', 'pop.login', 'token.claims'])
  })

  it('a mail host of another cloud explains that protocol\'s refusal, not another protocol\'s', () => {
    const mix = buildCause('config.cloud-mismatch', {confidence: 'certain', checks: ['config.cloud'], evidence: {cloud: 'china', values: [
      {setting: 'scope', value: 'https://partner.outlook.cn/.default', clouds: ['china']},
      {setting: 'smtp.host', value: 'smtp.office365.com', clouds: ['global']},
      {setting: 'imap.host', value: 'partner.outlook.cn', clouds: ['china']},
    ]}}, {...V, cloud: 'china', cloudDetail: 'smtp.host smtp.office365.com is global'})
    const d = run([
      ['config.cloud', 'fail', [mix]], ['token.claims', 'pass', [], claims([ROLE_FOR.smtp, ROLE_FOR.imap])],
      ['smtp.login', 'fail', [refused('smtp')]], ['imap.login', 'fail', [refused('imap')]],
    ], {protocols: ['smtp', 'imap'], cloud: 'china'})
    assert.deepEqual(ids(d.causes), ['config.cloud-mismatch', 'exchange.authorization-failed'])
    assert.deepEqual([...d.causes.find((c) => c.id === 'config.cloud-mismatch')!.checks].sort(), ['config.cloud', 'smtp.login'])
    assert.deepEqual(d.causes.find((c) => c.id === 'exchange.authorization-failed')!.checks, ['imap.login'])
  })

  it('SMTP.SendAsApp missing while SMTP stopped at SMTP AUTH: the role cause says RBAC for SMTP is not verified', () => {
    const d = run([
      ['token.claims', 'fail', [cause('claims.missing-role', 'token.claims', {missingRoles: [ROLE_FOR.smtp]})], claims([ROLE_FOR.imap])],
      ['graph.permissions', 'fail', [cause('graph.permission-not-configured', 'graph.permissions', {protocol: 'smtp', missingRoles: [ROLE_FOR.smtp]})]],
      ['smtp.login', 'fail', [cause('exchange.smtp-auth-disabled-mailbox', 'smtp.login', {protocol: 'smtp'}, 'likely')]], ['imap.login', 'pass'],
    ], {protocols: ['smtp', 'imap']})
    assert.deepEqual(ids(d.causes), ['exchange.smtp-auth-disabled-mailbox', 'graph.permission-not-configured'])
    const role = d.causes.find((c) => c.id === 'graph.permission-not-configured')!
    assert.match(role.explanation, /Not verified for SMTP: an RBAC for Applications assignment/)
    assert.deepEqual(role.evidence?.notVerified, ['smtp'])
  })

  it('a From address other than the mailbox: when SMTP did not log in, one cause says Send As was not verified', () => {
    const steps: Step[] = [
      ['token.claims', 'pass', [], claims(PROTOCOLS.map((p) => ROLE_FOR[p]))],
      ...PROTOCOLS.map((p): Step => [`${p}.login`, 'fail', [refused(p)]]),
    ]
    const d = run(steps, {from: 'info@contoso.com'})
    assert.match(d.causes[0]!.explanation, /Send As on info@contoso\.com \(the From address\) is not verified/)
    assert.equal(d.causes.filter((c) => /Send As on/.test(c.explanation)).length, 1)
    // From the mailbox itself: nothing to say.
    assert.doesNotMatch(run(steps, {from: 'Sender@contoso.com'}).causes[0]!.explanation, /Send As on/)
    // Refused at the sending stage: the login worked and the message was tried, so Send As was verified (denied).
    const denied = run([
      ['token.claims', 'pass', [], claims([ROLE_FOR.smtp])],
      ['smtp.login', 'fail', [cause('exchange.send-as-denied', 'smtp.login', {protocol: 'smtp'})], {stage: 'send'}],
    ], {from: 'info@contoso.com', protocols: ['smtp']})
    assert.doesNotMatch(denied.causes[0]!.explanation, /is not verified/)
  })

  it('IMAP "not connected" while POP logged in through its role: FullAccess is shown in place, IMAP disabled is what is left', () => {
    const notConnected = (): Cause => cause('exchange.imap-disabled', 'imap.login', {protocol: 'imap'}, 'likely')
    const d = run([
      ['token.claims', 'pass', [], claims([ROLE_FOR.imap, ROLE_FOR.pop])],
      ['imap.login', 'fail', [notConnected()]], ['pop.login', 'pass'],
    ], {protocols: ['imap', 'pop']})
    assert.deepEqual(ids(d.causes), ['exchange.imap-disabled'])
    assert.match(d.causes[0]!.explanation, /POP logged in with the same token and mailbox/)
    assert.doesNotMatch(d.causes[0]!.explanation, /check FullAccess/)
    // IMAP alone: FullAccess stays a possibility and the words say so.
    const alone = run([['token.claims', 'pass', [], claims([ROLE_FOR.imap])], ['imap.login', 'fail', [notConnected()]]], {protocols: ['imap']})
    assert.match(alone.causes[0]!.explanation, /check FullAccess/)
  })

  it('consent missing for three protocols is one cause naming and granting all three', () => {
    const graph = PROTOCOLS.map((p) => cause('graph.consent-missing', 'graph.permissions', {protocol: p, missingRoles: [ROLE_FOR[p]]}))
    const d = run([
      ['token.claims', 'fail', [cause('claims.no-application-roles', 'token.claims', {missingRoles: PROTOCOLS.map((p) => ROLE_FOR[p])})], claims([])],
      ['graph.permissions', 'fail', graph],
      ...PROTOCOLS.map((p): Step => [`${p}.login`, 'fail', [refused(p)]]),
    ])
    assert.deepEqual(ids(d.causes), ['graph.consent-missing'])
    const c = d.causes[0]!
    for (const p of PROTOCOLS) {
      assert.ok(c.summary.includes(ROLE_FOR[p]), `summary names ${ROLE_FOR[p]}`)
      assert.ok(c.remediation.powershell.some((l) => l.includes(ROLE_FOR[p])), `PowerShell grants ${ROLE_FOR[p]}`)
      assert.ok(c.checks.includes(`${p}.login`))
    }
  })

  it('the specific configuration cause makes the token endpoint refusal redundant and takes over its check', () => {
    const d = run([
      ['config.secret', 'fail', [cause('config.secret-is-secret-id', 'config.secret')]],
      ['token.acquire', 'fail', [cause('token.invalid-secret', 'token.acquire', {aadstsCode: '7000215'})]],
    ])
    assert.deepEqual(ids(d.causes), ['config.secret-is-secret-id'])
    assert.deepEqual(d.causes[0]!.checks, ['config.secret', 'token.acquire'])
  })

  it('a TLS mode setting explains its own protocol\'s connection failure only', () => {
    const d = run([
      ['config.pop', 'fail', [cause('config.pop-tls-mode', 'config.pop')]],
      ['pop.connect', 'fail', [cause('network.tls-mode-mismatch', 'pop.connect', {protocol: 'pop'})]],
      ['imap.connect', 'fail', [cause('network.timeout', 'imap.connect', {protocol: 'imap'})]],
    ])
    assert.deepEqual(ids(d.causes), ['config.pop-tls-mode', 'network.timeout'])
  })

  it('names the app-registration object ID mix-up when Graph shows it', () => {
    const appObjectId = 'aaaaaaaa-0000-4000-8000-00000000000a'
    const d = run([
      ['token.claims', 'fail', [cause('exchange.service-principal-wrong-object-id', 'token.claims', {enterpriseObjectId: OID})], claims([ROLE_FOR.smtp])],
      ['graph.access', 'pass', [], {applicationObjectId: appObjectId}],
      ['smtp.login', 'fail', [refused('smtp')]],
    ], {protocols: ['smtp'], exchangeObjectId: appObjectId})
    assert.deepEqual(ids(d.causes), ['exchange.service-principal-wrong-object-id'])
    assert.match(d.causes[0]!.explanation, /app registration's object ID/)
    assert.deepEqual(d.causes[0]!.checks.sort(), ['graph.access', 'smtp.login', 'token.claims'])
  })

  it('a cause with no declaration explains the check that raised it', () => {
    const d = run([['imap.login', 'fail', [cause('exchange.temporary-failure', 'imap.login', {protocol: 'imap'})]]])
    assert.deepEqual(ids(d.causes), ['exchange.temporary-failure'])
    assert.deepEqual(d.causes[0]!.checks, ['imap.login'])
  })

  it('a failed check nothing explains is reported as unexplained, with what it saw', () => {
    const d = run([['graph.permissions', 'fail'], ['smtp.login', 'pass']])
    assert.deepEqual(ids(d.causes), ['check.unexplained-failure'])
    const c = d.causes[0]!
    assert.equal(c.severity, 'error')
    assert.equal(c.confidence, 'possible')
    assert.deepEqual(c.checks, ['graph.permissions'])
    assert.match(c.summary, /graph\.permissions fail/, 'says what the check saw')
    assert.match(c.explanation, /graph\.permissions/)
    assert.equal(c.remediation.powershell.length, 0, 'no change to the tenant for what nobody understood')
  })

  it('a run with no failure has no unexplained cause', () => {
    const d = run([['token.acquire', 'pass'], ['smtp.login', 'pass'], ['graph.access', 'warn']])
    assert.deepEqual(d.causes, [])
  })
})

describe('diagnose: every built-in scenario (captured observations)', async () => {
  const observed = loadObservations()
  const expected = new Map(await Promise.all(listBuiltInScenarios().map(async ({name}) => [name, (await resolveScenario(name)).expect] as const)))

  it('covers every built-in scenario, with and without --send-test', () => {
    assert.deepEqual([...new Set(observed.map((o) => o.scenario))].sort(), [...expected.keys()].sort(), 'rerun capture-observations.ts')
  })

  for (const o of observed) {
    it(`${o.scenario}${o.sendTest ? ' --send-test' : ''}`, () => {
      const d = diagnose({settings: o.settings, outcomes: o.outcomes, sendTest: o.sendTest, status: new Map(o.reports.map((r) => [r.id as CheckId, r.status]))})
      // One cause per ID.
      assert.equal(new Set(d.causes.map((c) => c.id)).size, d.causes.length, 'one cause per ID')
      // No failed check without a cause listing it; nothing in the built-in scenarios is unexplained.
      for (const [id, status] of d.status) {
        if (status === 'fail') assert.ok(d.causes.some((c) => c.checks.includes(id) && c.severity === 'error'), `${id} failed; an error cause lists it`)
      }
      assert.ok(!d.causes.some((c) => c.id === 'check.unexplained-failure'), 'no unexplained failure')
      // A cause that explains several protocols' logins names each of them, and a role cause grants each role.
      for (const c of d.causes) {
        const protocols = PROTOCOLS.filter((p) => c.checks.includes(`${p}.login`) && d.status.get(`${p}.login`) === 'fail')
        if (protocols.length < 2) continue
        const text = `${c.summary} ${c.explanation} ${c.remediation.steps.join(' ')} ${c.remediation.powershell.join(' ')}`
        const roleCause = /^(claims|graph)\./.test(c.id) && c.id !== 'graph.service-principal-disabled'
        for (const p of protocols) {
          if (roleCause) assert.ok(c.remediation.powershell.some((l) => l.includes(ROLE_FOR[p])) || c.remediation.steps.some((l) => l.includes(ROLE_FOR[p])), `${c.id} fixes ${ROLE_FOR[p]}`)
          if (roleCause) assert.ok(c.summary.includes(ROLE_FOR[p]) || c.summary.includes(PROTOCOL_LABEL[p]), `${c.id} names ${p}: ${c.summary}`)
          else assert.ok(text.includes(PROTOCOL_LABEL[p]) || !/\b(SMTP|IMAP|POP)\b/.test(c.summary), `${c.id} names ${p}`)
          // A refusal of several protocols says which, and never calls them roles.
          if (c.id === 'exchange.authorization-failed') {
            assert.ok(c.summary.includes(PROTOCOL_LABEL[p]), `${c.id} names ${p}: ${c.summary}`)
            assert.doesNotMatch(c.summary, /AsApp/)
          }
        }
      }
      // With --send-test the actionable causes are exactly what the scenario expects (as check --lab gives).
      const expect = expected.get(o.scenario)!
      if (o.sendTest) assert.deepEqual(ids(d.causes.filter((c) => c.severity !== 'info')), [...expect.causes].sort())
    })
  }
})
