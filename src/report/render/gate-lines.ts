// The CI gate's extras (waivers, baseline drift, --wait) as plain sentences, so every renderer says the same thing.
// Each renderer escapes them its own way.

import {causesOfCheck} from '../build-report.js'
import type {CheckReport, Report, WaiverOutcome} from '../../core/report.js'
import {formatDuration} from './text.js'

/** A failed check whose every cause is waived: still a failure in the report, but accepted by the gate. */
export function isWaivedCheck(report: Pick<Report, 'causes'>, check: CheckReport): boolean {
  if (check.status !== 'fail') return false
  const causes = causesOfCheck(report, check)
  return causes.length > 0 && causes.every((c) => (c as {waived?: unknown}).waived)
}

function waiverText(w: WaiverOutcome): string {
  const checks = w.checks?.length ? ` (checks ${w.checks.join(', ')})` : ''
  return `${w.cause}${checks}, until ${w.expires}: ${w.reason}${w.note ? ` [${w.note}]` : ''}`
}

export function gateLines(report: Pick<Report, 'waivers' | 'drift' | 'wait'>): string[] {
  const lines: string[] = []
  const w = report.waivers
  if (w) {
    lines.push(`Waivers from ${w.file}: ${w.applied.length} applied, ${w.expired.length} expired, ${w.unmatched.length} matched nothing.`)
    for (const a of w.applied) lines.push(`Waived: ${waiverText(a)}`)
    for (const e of w.expired) lines.push(`Expired waiver, ignored: ${waiverText(e)}`)
    for (const u of w.unmatched) lines.push(`Waiver that matched no cause: ${waiverText(u)}`)
  }
  const d = report.drift
  if (d) {
    const list = (ids: string[]) => (ids.length ? ids.join(', ') : 'none')
    lines.push(
      `Compared with the baseline of ${d.baseline}: new ${list(d.new)}; resolved ${list(d.resolved)}; unchanged ${list(d.unchanged)}.`,
    )
  }
  const wait = report.wait
  if (wait) {
    const n = wait.attempts.length
    const tries = `${n} attempt${n === 1 ? '' : 's'}`
    if (wait.outcome === 'healthy')
      lines.push(`--wait ${formatDuration(wait.limitMs)}: healthy after ${formatDuration(wait.healthyAfterMs ?? 0)} (${tries}).`)
    else if (wait.outcome === 'timed-out')
      lines.push(`--wait ${formatDuration(wait.limitMs)}: still failing when the time was up (${tries}); propagation can take up to an hour.`)
    else {
      const blocking = wait.attempts.at(-1)?.blocking ?? []
      lines.push(
        `--wait ${formatDuration(wait.limitMs)}: not retried after ${tries}: ${blocking.join(', ') || 'a failure'} cannot be explained by propagation, so waiting would not help.`,
      )
    }
    for (const a of wait.attempts)
      lines.push(`Attempt ${a.n} at ${a.startedAt} (${formatDuration(a.durationMs)}): ${a.verdict}${a.retriable.length ? `, waiting on ${a.retriable.join(', ')}` : ''}`)
  }
  return lines
}
