// The round trip the issue asks for: for every built-in scenario whose cause Exchange's bare failure leaves
// ambiguous, the doctor without evidence lists candidates; with the evidence the lab writes (in the evidence
// script's format, through the same parser as --exchange-evidence) it names the one certain cause, and says which
// evidence decided.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {labEvidence} from '../../src/lab/evidence.js'
import {listBuiltInScenarios, resolveScenario} from '../../src/lab/scenario/load-scenario.js'
import {parseExchangeEvidence, type LoadedExchangeEvidence} from '../../src/remedies/exchange-evidence.js'
import type {Report} from '../../src/core/report.js'
import {actionableCauseIds, runLabCheck} from '../support/lab-check.js'
import {assertValidReport} from '../support/validate-report.js'

/** What the Exchange evidence must decide for each scenario the live run alone cannot. */
const DECIDED: Record<string, string> = {
  'no-full-access': 'exchange.mailbox-permission-missing',
  'no-service-principal': 'exchange.service-principal-missing',
  'wrong-object-id-unconfirmed': 'exchange.service-principal-wrong-object-id',
}

/** Several faults at once, one of them behind Exchange's bare failure: the evidence decides that one, the others stay. */
const DECIDED_AMONG_OTHERS: Record<string, string> = {
  'no-service-principal-smtp-auth-off-tenant': 'exchange.service-principal-missing',
  'imap-not-configured-pop-no-consent-no-sp': 'exchange.service-principal-missing',
}

/** Scenarios the live run already names, but only as `likely`: the evidence makes them certain. */
const MADE_CERTAIN: Record<string, string> = {
  'imap-disabled': 'exchange.imap-disabled',
  'pop-disabled': 'exchange.pop-disabled',
  'smtp-auth-disabled-mailbox': 'exchange.smtp-auth-disabled-mailbox',
}

async function evidenceFor(name: string): Promise<LoadedExchangeEvidence> {
  const scenario = await resolveScenario(name)
  // Through JSON and the file parser, exactly as `check --exchange-evidence` reads it.
  const text = JSON.stringify(labEvidence(scenario, {now: new Date('2025-01-31T09:00:00Z')}))
  return {source: `${name}.json`, evidence: parseExchangeEvidence(text, `${name}.json`)}
}

const ambiguous = (report: Report) => report.causes.find((c) => c.id === 'exchange.authorization-failed')

describe('Exchange evidence round trip (lab evidence → check --exchange-evidence)', () => {
  it('the scenarios that stay ambiguous without evidence are exactly the ones listed here', async () => {
    const found: string[] = []
    for (const {name} of listBuiltInScenarios()) {
      const report = await runLabCheck(name, {sendTest: true})
      if (ambiguous(report)) found.push(name)
    }
    assert.deepEqual(found.sort(), [...Object.keys(DECIDED), ...Object.keys(DECIDED_AMONG_OTHERS)].sort())
  })

  for (const [name, certain] of Object.entries(DECIDED_AMONG_OTHERS)) {
    it(`${name}: the evidence turns the bare refusal into ${certain}, the other causes stay`, async () => {
      const scenario = await resolveScenario(name)
      const others = scenario.expect!.causes.filter((c) => c !== 'exchange.authorization-failed')
      const withEvidence = await runLabCheck(name, {sendTest: true, exchangeEvidence: await evidenceFor(name)})
      assertValidReport(withEvidence)
      assert.deepEqual(actionableCauseIds(withEvidence), [...others, certain].sort())
      assert.equal(withEvidence.causes.find((c) => c.id === certain)!.confidence, 'certain')
    })
  }

  for (const [name, certain] of Object.entries(DECIDED)) {
    it(`${name}: candidates without evidence, ${certain} with it`, async () => {
      const without = await runLabCheck(name, {sendTest: true})
      const generic = ambiguous(without)
      assert.ok(generic, 'exchange.authorization-failed without evidence')
      assert.equal(generic.confidence, 'possible')
      assert.ok((generic.candidates ?? []).length >= 3, 'several candidates')
      assert.ok(generic.candidates!.includes(certain as never), `${certain} is among the candidates`)

      const withEvidence = await runLabCheck(name, {sendTest: true, exchangeEvidence: await evidenceFor(name)})
      assertValidReport(withEvidence)
      assert.deepEqual(actionableCauseIds(withEvidence), [certain])
      const cause = withEvidence.causes.find((c) => c.id === certain)!
      assert.equal(cause.confidence, 'certain')
      assert.equal(cause.candidates, undefined)
      assert.ok(cause.checks.includes('exchange.evidence'))
      // Which evidence decided: the field and a sentence naming the cmdlet.
      assert.equal(cause.evidence?.decidedBy, 'exchange-evidence')
      assert.match(String(cause.evidence?.evidenceField), /servicePrincipals|mailboxPermissions/)
      assert.match(cause.explanation, /Decided by the Exchange evidence \((Get-ServicePrincipal|Get-MailboxPermission), field /)
      // Every failed login now points at the certain cause.
      for (const p of ['smtp', 'imap', 'pop']) assert.ok(cause.checks.includes(`${p}.login`), `${p}.login explained`)
      assert.equal(withEvidence.checks.find((c) => c.id === 'exchange.evidence')?.status, 'fail')
    })
  }

  it('wrong-object-id-unconfirmed: the evidence says the ObjectId used is the app registration\'s', async () => {
    const report = await runLabCheck('wrong-object-id-unconfirmed', {exchangeEvidence: await evidenceFor('wrong-object-id-unconfirmed')})
    const cause = report.causes.find((c) => c.id === 'exchange.service-principal-wrong-object-id')!
    assert.equal(cause.evidence?.isAppRegistrationObjectId, true)
    assert.match(cause.summary, /app registration's object ID/)
    // The fix removes the wrong one by its real ObjectId (from the evidence), not a placeholder.
    assert.ok(cause.remediation.powershell.some((l) => l.includes("Remove-ServicePrincipal -Identity '5c2d3e4f-0000-4000-8000-000000000002'")))
  })

  for (const [name, id] of Object.entries(MADE_CERTAIN)) {
    it(`${name}: likely without evidence, certain with it`, async () => {
      const without = await runLabCheck(name, {sendTest: true})
      assert.equal(without.causes.find((c) => c.id === id)?.confidence, 'likely')
      const withEvidence = await runLabCheck(name, {sendTest: true, exchangeEvidence: await evidenceFor(name)})
      assert.deepEqual(actionableCauseIds(withEvidence), [id])
      assert.equal(withEvidence.causes[0]!.confidence, 'certain')
      assert.match(withEvidence.causes[0]!.explanation, /Get-CASMailbox/)
    })
  }

  it('smtp-auth-disabled-tenant and send-as-denied: the evidence agrees and says why', async () => {
    for (const [name, id, cmdlet] of [
      ['smtp-auth-disabled-tenant', 'exchange.smtp-auth-disabled-tenant', 'Get-TransportConfig'],
      ['send-as-denied', 'exchange.send-as-denied', 'Get-RecipientPermission'],
    ] as const) {
      const report = await runLabCheck(name, {sendTest: true, exchangeEvidence: await evidenceFor(name)})
      assert.deepEqual(actionableCauseIds(report), [id], name)
      assert.equal(report.causes[0]!.evidence?.cmdlet, cmdlet, name)
    }
  })

  it('healthy: the evidence shows nothing missing', async () => {
    const report = await runLabCheck('healthy', {exchangeEvidence: await evidenceFor('healthy')})
    assert.deepEqual(actionableCauseIds(report), [])
    const check = report.checks.find((c) => c.id === 'exchange.evidence')!
    assert.equal(check.status, 'pass')
    const ruledOut = check.evidence?.ruledOut as string[] | undefined
    assert.ok(ruledOut, 'exchange.evidence lists what it ruled out')
    assert.deepEqual([...ruledOut].sort(), [
      'exchange.imap-disabled', 'exchange.mailbox-permission-missing', 'exchange.no-mailbox', 'exchange.pop-disabled', 'exchange.service-principal-missing',
      'exchange.service-principal-wrong-object-id', 'exchange.smtp-auth-disabled-mailbox', 'exchange.smtp-auth-disabled-tenant',
    ])
  })

  it('evidence for another app is not used', async () => {
    const loaded = await evidenceFor('no-service-principal')
    loaded.evidence.appId = '11111111-2222-4333-8444-555555555555'
    const report = await runLabCheck('no-service-principal', {exchangeEvidence: loaded})
    assert.ok(ambiguous(report), 'still ambiguous')
    const check = report.checks.find((c) => c.id === 'exchange.evidence')!
    assert.equal(check.status, 'warn')
    assert.match(check.summary, /collected for AppId 11111111/)
  })

  it('without --exchange-evidence the check is left out', async () => {
    const report = await runLabCheck('healthy')
    assert.equal(report.checks.find((c) => c.id === 'exchange.evidence'), undefined)
  })
})
