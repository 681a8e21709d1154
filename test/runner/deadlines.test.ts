// The runner's deadline mechanics: every check gets an absolute deadline and a signal; at the deadline the signal
// aborts (reason CheckTimeout) and the check may still report where it was, within GRACE_MS; a check that ignores
// the signal is cut off as `error`; the run has a deadline of its own; checks after it are not started.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import type {Check} from '../../src/checks/check.js'
import {defaultRunOptions} from '../../src/doctor/run-doctor.js'
import {GRACE_MS, runChecks} from '../../src/runner/run-checks.js'
import {mergeSettings} from '../../src/settings/load-settings.js'

const loaded = mergeSettings([{source: 'flag', nameOf: (k) => k, values: {tenant: 'contoso.com', clientId: 'x', clientSecret: 'Qx8~runner.secret-0002', mailbox: 'a@contoso.com'}}])

test('an aborted check reports its own outcome naming the step it waited for', async () => {
  let deadline: number | undefined
  const check: Check = {
    id: 'token.acquire', title: 'x',
    run: (ctx) => new Promise((resolve) => {
      deadline = ctx.deadline
      ctx.signal.addEventListener('abort', () => resolve({status: 'fail', summary: `no greeting before the check's deadline (${(ctx.signal.reason as Error).name})`}))
    }),
  }
  const started = Date.now()
  const out = await runChecks({checks: [check], ...loaded, options: defaultRunOptions({timeoutMs: 200})})
  assert.ok(deadline! >= started + 190 && deadline! <= started + 260, `deadline ${deadline! - started} ms after start`)
  assert.equal(out.reports[0]!.status, 'fail')
  assert.match(out.reports[0]!.summary, /no greeting before the check's deadline \(CheckTimeout\)/)
  assert.ok(Date.now() - started < 200 + GRACE_MS)
})

test('a check that ignores its signal is cut off at deadline + grace as error', async () => {
  const check: Check = {id: 'token.claims', title: 'x', run: () => new Promise(() => undefined)}
  const started = Date.now()
  const out = await runChecks({checks: [check], ...loaded, options: defaultRunOptions({timeoutMs: 150})})
  const elapsed = Date.now() - started
  assert.equal(out.reports[0]!.status, 'error')
  assert.match(out.reports[0]!.summary, /timed out after 150 ms/)
  assert.ok(elapsed >= 150 + GRACE_MS - 20 && elapsed < 150 + GRACE_MS + 400, `${elapsed} ms`)
})

test('the run deadline: a check that would start after it is not run, and says so', async () => {
  const slow: Check = {id: 'graph.access', title: 'a', run: async (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve({status: 'pass', summary: 'stopped'})))}
  const after: Check = {id: 'graph.permissions', title: 'b', needs: ['graph.access'], run: async () => ({status: 'pass', summary: 'ran'})}
  const started = Date.now()
  const out = await runChecks({checks: [slow, after], ...loaded, options: defaultRunOptions({timeoutMs: 5000}), runTimeoutMs: 200})
  assert.ok(Date.now() - started < 1000)
  const b = out.reports.find((r) => r.id === 'graph.permissions')!
  assert.equal(b.status, 'error')
  assert.match(b.summary, /run's deadline/)
})
