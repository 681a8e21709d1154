// --wait on plain data: which failures are waited on, backoff, and how the wait ends. No lab, no real time.
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {classifyFailures, defaultMaxDelayMs, parseDuration, PROPAGATING_CAUSES, runUntilHealthy} from '../../src/gate/wait.js'
import {CAUSE_IDS} from '../../src/core/cause-ids.js'
import type {Report} from '../../src/core/report.js'
import {SAMPLE_REPORTS} from '../support/sample-reports.js'
import {assertValidReport} from '../support/validate-report.js'

/** A report whose only error cause is `id` (explaining smtp.login), or a passing one. */
function reportWith(id?: string, extra: Partial<Report> = {}): Report {
  const base = SAMPLE_REPORTS.passing()
  if (!id) return {...base, ...extra}
  const cause = {...SAMPLE_REPORTS.failing().causes.find((c) => c.severity === 'error')!, id: id as never, checks: ['smtp.login']}
  const checks = base.checks.map((c) => (c.id === 'smtp.login' ? {...c, status: 'fail' as const, causes: [id]} : c))
  return {...base, checks, causes: [cause], verdict: 'fail', summary: {...base.summary, pass: base.summary.pass - 1, fail: 1}, ...extra}
}

/** A fake clock and sleep: time moves only by the run's own duration and the sleeps. */
function fakeTime(runMs = 100) {
  let now = 0
  const sleeps: number[] = []
  return {
    clock: () => now,
    sleep: async (ms: number) => { sleeps.push(ms); now += ms },
    tick: () => { now += runMs },
    sleeps,
  }
}

describe('the propagating causes', () => {
  it('are catalogue IDs: permissions, consent, service principal, FullAccess, Send As, SMTP AUTH, protocols', () => {
    for (const id of PROPAGATING_CAUSES) assert.ok((CAUSE_IDS as readonly string[]).includes(id), id)
    for (const id of ['graph.consent-missing', 'exchange.service-principal-missing', 'exchange.mailbox-permission-missing', 'exchange.send-as-denied', 'exchange.smtp-auth-disabled-mailbox', 'exchange.imap-disabled'])
      assert.ok(PROPAGATING_CAUSES.has(id as never), id)
    for (const id of ['token.invalid-secret', 'config.smtp-host', 'network.dns-failure', 'token.tenant-not-found'])
      assert.ok(!PROPAGATING_CAUSES.has(id as never), id)
  })
})

describe('classifyFailures', () => {
  it('healthy, retriable or blocking', () => {
    assert.deepEqual(classifyFailures(reportWith(), 'error'), {healthy: true, retriable: [], blocking: []})
    assert.deepEqual(classifyFailures(reportWith('exchange.mailbox-permission-missing'), 'error'), {healthy: false, retriable: ['exchange.mailbox-permission-missing'], blocking: []})
    assert.deepEqual(classifyFailures(reportWith('token.invalid-secret'), 'error'), {healthy: false, retriable: [], blocking: ['token.invalid-secret']})
  })

  it('a failed check without a cause is waited on only next to a propagating cause', () => {
    const withCause = reportWith('graph.consent-missing')
    withCause.checks = withCause.checks.map((c) => (c.id === 'token.acquire' ? {...c, status: 'fail' as const, causes: []} : c))
    assert.deepEqual(classifyFailures(withCause, 'error').blocking, [])
    const alone = reportWith()
    alone.checks = alone.checks.map((c) => (c.id === 'token.acquire' ? {...c, status: 'fail' as const, causes: []} : c))
    assert.deepEqual(classifyFailures(alone, 'error'), {healthy: false, retriable: [], blocking: ['token.acquire failed without a diagnosis']})
  })

  it('a waived cause is not waited on', () => {
    const report = reportWith('token.invalid-secret')
    report.causes[0]!.waived = {reason: 'r', expires: '2099-01-01'}
    report.verdict = 'pass'
    assert.equal(classifyFailures(report, 'error').healthy, true)
  })
})

describe('runUntilHealthy', () => {
  it('retries with doubling, capped backoff until healthy, and records every attempt', async () => {
    const t = fakeTime()
    const results = ['graph.consent-missing', 'graph.consent-missing', 'graph.consent-missing', 'exchange.mailbox-permission-missing', undefined]
    const lines: string[] = []
    const report = await runUntilHealthy(async () => { t.tick(); return reportWith(results.shift()) }, {
      limitMs: 60_000, failOn: 'error', initialDelayMs: 250, maxDelayMs: 1000, clock: t.clock, sleep: t.sleep, progress: (l) => lines.push(l),
    })
    assert.deepEqual(t.sleeps, [250, 500, 1000, 1000])
    assert.equal(report.verdict, 'pass')
    assert.equal(report.wait!.outcome, 'healthy')
    assert.equal(report.wait!.attempts.length, 5)
    assert.equal(report.wait!.healthyAfterMs, 5 * 100 + 250 + 500 + 1000 + 1000)
    assert.deepEqual(report.wait!.attempts.map((a) => a.verdict), ['fail', 'fail', 'fail', 'fail', 'pass'])
    assert.deepEqual(report.wait!.attempts[3]!.retriable, ['exchange.mailbox-permission-missing'])
    assert.equal(lines.length, 5)
    assert.match(lines[0]!, /attempt 1: fail, waiting on graph\.consent-missing; next attempt in 0\.3 s/)
    assertValidReport(report)
  })

  it('stops at once when waiting cannot help', async () => {
    const t = fakeTime()
    let runs = 0
    const report = await runUntilHealthy(async () => { runs++; t.tick(); return reportWith('token.invalid-secret') }, {limitMs: 60_000, failOn: 'error', clock: t.clock, sleep: t.sleep})
    assert.equal(runs, 1)
    assert.equal(report.wait!.outcome, 'not-retriable')
    assert.deepEqual(report.wait!.attempts[0]!.blocking, ['token.invalid-secret'])
  })

  it('gives up when the time is up, never sleeping past the limit', async () => {
    const t = fakeTime(1000)
    const report = await runUntilHealthy(async () => { t.tick(); return reportWith('graph.consent-missing') }, {limitMs: 10_000, failOn: 'error', initialDelayMs: 250, maxDelayMs: 4000, clock: t.clock, sleep: t.sleep})
    assert.equal(report.wait!.outcome, 'timed-out')
    assert.equal(report.verdict, 'fail')
    assert.ok(t.clock() <= 10_000 + 1000, `ended at ${t.clock()}`)
    assert.equal(report.wait!.healthyAfterMs, undefined)
  })

  it('the default backoff cap is a tenth of the wait, between 1 s and 60 s', () => {
    assert.equal(defaultMaxDelayMs(5_000), 1_000)
    assert.equal(defaultMaxDelayMs(60_000), 6_000)
    assert.equal(defaultMaxDelayMs(15 * 60_000), 60_000)
  })
})

describe('parseDuration', () => {
  it('reads 60s, 15m, 1h, 500ms and combinations; refuses the rest', () => {
    assert.equal(parseDuration('60s'), 60_000)
    assert.equal(parseDuration('15m'), 900_000)
    assert.equal(parseDuration('1h30m'), 5_400_000)
    assert.equal(parseDuration('500ms'), 500)
    assert.equal(parseDuration('1.5m'), 90_000)
    for (const bad of ['', '15', 'soon', '-5m', '0s', '25h', 'm', '1x', '1'.repeat(40) + 's']) assert.equal(parseDuration(bad), undefined, bad)
  })
})
