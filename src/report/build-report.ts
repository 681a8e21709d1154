// Pure arithmetic over a report: counts, verdict, exit code, cause ranking (report-and-causes.md).

import type {CheckReport, Report, ReportCause, Verdict} from '../core/report.js'
import type {CheckStatus} from '../core/check.js'

/** 'new' (with a baseline): only an error cause the baseline did not have fails the gate. */
export type FailOn = 'error' | 'warn' | 'new'

export const CHECK_STATUSES: readonly CheckStatus[] = ['pass', 'warn', 'fail', 'skip', 'error']

export function summarize(checks: readonly Pick<CheckReport, 'status'>[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = {pass: 0, warn: 0, fail: 0, skip: 0, error: 0}
  for (const check of checks) counts[check.status]++
  return counts
}

/**
 * The contract derives the verdict from the causes alone, and so does this function: a check that failed or
 * crashed without a cause does not change it. Keeping it a function of the diagnosis means JSON readers can
 * recompute it, and the gap (a problem nobody explained) is the diagnosis layer's to close, not hidden here.
 * Renderers point such checks out next to the verdict (see `unexplainedChecks`).
 */
export function verdictOf(causes: readonly Pick<ReportCause, 'severity' | 'waived'>[]): Verdict {
  // A waived cause stays listed but does not count (report-and-causes.md "Waivers and baselines").
  const counted = causes.filter((c) => !c.waived)
  if (counted.some((c) => c.severity === 'error')) return 'fail'
  if (counted.some((c) => c.severity === 'warning')) return 'warn'
  return 'pass'
}

/**
 * 0 for pass and warn, 1 for fail, and 1 for warn with `--fail-on warn`. (2, unusable input, is the command's.)
 * With `--fail-on new`: 1 only for an error cause, not waived, that the baseline's drift lists as new.
 */
export function exitCodeFor(report: Pick<Report, 'verdict'> & Partial<Pick<Report, 'causes' | 'drift'>>, failOn: FailOn = 'error'): 0 | 1 {
  if (failOn === 'new') {
    const added = new Set(report.drift?.new ?? [])
    return (report.causes ?? []).some((c) => !c.waived && c.severity === 'error' && added.has(c.id)) ? 1 : 0
  }
  if (report.verdict === 'fail') return 1
  if (report.verdict === 'warn' && failOn === 'warn') return 1
  return 0
}

/** The causes a check's evidence produced, by either side of the link (check.causes or cause.checks). */
export function causesOfCheck(report: Pick<Report, 'causes'>, check: Pick<CheckReport, 'id' | 'causes'>): ReportCause[] {
  return report.causes.filter((c) => check.causes.includes(c.id) || c.checks.includes(check.id))
}

/** Checks that crashed, or failed with no cause to explain them: the verdict cannot speak for these. */
export function unexplainedChecks(report: Pick<Report, 'checks' | 'causes'>): CheckReport[] {
  return report.checks.filter(
    (check) => check.status === 'error' || (check.status === 'fail' && causesOfCheck(report, check).length === 0),
  )
}
