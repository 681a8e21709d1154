// The runner: dependency order, concurrency of independent checks, skip on a failed need, error on a crash or
// timeout (with the AbortSignal fired), and no secret in a crash message.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import type {Check} from '../../src/checks/check.js'
import {defaultRunOptions} from '../../src/doctor/run-doctor.js'
import {runChecks} from '../../src/runner/run-checks.js'
import {Secret} from '../../src/secrets/secret.js'
import {mergeSettings} from '../../src/settings/load-settings.js'

const loaded = mergeSettings([{source: 'flag', nameOf: (k) => k, values: {tenant: 'contoso.com', clientId: 'x', clientSecret: 'Qx8~runner.secret-0001', mailbox: 'a@contoso.com'}}])
const run = (checks: Check[], timeoutMs = 2000) => runChecks({checks, ...loaded, options: defaultRunOptions({timeoutMs})})
const wait = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve, reject) => {
  const t = setTimeout(resolve, ms)
  signal?.addEventListener('abort', () => { clearTimeout(t); reject(new Error('aborted')) }, {once: true})
})

describe('runChecks', () => {
  it('runs independent checks at the same time and dependent ones after their needs', async () => {
    const order: string[] = []
    const make = (id: string, ms: number, needs?: string[]): Check => ({
      id, title: id, needs, run: async () => { order.push(`start ${id}`); await wait(ms); order.push(`end ${id}`); return {status: 'pass', summary: id} },
    })
    const t0 = performance.now()
    const out = await run([make('b.second', 10, ['a.first']), make('a.first', 150), make('c.other', 150)])
    const elapsed = performance.now() - t0
    assert.ok(elapsed < 280, `a.first and c.other overlap (took ${elapsed.toFixed(0)} ms)`)
    assert.ok(order.indexOf('start b.second') > order.indexOf('end a.first'), order.join(', '))
    assert.deepEqual(out.reports.map((r) => r.id), ['b.second', 'a.first', 'c.other'], 'report keeps declaration order')
  })

  it('skips a check whose need failed, and its dependents, naming the need', async () => {
    const out = await run([
      {id: 'a.need', title: 'a', run: async () => ({status: 'fail', summary: 'no'})},
      {id: 'b.child', title: 'b', needs: ['a.need'], run: async () => { throw new Error('must not run') }},
      {id: 'c.grandchild', title: 'c', needs: ['b.child'], run: async () => { throw new Error('must not run') }},
    ])
    const [, b, c] = out.reports
    assert.equal(b!.status, 'skip')
    assert.deepEqual(b!.skippedBecause, ['a.need'])
    assert.match(b!.summary, /a\.need \(fail\)/)
    assert.equal(c!.status, 'skip')
  })

  it('lets a warned need through', async () => {
    const out = await run([
      {id: 'a.need', title: 'a', run: async () => ({status: 'warn', summary: 'meh'})},
      {id: 'b.child', title: 'b', needs: ['a.need'], run: async () => ({status: 'pass', summary: 'ok'})},
    ])
    assert.equal(out.reports[1]!.status, 'pass')
  })

  it('marks a crash as error with the message, redacting secrets', async () => {
    const secret = new Secret('Crash~Secret.Value-99')
    const out = await run([{id: 'a.crash', title: 'a', run: async () => { throw new Error(`boom with ${secret.reveal()}`) }}])
    const r = out.reports[0]!
    assert.equal(r.status, 'error')
    assert.match(r.error!.message, /boom/)
    assert.ok(!JSON.stringify(r).includes('Crash~Secret.Value-99'))
  })

  it('times a slow check out as error and aborts its signal', async () => {
    let aborted = false
    const out = await run([{
      id: 'a.slow', title: 'a', timeoutMs: 100,
      run: async (ctx) => { ctx.signal.addEventListener('abort', () => { aborted = true }); await wait(5000, ctx.signal); return {status: 'pass', summary: 'never'} },
    }])
    assert.equal(out.reports[0]!.status, 'error')
    assert.match(out.reports[0]!.summary, /timed out after 100 ms/)
    assert.ok(aborted, 'the check saw its AbortSignal fire')
  })

  it('leaves out checks that do not apply, and ignores needs on them', async () => {
    const out = await run([
      {id: 'a.never', title: 'a', applies: () => false, run: async () => ({status: 'fail', summary: 'x'})},
      {id: 'b.ok', title: 'b', needs: ['a.never'], run: async () => ({status: 'pass', summary: 'ok'})},
    ])
    assert.deepEqual(out.reports.map((r) => `${r.id}=${r.status}`), ['b.ok=pass'])
  })

  it('measures each check', async () => {
    const out = await run([{id: 'a.timed', title: 'a', run: async () => { await wait(60); return {status: 'pass', summary: 'ok'} }}])
    assert.ok(out.reports[0]!.durationMs >= 55, `durationMs ${out.reports[0]!.durationMs}`)
  })
})
