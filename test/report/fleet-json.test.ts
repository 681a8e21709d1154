// Fleet JSON and JSON Lines: the run as one document, and one object per line that `jq -c` can tell apart by kind.
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {renderFleet} from '../../src/report/render/fleet.js'
import {outcomeCounts} from '../../src/report/render/fleet-labels.js'
import {assertValidReport} from '../support/validate-report.js'
import {bigFleet, HOSTILE_NAME, sampleFleet} from './fleet-sample.js'

const parseLines = (text: string) => {
  assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'), 'ends with exactly one newline')
  return text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
}

describe('fleet json', () => {
  it('is the FleetRun itself, reports inside', () => {
    const run = sampleFleet({shard: {index: 1, count: 2}})
    const out = renderFleet(run, 'json', {})
    assert.deepEqual(JSON.parse(out), run)
    assert.ok(out.endsWith('}\n'))
  })
})

describe('fleet jsonl', () => {
  it('one object per line: a report or an input error per target in targets-file order, then the summary', () => {
    const run = sampleFleet({shard: {index: 2, count: 3}, totalTargets: 18})
    const lines = parseLines(renderFleet(run, 'jsonl', {}))
    assert.equal(lines.length, run.targets.length + 1)
    assert.deepEqual(lines.map((l) => l.kind), [...run.targets.map((t) => (t.report ? 'report' : 'input-error')), 'summary'])
    for (const [i, t] of run.targets.entries()) {
      const line = lines[i]!
      assert.deepEqual(line.fleetTarget, {name: t.name, index: t.index, outcome: t.outcome, exitCode: t.exitCode, durationMs: t.durationMs})
      if (t.report) {
        // Without the two fleet fields, the line is the target's report, valid against the report schema.
        const {kind: _kind, fleetTarget: _ft, ...report} = line
        assert.deepEqual(report, t.report)
        assertValidReport(report)
      } else {
        assert.deepEqual(line.error, {input: 'targets.yaml targets[4]', message: t.inputError})
      }
    }
    const summary = lines.at(-1)!
    assert.deepEqual(summary.outcomes, outcomeCounts(run))
    assert.deepEqual(
      [summary.targets, summary.totalTargets, summary.exitCode, summary.shard, summary.shared, summary.targetsFile],
      [run.targets.length, 18, run.exitCode, {index: 2, count: 3}, run.shared, 'targets.yaml'],
    )
  })

  it('a hostile name or report cannot split a line', () => {
    const lines = parseLines(renderFleet(sampleFleet(), 'jsonl', {}))
    assert.equal((lines[5]!.fleetTarget as {name: string}).name, HOSTILE_NAME)
  })

  it('1000 targets: 1001 lines, each one object', () => {
    const run = bigFleet(1000)
    const lines = parseLines(renderFleet(run, 'jsonl', {}))
    assert.equal(lines.length, 1001)
    assert.equal(lines.filter((l) => l.kind === 'input-error').length, run.targets.filter((t) => !t.report).length)
    assert.equal((lines.at(-1)!.outcomes as Record<string, number>).fail, run.targets.filter((t) => t.outcome === 'fail').length)
  })
})
