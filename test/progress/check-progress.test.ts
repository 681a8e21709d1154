// Progress: the runner's hook reports every check's start and end (skips and crashes included), and the frame and
// the decision to show it are plain functions.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import type {Check} from '../../src/checks/check.js'
import {defaultRunOptions} from '../../src/doctor/run-doctor.js'
import {applyProgress, isCI, newProgressState, progressFrame, progressWanted} from '../../src/progress/check-progress.js'
import {runChecks, type ProgressEvent} from '../../src/runner/run-checks.js'
import {mergeSettings} from '../../src/settings/load-settings.js'

const loaded = mergeSettings([{source: 'flag', nameOf: (k) => k, values: {tenant: 'contoso.com', clientId: 'x', clientSecret: 'Qx8~progress.secret-0001', mailbox: 'a@contoso.com'}}])

describe('runner onProgress hook', () => {
  it('tells each start before its finish, with the final status; a skipped check only finishes', async () => {
    const events: ProgressEvent[] = []
    const checks: Check[] = [
      {id: 'config.values', title: 'A', run: async () => ({status: 'fail', summary: 'no'})},
      {id: 'token.acquire', title: 'B', needs: ['config.values'], run: async () => ({status: 'pass', summary: 'yes'})},
      {id: 'graph.access', title: 'C', run: async () => { throw new Error('boom') }},
      {id: 'smtp.connect', title: 'D', run: async () => ({status: 'pass', summary: 'yes'})},
    ]
    const out = await runChecks({checks, ...loaded, options: defaultRunOptions({timeoutMs: 2000}), onProgress: (e) => events.push(e)})
    const finishes = events.filter((e) => e.type === 'finish')
    assert.deepEqual(
      Object.fromEntries(finishes.map((e) => [e.id, e.type === 'finish' ? e.status : ''])),
      Object.fromEntries(out.reports.map((r) => [r.id, r.status])),
    )
    assert.deepEqual(events.filter((e) => e.type === 'start').map((e) => e.id).sort(), ['config.values', 'graph.access', 'smtp.connect'])
    for (const id of ['config.values', 'graph.access', 'smtp.connect'])
      assert.ok(events.findIndex((e) => e.id === id && e.type === 'start') < events.findIndex((e) => e.id === id && e.type === 'finish'), id)
  })
})

describe('progress frame', () => {
  it('counts what is done, lists running checks with their time, and fits the width', () => {
    const state = newProgressState(5)
    applyProgress(state, {type: 'start', id: 'token.acquire', title: 'Get an app-only token'}, 0)
    applyProgress(state, {type: 'start', id: 'smtp.connect', title: 'SMTP server reachable over TLS'}, 100)
    applyProgress(state, {type: 'finish', id: 'smtp.connect', title: 'x', status: 'fail', durationMs: 5}, 200)
    applyProgress(state, {type: 'finish', id: 'config.values', title: 'x', status: 'pass', durationMs: 5}, 200)
    const frame = progressFrame(state, 1500, {ascii: false, width: 100, tick: 0})
    assert.equal(frame[0], 'Checking: 2 of 5 done (1 failed)')
    assert.equal(frame.length, 2)
    assert.match(frame[1]!, /^ {2}⠋ token\.acquire {2}Get an app-only token {2}1\.5 s$/)
    const narrow = progressFrame(state, 1500, {ascii: true, width: 20, tick: 1})
    assert.ok(narrow.every((l) => l.length <= 19), narrow.join('|'))
    assert.ok(narrow.every((l) => /^[\x20-\x7e]*$/.test(l)), 'ASCII only')
  })

  it('lists at most six running checks and counts the rest', () => {
    const state = newProgressState(10)
    for (let i = 0; i < 9; i++) applyProgress(state, {type: 'start', id: `c.${i}`, title: 't'}, i)
    const frame = progressFrame(state, 10, {ascii: false, width: 80, tick: 0})
    assert.equal(frame.length, 8)
    assert.equal(frame.at(-1), '  and 3 more')
  })

  it('is wanted only on a terminal, without --json, outside CI', () => {
    assert.equal(progressWanted({isTTY: true, json: false, env: {}}), true)
    assert.equal(progressWanted({isTTY: false, json: false, env: {}}), false)
    assert.equal(progressWanted({isTTY: true, json: true, env: {}}), false)
    assert.equal(progressWanted({isTTY: true, json: false, env: {CI: 'true'}}), false)
    assert.equal(isCI({CI: '1'}), true)
    assert.equal(isCI({CI: 'false'}), false)
    assert.equal(isCI({CI: ''}), false)
  })
})
