// The gate flags end to end through the built CLI against the lab: --wait rides out a fix that takes effect
// mid-run (lab.switchTo), waivers and baselines reach the JSON report, bad gate input is exit 2 naming the input.
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Report} from '../../src/core/report.js'
import {runCli} from '../support/cli.js'
import {assertValidReport} from '../support/validate-report.js'

describe('check --wait against a scenario that becomes healthy mid-run', () => {
  it('exits 1 without --wait, 0 with --wait 60s, and the report says how long it took', async () => {
    // One after the other: the run without --wait must finish inside the scenario's 3 s before the switch.
    const once = await runCli(['check', '--lab', 'propagating-consent', '--json'], {timeoutMs: 60_000})
    const waited = await runCli(['check', '--lab', 'propagating-consent', '--wait', '60s', '--json'], {timeoutMs: 90_000})
    assert.equal(once.code, 1, `${once.stderr} (run took ${(JSON.parse(once.stdout || '{}') as Partial<Report>).durationMs} ms)`)
    const before = JSON.parse(once.stdout) as Report
    assert.ok(before.causes.some((c) => c.id === 'graph.consent-missing'))
    assert.equal(before.wait, undefined)

    assert.equal(waited.code, 0, waited.stderr)
    const report = JSON.parse(waited.stdout) as Report
    assertValidReport(report)
    assert.equal(report.verdict, 'pass')
    assert.equal(report.wait!.outcome, 'healthy')
    assert.ok(report.wait!.attempts.length >= 2, 'failed first, then passed')
    assert.deepEqual(report.wait!.attempts[0]!.retriable, ['graph.consent-missing'])
    assert.equal(report.wait!.attempts.at(-1)!.verdict, 'pass')
    assert.ok(report.wait!.healthyAfterMs! >= 1000 && report.wait!.healthyAfterMs! < 60_000)
    // Not a terminal: no line per attempt, only the first (a heartbeat at most once a minute).
    assert.equal(waited.stderr.trim().split('\n').length, 1, waited.stderr)
  })

  it('does not wait on what propagation cannot explain', async () => {
    const result = await runCli(['check', '--lab', 'wrong-secret', '--wait', '60s', '--json'], {timeoutMs: 60_000})
    assert.equal(result.code, 1)
    const report = JSON.parse(result.stdout) as Report
    assert.equal(report.wait!.outcome, 'not-retriable')
    assert.equal(report.wait!.attempts.length, 1)
  })
})

describe('gate input', () => {
  it('waivers and baseline reach the report; bad gate input is exit 2 naming the input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o365doctor-gate-'))
    try {
      const waivers = join(dir, 'waivers.yaml')
      writeFileSync(waivers, 'waivers:\n  - cause: exchange.service-principal-wrong-object-id\n    reason: CHG-7\n    expires: 2099-12-31\n')
      const baseline = join(dir, 'baseline.json')
      const first = await runCli(['check', '--lab', 'wrong-object-id', '--format', 'json', '--output', baseline])
      assert.equal(first.code, 1)
      const gated = await runCli(['check', '--lab', 'wrong-object-id', '--waivers', waivers, '--baseline', baseline, '--fail-on', 'new', '--json'])
      assert.equal(gated.code, 0, gated.stderr)
      const report = JSON.parse(gated.stdout) as Report
      assertValidReport(report)
      assert.equal(report.causes.find((c) => c.id === 'exchange.service-principal-wrong-object-id')!.waived!.reason, 'CHG-7')
      assert.deepEqual(report.drift!.new, [])
      assert.ok(report.drift!.unchanged.includes('exchange.service-principal-wrong-object-id'))

      const bad = join(dir, 'bad.yaml')
      writeFileSync(bad, 'waivers:\n  - cause: exchange.pop-disabled\n    reason: x\n    expires: next week\n')
      const cases = [
        [['--waivers', bad], new RegExp(`--waivers ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4: expires "next week" is not a date`)],
        [['--waivers', join(dir, 'none.yaml')], /--waivers .*none\.yaml: file not found/],
        [['--baseline', waivers], /--baseline .*waivers\.yaml: is not JSON/],
        [['--fail-on', 'new'], /--fail-on new: needs --baseline/],
        [['--wait', 'soon'], /--wait soon: must be a duration/],
        [['--report', 'pdf=r.pdf'], /--report pdf=r\.pdf: must be FORMAT=FILE with FORMAT one of json, junit, markdown, html/],
      ] as const
      // Independent runs: side by side.
      const results = await Promise.all(cases.map(([args]) => runCli(['check', '--lab', 'healthy', ...args])))
      for (const [i, [args, pattern]] of cases.entries()) {
        const result = results[i]!
        assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`)
        assert.match(result.stderr, pattern)
        assert.equal(result.stderr.trim().split('\n').length, 1, 'one line')
        assert.equal(result.stdout, '', 'nothing ran')
      }
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
