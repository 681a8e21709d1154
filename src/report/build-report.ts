// Pure arithmetic over a report: counts, verdict, exit code, cause ranking (report-and-causes.md).

import type {Cause} from '../core/cause.js'
import type {CheckReport, Report, Verdict} from '../core/report.js'
import type {CheckStatus} from '../core/check.js'

export type FailOn = 'error' | 'warn'

export function summarize(checks: readonly Pick<CheckReport, 'status'>[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = {pass: 0, warn: 0, fail: 0, skip: 0, error: 0}
  for (const check of checks) counts[check.status]++
  return counts
}

/**
 * The contract's verdict: `fail` with an error cause; else `incomplete` when a check crashed or timed out (a gate
 * must never read "could not look" as "pass"); else `warn` with a warning cause; else `pass`. A failed check
 * always has an error cause (the diagnosis adds `check.unexplained-failure` when nothing else explains it).
 */
export function verdictOf(causes: readonly Pick<Cause, 'severity'>[], checks: readonly Pick<CheckReport, 'status'>[] = []): Verdict {
  if (causes.some((c) => c.severity === 'error')) return 'fail'
  if (checks.some((c) => c.status === 'error')) return 'incomplete'
  if (causes.some((c) => c.severity === 'warning')) return 'warn'
  return 'pass'
}

export type ExitCode = 0 | 1 | 3

/** 0 for pass and warn, 1 for fail (and for warn with `--fail-on warn`), 3 for incomplete. (2 is the command's.) */
export function exitCodeFor(report: Pick<Report, 'verdict'>, failOn: FailOn = 'error'): ExitCode {
  if (report.verdict === 'fail') return 1
  if (report.verdict === 'incomplete') return 3
  if (report.verdict === 'warn' && failOn === 'warn') return 1
  return 0
}

/** The causes a check's evidence produced, by either side of the link (check.causes or cause.checks). */
export function causesOfCheck(report: Pick<Report, 'causes'>, check: Pick<CheckReport, 'id' | 'causes'>): Cause[] {
  return report.causes.filter((c) => check.causes.includes(c.id) || c.checks.includes(check.id))
}

/** Checks that crashed or timed out: the verdict could not look at what they would have checked. */
export function unexplainedChecks(report: Pick<Report, 'checks' | 'causes'>): CheckReport[] {
  return report.checks.filter((check) => check.status === 'error' || (check.status === 'fail' && causesOfCheck(report, check).length === 0))
}
