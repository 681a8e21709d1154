// Fleet decisions on plain data: sharding, token grouping, worst-first order, exit code, per-mailbox limit.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {InputError} from '../../src/core/input-error.js'
import {fleetExitCode, groupByToken, KeyedLimit, parseShard, shardOf, worstFirst, type TargetOutcome} from '../../src/fleet/plan.js'

describe('shards', () => {
  it('parses i/n and refuses anything else with one input error', () => {
    assert.deepEqual(parseShard('2/4'), {index: 2, count: 4})
    assert.deepEqual(parseShard(' 1 / 1 '), {index: 1, count: 1})
    for (const bad of ['0/4', '5/4', '1/0', '2', 'a/b', '-1/3', '1/2/3', '']) {
      assert.throws(() => parseShard(bad), (e: unknown) => e instanceof InputError && e.input === '--shard', bad)
    }
  })

  it('puts every target in exactly one shard, sizes within one, the same split every time', () => {
    const targets = Array.from({length: 103}, (_, i) => `t${i}`)
    for (const count of [1, 2, 3, 7, 200]) {
      const shards = Array.from({length: count}, (_, i) => shardOf(targets, {index: i + 1, count}))
      assert.deepEqual(shards.flat().sort(), [...targets].sort(), `n=${count}`)
      const sizes = shards.map((s) => s.length)
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `n=${count}: ${sizes}`)
      assert.deepEqual(shardOf(targets, {index: 1, count}), shards[0])
    }
  })
})

describe('tokens', () => {
  it('one group per (cloud, tenant, app, credential); case of IDs does not split a group', () => {
    const base = {cloud: 'global', tenant: 'T1', clientId: 'APP', credentialRef: 'env:SECRET_A'}
    const items = [
      {...base, mailbox: 'a'},
      {...base, tenant: 't1', clientId: 'app', mailbox: 'b'},
      {...base, credentialRef: 'env:SECRET_B', mailbox: 'c'},
      {...base, tenant: 'T2', mailbox: 'd'},
      {...base, cloud: 'usgov', mailbox: 'e'},
    ]
    const groups = [...groupByToken(items, (x) => x).values()].map((g) => g.map((x) => x.mailbox))
    assert.deepEqual(groups, [['a', 'b'], ['c'], ['d'], ['e']])
  })
})

describe('summary order and exit code', () => {
  it('worst first, ties in file order', () => {
    const results = (['pass', 'warn', 'incomplete', 'fail', 'pass', 'input-error', 'fail'] as TargetOutcome[]).map((outcome, i) => ({outcome, i}))
    assert.deepEqual(worstFirst(results).map((r) => r.i), [3, 6, 2, 5, 1, 0, 4])
  })

  it('the worst target decides: a found failure outranks an incomplete check', () => {
    assert.equal(fleetExitCode([]), 0)
    assert.equal(fleetExitCode(['pass', 'warn']), 0)
    assert.equal(fleetExitCode(['pass', 'warn'], 'warn'), 1)
    assert.equal(fleetExitCode(['pass', 'input-error']), 2)
    assert.equal(fleetExitCode(['input-error', 'incomplete', 'pass']), 3)
    assert.equal(fleetExitCode(['incomplete', 'fail', 'pass']), 1)
  })
})

describe('per-mailbox limit', () => {
  it('never runs more than 3 at once for one mailbox; other mailboxes are not held up', async () => {
    const limit = new KeyedLimit(3)
    const active = new Map<string, number>()
    const peak = new Map<string, number>()
    const job = (key: string) => limit.run(key, async () => {
      active.set(key, (active.get(key) ?? 0) + 1)
      peak.set(key, Math.max(peak.get(key) ?? 0, active.get(key)!))
      await new Promise((r) => setTimeout(r, 2))
      active.set(key, active.get(key)! - 1)
      return key
    })
    const jobs = [...Array.from({length: 20}, () => job('a@x')), ...Array.from({length: 2}, () => job('b@x'))]
    // Newcomers arriving while slots are handed over must wait too.
    setTimeout(() => { for (let i = 0; i < 5; i++) jobs.push(job('a@x')) }, 3)
    await new Promise((r) => setTimeout(r, 5))
    const done = await Promise.all(jobs)
    assert.equal(done.filter((k) => k === 'a@x').length, 25)
    assert.equal(peak.get('a@x'), 3)
    assert.equal(peak.get('b@x'), 2)
  })
})
