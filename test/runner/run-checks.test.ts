// The runner: dependency order, concurrency of independent checks, skip on a failed need, error on a crash or
// timeout (with the AbortSignal fired), and no secret in a crash message.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import type {Check} from '../../src/checks/check.js'
import type {CheckId} from '../../src/core/check.js'
import {defaultRunOptions} from '../../src/doctor/run-doctor.js'
import {runChecks} from '../../src/runner/run-checks.js'
import {Secret} from '../../src/core/secret.js'
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
    const make = (id: CheckId, ms: number, needs?: CheckId[]): Check => ({
      id, title: id, needs, run: async () => { order.push(`start ${id}`); await wait(ms); order.push(`end ${id}`); return {status: 'pass', summary: id} },
    })
    const t0 = performance.now()
    const out = await run([make('token.claims', 10, ['token.acquire']), make('token.acquire', 150), make('config.scope', 150)])
    const elapsed = performance.now() - t0
    assert.ok(elapsed < 280, `a.first and c.other overlap (took ${elapsed.toFixed(0)} ms)`)
    assert.ok(order.indexOf('start token.claims') > order.indexOf('end token.acquire'), order.join(', '))
    assert.deepEqual(out.reports.map((r) => r.id), ['token.claims', 'token.acquire', 'config.scope'], 'report keeps declaration order')
  })

  it('skips a check whose need failed, and its dependents, naming the need', async () => {
    const out = await run([
      {id: 'token.acquire', title: 'a', run: async () => ({status: 'fail', summary: 'no'})},
      {id: 'token.claims', title: 'b', needs: ['token.acquire'], run: async () => { throw new Error('must not run') }},
      {id: 'graph.access', title: 'c', needs: ['token.claims'], run: async () => { throw new Error('must not run') }},
    ])
    const [, b, c] = out.reports
    assert.equal(b!.status, 'skip')
    assert.deepEqual(b!.skippedBecause, ['token.acquire'])
    assert.match(b!.summary, /token\.acquire \(fail\)/)
    assert.equal(c!.status, 'skip')
  })

  it('lets a warned need through', async () => {
    const out = await run([
      {id: 'token.acquire', title: 'a', run: async () => ({status: 'warn', summary: 'meh'})},
      {id: 'token.claims', title: 'b', needs: ['token.acquire'], run: async () => ({status: 'pass', summary: 'ok'})},
    ])
    assert.equal(out.reports[1]!.status, 'pass')
  })

  it('marks a crash as error with the message, redacting secrets', async () => {
    const secret = new Secret('Crash~Secret.Value-99')
    const out = await run([{id: 'config.values', title: 'a', run: async () => { throw new Error(`boom with ${secret.reveal()}`) }}])
    const r = out.reports[0]!
    assert.equal(r.status, 'error')
    assert.match(r.error!.message, /boom/)
    assert.ok(!JSON.stringify(r).includes('Crash~Secret.Value-99'))
  })

  it('times a slow check out as error and aborts its signal', async () => {
    let aborted = false
    const out = await run([{
      id: 'config.values', title: 'a', timeoutMs: 100,
      run: async (ctx) => { ctx.signal.addEventListener('abort', () => { aborted = true }); await wait(5000, ctx.signal); return {status: 'pass', summary: 'never'} },
    }])
    assert.equal(out.reports[0]!.status, 'error')
    assert.match(out.reports[0]!.summary, /timed out after 100 ms/)
    assert.ok(aborted, 'the check saw its AbortSignal fire')
  })

  it('leaves out checks that do not apply, and ignores needs on them', async () => {
    const out = await run([
      {id: 'token.acquire', title: 'a', applies: () => false, run: async () => ({status: 'fail', summary: 'x'})},
      {id: 'graph.access', title: 'b', needs: ['token.acquire'], run: async () => ({status: 'pass', summary: 'ok'})},
    ])
    assert.deepEqual(out.reports.map((r) => `${r.id}=${r.status}`), ['graph.access=pass'])
  })

  it('measures each check', async () => {
    const out = await run([{id: 'config.values', title: 'a', run: async () => { await wait(60); return {status: 'pass', summary: 'ok'} }}])
    assert.ok(out.reports[0]!.durationMs >= 55, `durationMs ${out.reports[0]!.durationMs}`)
  })
})
