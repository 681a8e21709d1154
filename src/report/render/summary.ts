// The default terminal rendering, in the habit of `flutter doctor` and `brew doctor`: a header, then what is wrong
// (each cause once: headline, the failed checks that show it, what to do, the PowerShell, why), then one line per
// area of checks. Every check still appears: a failed one under its cause or in the "no diagnosis" list, a passing
// one in its area's count. `--all` (renderTable's full mode) shows each check on its own row.
// Pure: everything it depends on arrives in `options`.

import {rankCauses, type Cause} from '../../core/cause.js'
import type {CheckStatus} from '../../core/check.js'
import type {CheckReport, Report, ReportCause} from '../../core/report.js'
import {gateLines, isWaivedCheck} from './gate-lines.js'
import {
  CONFIDENCE_LABEL,
  glyphs,
  SEVERITY_LABEL,
  SEVERITY_PAINT,
  shortCounts,
  STATUS_PAINT,
  unexplainedSentence,
  VERDICT_PAINT,
  verdictSentence,
  type Glyphs,
} from './labels.js'
import type {TableOptions} from './table.js'
import {append, clip, displayWidth, formatDuration, painter, visible, wrap} from './text.js'

/** How each check-ID prefix is named on its area line; an unknown prefix is shown as it is. */
const AREA_LABEL: Record<string, string> = {
  config: 'settings',
  token: 'token',
  graph: 'Graph',
  smtp: 'SMTP',
  imap: 'IMAP',
  pop: 'POP',
  exchange: 'Exchange',
}

/** Worst first: the status an area line shows. */
const STATUS_ORDER: CheckStatus[] = ['fail', 'error', 'warn', 'skip', 'pass']

const isProblem = (check: CheckReport): boolean => check.status === 'fail' || check.status === 'warn' || check.status === 'error'

export function renderSummary(report: Report, options: TableOptions): string {
  const g = glyphs(options.ascii)
  const paint = painter(options.color)
  const lines = header(report, options, g)
  const problems = report.checks.filter(isProblem)
  const shown = new Set<string>()
  for (const [i, cause] of rankCauses(report.causes).entries()) {
    lines.push('')
    append(lines, causeBlock(cause, i, report, shown, options, g))
  }
  const orphans = problems.filter((c) => !shown.has(c.id))
  // A failure nothing explains is "wrong"; a warning with no cause (often "not checked: grant X") is only worth a look.
  const failedOrphans = orphans.filter((c) => c.status !== 'warn')
  // A passing check that left something unproven (Send As without --send-test) says so here too, not only in --all.
  const unproven = report.checks.filter((c) => c.status === 'pass' && typeof c.evidence?.verifyWith === 'string')
  const warnOrphans = [...orphans.filter((c) => c.status === 'warn'), ...unproven]
  if (failedOrphans.length) {
    lines.push('', paint(report.causes.length ? 'Also wrong, with no diagnosis:' : 'Wrong, with no diagnosis:', 'bold'))
    for (const check of failedOrphans) append(lines, checkLine(check, '  ', options, g))
  }
  const unexplained = unexplainedSentence(report)
  if (unexplained) append(lines, wrap(visible(unexplained), options.width, '  ').map((l) => paint(l, 'magenta')))
  if (warnOrphans.length) {
    lines.push('', paint('Not verified, or worth a look:', 'bold'))
    for (const check of warnOrphans) append(lines, checkLine(check, '  ', options, g))
  }
  const skipped = skippedLine(report)
  if (skipped) append(lines, ['', ...wrap(skipped, options.width).map((l) => paint(l, 'gray'))])
  lines.push('')
  append(lines, areaLines(report, options, g))
  lines.push('')
  // The CI gate's extras (--waivers, --baseline, --wait), when given (issue 15).
  const gate = gateLines(report)
  if (gate.length) lines.push(paint('Gate:', 'bold'), ...gate.flatMap((l) => wrap(visible(l), options.width, '    ', '  ')), '')
  append(lines, verdictLines(report, options, g))
  return lines.join('\n') + '\n'
}

/** The verdict, then where to see more: on the verdict's own line when both fit, so a healthy run stays short. */
function verdictLines(report: Report, options: TableOptions, g: Glyphs): string[] {
  const paint = painter(options.color)
  const verdict = `${g.verdict[report.verdict]} ${verdictSentence(report, options.failOn ?? 'error')}`
  const hint = '--all: every check; --verbose: evidence and transcripts'
  if (displayWidth(verdict) + 2 + displayWidth(hint) <= options.width)
    return [`${paint(verdict, ...VERDICT_PAINT[report.verdict])}  ${paint(hint, 'dim')}`]
  return [...wrap(verdict, options.width).map((l) => paint(l, ...VERDICT_PAINT[report.verdict])), ...wrap(hint, options.width).map((l) => paint(l, 'dim'))]
}

function header(report: Report, options: TableOptions, g: Glyphs): string[] {
  const paint = painter(options.color)
  const t = report.target
  const who = [
    `o365doctor ${report.tool.version}`,
    t.mailbox ? `mailbox ${t.mailbox}` : '',
    t.tenant ? `tenant ${t.tenant}` : '',
    t.clientId ? `app ${t.clientId}` : '',
    `${t.cloud} cloud`,
    t.protocols.length ? t.protocols.join(', ') : 'no protocol',
    t.lab ? `lab ${t.lab}` : '',
  ].filter(Boolean)
  const lines = wrap(visible(clip(who.join(g.sep), 500, g.ellipsis)), options.width)
  lines[0] = paint('o365doctor', 'bold') + lines[0]!.slice('o365doctor'.length)
  const failed = report.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => c.id)
  const waivedChecks = report.checks.filter((c) => isWaivedCheck(report, c)).length
  const counts =
    `${report.checks.length} checks in ${formatDuration(report.durationMs)}: ${shortCounts(report.summary, g.sep)}` +
    (failed.length ? ` (${failed.join(', ')})` : '') +
    (waivedChecks ? `${g.sep}${waivedChecks} failed but waived` : '')
  append(lines, wrap(visible(counts), options.width).map((l) => paint(l, 'dim')))
  return lines
}

/** One cause: headline once, the checks that show it, what to do, PowerShell, then why and where to read more. */
function causeBlock(cause: Cause, index: number, report: Report, shown: Set<string>, options: TableOptions, g: Glyphs): string[] {
  const paint = painter(options.color)
  const width = options.width
  const number = `${index + 1}. `
  const pad = ' '.repeat(number.length)
  const severity = SEVERITY_LABEL[cause.severity]
  const title = wrap(`${severity}: ${visible(clip(cause.summary, undefined, g.ellipsis))}`, width, pad, number)
  const lines = title.map((line, i) =>
    i === 0
      ? number + paint(severity, ...SEVERITY_PAINT[cause.severity]) + paint(line.slice(number.length + severity.length), 'bold')
      : paint(line, 'bold'),
  )
  // The checks behind this cause: a failed one is shown here (and nowhere else) unless an earlier cause took it.
  const linked = report.checks.filter((c) => cause.checks.includes(c.id) || c.causes.includes(cause.id))
  const mine = linked.filter((c) => isProblem(c) && !shown.has(c.id))
  for (const c of mine) shown.add(c.id)
  const same = mine.filter((c) => c.summary === cause.summary)
  const facts = [cause.id, CONFIDENCE_LABEL[cause.confidence]]
  if (same.length) facts.push(`${same.map((c) => c.id).join(', ')} ${same.length === 1 ? 'says' : 'say'} so`)
  const others = linked.filter((c) => !same.includes(c) && !mine.includes(c)).map((c) => c.id)
  if (others.length) facts.push(`seen in ${others.join(', ')}`)
  append(lines, wrap(visible(facts.join(g.sep)), width, pad).map((l) => paint(l, 'dim')))
  const waived = (cause as ReportCause).waived
  if (waived) append(lines, wrap(visible(`WAIVED until ${waived.expires}: ${waived.reason} (not counted in the verdict)`), width, pad).map((l) => paint(l, 'yellow')))
  for (const check of mine.filter((c) => !same.includes(c))) append(lines, checkLine(check, pad, options, g))
  if (cause.remediation.steps.length) {
    lines.push(`${pad}${paint('What to do:', 'bold')}`)
    cause.remediation.steps.forEach((step, i) => {
      const n = `${pad}  ${i + 1}. `
      append(lines, wrap(visible(step), width, ' '.repeat(n.length), n))
    })
  }
  if (cause.remediation.powershell.length) {
    lines.push(`${pad}${paint('PowerShell:', 'bold')}`)
    // Never wrapped: a wrapped cmdlet pasted into a shell runs half a command.
    for (const command of cause.remediation.powershell)
      for (const line of visible(command).split('\n')) lines.push(`${pad}  ${paint(line, 'cyan')}`)
  }
  append(lines, wrap(`Why: ${visible(clip(cause.explanation, undefined, g.ellipsis))}`, width, pad, pad))
  if (cause.candidates?.length)
    append(lines, wrap(visible(`The evidence cannot yet rule out: ${cause.candidates.join(', ')}.`), width, pad))
  // URLs are not wrapped, so terminals keep them clickable.
  for (const doc of cause.docs) lines.push(paint(`${pad}Docs: ${visible(doc)}`, 'dim'))
  return lines
}

/** A check that is wrong: its status word, ID and what it found, wrapped under the indent. */
function checkLine(check: CheckReport, indent: string, options: TableOptions, g: Glyphs): string[] {
  const paint = painter(options.color)
  const label = g.status[check.status]
  const detail = check.status === 'error' && check.error ? `crashed: ${check.error.name}: ${check.error.message}` : check.summary
  const text = `${label} ${check.id}: ${visible(clip(detail, undefined, g.ellipsis))}`
  const lines = wrap(text, options.width, `${indent}  `, indent)
  lines[0] = indent + paint(label, ...STATUS_PAINT[check.status]) + lines[0]!.slice(indent.length + label.length)
  return lines
}

/** Skipped checks in one sentence, grouped by why (a need that did not pass, or --offline), not repeated per row. */
function skippedLine(report: Report): string | undefined {
  const byReason = new Map<string, string[]>()
  for (const check of report.checks) {
    if (check.status !== 'skip') continue
    const reason = check.skippedBecause?.length
      ? `because ${check.skippedBecause.join(', ')} did not pass`
      : `(${check.summary.replace(/^(?:skipped|not run):\s*/i, '').replace(/^([^()]*) \(([^()]*)\)$/, '$1: $2')})`
    byReason.set(reason, [...(byReason.get(reason) ?? []), check.id])
  }
  if (byReason.size === 0) return undefined
  return visible([...byReason].map(([reason, ids]) => `Not run ${reason}: ${ids.join(', ')}.`).join(' '))
}

/** One line per area (settings, token, Graph, SMTP…): its worst status and the counts. */
function areaLines(report: Report, options: TableOptions, g: Glyphs): string[] {
  const paint = painter(options.color)
  const areas = new Map<string, CheckReport[]>()
  for (const check of report.checks) {
    const area = check.id.split('.')[0]!
    areas.set(area, [...(areas.get(area) ?? []), check])
  }
  const labelWidth = Math.max(...[...areas.keys()].map((a) => (AREA_LABEL[a] ?? a).length))
  const statusWidth = Math.max(...Object.values(g.status).map((s) => s.length))
  const lines: string[] = []
  for (const [area, checks] of areas) {
    const counts: Record<CheckStatus, number> = {pass: 0, warn: 0, fail: 0, skip: 0, error: 0}
    for (const c of checks) counts[c.status]++
    const worst = STATUS_ORDER.find((s) => counts[s] > 0)!
    const label = g.status[worst].padEnd(statusWidth)
    const name = visible(AREA_LABEL[area] ?? area).padEnd(labelWidth)
    const text = `${label}  ${name}  ${shortCounts(counts, g.sep)}`
    const indent = ' '.repeat(statusWidth + labelWidth + 4)
    // wrap() joins words with one space, which would undo the padding: only a line too long is wrapped.
    const wrapped = displayWidth(text) <= options.width ? [text] : wrap(text, options.width, indent)
    wrapped[0] = paint(label, ...STATUS_PAINT[worst]) + wrapped[0]!.slice(label.length)
    append(lines, wrapped)
  }
  return lines
}
