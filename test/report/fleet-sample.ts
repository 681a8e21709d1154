// A synthetic fleet run built from the real single-target sample reports (test/support/sample-reports.ts, the
// reports behind the goldens), in an order that is not worst first, with one target whose settings were unusable
// and one whose name and report are hostile.
import {exitCodeFor} from '../../src/report/build-report.js'
import {fleetExitCode, type TargetOutcome} from '../../src/fleet/plan.js'
import type {FleetRun, FleetTargetResult} from '../../src/fleet/types.js'
import type {Report} from '../../src/core/report.js'
import {HOSTILE, SAMPLE_REPORTS} from '../support/sample-reports.js'

/** The passing sample with the failing sample's warning: verdict warn. */
export function warnReport(): Report {
  // Copies: the samples share check objects between reports.
  const report = structuredClone(SAMPLE_REPORTS.passing())
  const warning = structuredClone(SAMPLE_REPORTS.failing().causes.find((c) => c.severity === 'warning')!)
  const check = report.checks.find((c) => c.status === 'pass' && c.id !== 'config.static')!
  check.status = 'warn'
  check.causes = [warning.id]
  warning.checks = [check.id]
  report.causes = [warning]
  report.summary = {...report.summary, pass: report.summary.pass - 1, warn: report.summary.warn + 1}
  report.verdict = 'warn'
  return report
}

export const HOSTILE_NAME = `evil ${HOSTILE.script} ${HOSTILE.pipe} ${HOSTILE.control}\nsecond line`

export function result(name: string, index: number, report: Report, durationMs = 1000 + index): FleetTargetResult {
  const outcome: TargetOutcome = report.verdict
  return {name, index, outcome, exitCode: exitCodeFor(report), report, durationMs}
}

export function inputErrorResult(name: string, index: number, message: string): FleetTargetResult {
  return {name, index, outcome: 'input-error', exitCode: 2, inputError: message, durationMs: 0}
}

export function fleetOf(targets: FleetTargetResult[], extra: Partial<FleetRun> = {}): FleetRun {
  return {
    tool: {name: 'o365doctor', version: '0.1.0'},
    startedAt: '2026-11-30T12:00:00.000Z',
    durationMs: 4321,
    targetsFile: 'targets.yaml',
    totalTargets: targets.length,
    targets,
    shared: {tokenRequests: 2, graphReads: 2},
    exitCode: fleetExitCode(targets.map((t) => t.outcome)),
    ...extra,
  }
}

/** Targets-file order: pass, fail, warn, incomplete, input error, hostile fail. Worst first: 1, 5, 3, 4, 2, 0. */
export function sampleFleet(extra: Partial<FleetRun> = {}): FleetRun {
  return fleetOf(
    [
      result('alpha', 0, SAMPLE_REPORTS.passing()),
      result('beta', 1, SAMPLE_REPORTS.failing()),
      result('gamma', 2, warnReport()),
      result('delta', 3, SAMPLE_REPORTS['skip-error']()),
      inputErrorResult('epsilon', 4, 'targets.yaml targets[4]: --mailbox: expected an e-mail address, got "sales"'),
      result(HOSTILE_NAME, 5, SAMPLE_REPORTS.hostile()),
    ],
    extra,
  )
}

/** n targets cycling through the samples (for shape at scale; timing is a script's job, not a test's). */
export function bigFleet(n: number): FleetRun {
  const builders = [SAMPLE_REPORTS.passing, SAMPLE_REPORTS.failing, warnReport, SAMPLE_REPORTS['skip-error'], SAMPLE_REPORTS.hostile]
  const targets: FleetTargetResult[] = []
  for (let i = 0; i < n; i++) {
    if (i % 97 === 96) targets.push(inputErrorResult(`target ${i}`, i, `targets[${i}]: --tenant: missing`))
    else targets.push(result(`target ${i}`, i, builders[i % builders.length]!()))
  }
  return fleetOf(targets, {totalTargets: n * 4, shard: {index: 2, count: 4}})
}
