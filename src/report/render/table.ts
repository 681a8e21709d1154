// The terminal rendering: a checks table, then the diagnosis, then the verdict. Written for someone tired at 2 a.m.:
// what is wrong, how we know, what to type. Pure: everything it depends on arrives in `options`.

import Table from 'cli-table3'
import type {Cause} from '../../core/cause.js'
import {type FailOn} from '../build-report.js'
import {rankCauses} from '../../core/cause.js'
import type {CheckReport, Report} from '../../core/report.js'
import type {CheckStatus} from '../../core/check.js'
import {
  CONFIDENCE_LABEL,
  countsLine,
  SEVERITY_LABEL,
  STATUS_LABEL,
  statusDetail,
  unexplainedSentence,
  verdictSentence,
} from './labels.js'
import {formatDuration, painter, type Paint, visible, wrap} from './text.js'

export interface TableOptions {
  /** The command decides: stdout is a TTY and NO_COLOR is unset. */
  color: boolean
  /** Terminal columns to wrap to. */
  width: number
  /** Adds evidence, transcripts and cause evidence. */
  verbose?: boolean
  /** Only changes what the verdict line says about the exit code. */
  failOn?: FailOn
}

const STATUS_PAINT: Record<CheckStatus, Paint[]> = {
  pass: ['green'],
  warn: ['yellow', 'bold'],
  fail: ['red', 'bold'],
  skip: ['gray'],
  error: ['magenta', 'bold'],
}
const SEVERITY_PAINT: Record<Cause['severity'], Paint[]> = {error: ['red', 'bold'], warning: ['yellow', 'bold'], info: ['blue']}
const VERDICT_PAINT: Record<Report['verdict'], Paint[]> = {pass: ['green', 'bold'], warn: ['yellow', 'bold'], fail: ['red', 'bold']}
const VERDICT_SYMBOL: Record<Report['verdict'], string> = {pass: '✓', warn: '!', fail: '✗'}

// Status and time columns are fixed; check and result share the rest (5 borders).
const STATUS_COL = 9
const TIME_COL = 8

function columnWidths(width: number): number[] {
  // Below ~52 columns the table stops shrinking and overflows rather than wrap every word.
  const room = Math.max(30, width - STATUS_COL - TIME_COL - 5)
  const check = Math.min(36, Math.max(14, Math.round(room * 0.38)))
  return [STATUS_COL, check, TIME_COL, room - check]
}

function stringify(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function checksTable(report: Report, options: TableOptions): string {
  const paint = painter(options.color)
  const widths = columnWidths(options.width)
  const table = new Table({
    head: ['Status', 'Check', 'Time', 'Result'].map((h) => paint(h, 'bold')),
    colWidths: widths,
    colAligns: ['left', 'left', 'right', 'left'],
    // We wrap cells ourselves: cli-table3 truncates a word longer than its column (a host:port, a GUID) with "…".
    wordWrap: false,
    // Empty styles: cli-table3 would otherwise colour through @colors/colors, which reads env and argv itself.
    style: {head: [], border: []},
  })
  for (const check of report.checks) table.push(checkRow(check, widths, options))
  return table.toString()
}

function checkRow(check: CheckReport, widths: number[], options: TableOptions): string[] {
  const paint = painter(options.color)
  // Plain text is wrapped to the column (less its 2 padding), then painted line by line.
  const cell = (text: string, col: number, ...styles: Paint[]) =>
    wrap(visible(text), widths[col]! - 2, '', '', false).map((line) => paint(line, ...styles))
  const result = cell(check.summary, 3)
  const detail = statusDetail(check)
  if (detail) result.push(...cell(detail, 3, ...STATUS_PAINT[check.status]))
  if (options.verbose && check.evidence)
    for (const [key, value] of Object.entries(check.evidence)) result.push(...cell(`${key}: ${stringify(value)}`, 3, 'dim'))
  return [
    paint(STATUS_LABEL[check.status], ...STATUS_PAINT[check.status]),
    [...cell(check.title, 1), ...cell(check.id, 1, 'dim')].join('\n'),
    formatDuration(check.durationMs),
    result.join('\n'),
  ]
}

function header(report: Report, options: TableOptions): string[] {
  const paint = painter(options.color)
  const t = report.target
  const who = [
    t.mailbox ? `mailbox ${t.mailbox}` : '',
    t.tenant ? `tenant ${t.tenant}` : '',
    t.clientId ? `app ${t.clientId}` : '',
    `${t.cloud} cloud`,
    t.protocols.length ? t.protocols.join(', ') : 'no protocol',
    t.lab ? `lab scenario ${t.lab}` : '',
  ].filter(Boolean)
  const lines = wrap(visible(`o365doctor ${report.tool.version}: ${who.join(' · ')}`), options.width)
  lines[0] = paint('o365doctor', 'bold') + lines[0]!.slice('o365doctor'.length)
  return [...lines, paint(`Started ${visible(report.startedAt)}, took ${formatDuration(report.durationMs)}.`, 'dim')]
}

function causeBlock(cause: Cause, index: number, options: TableOptions): string[] {
  const paint = painter(options.color)
  const width = options.width
  const number = `${index + 1}. `
  const pad = ' '.repeat(number.length)
  // Wrap plain text first, then paint whole lines: an escape code must never be cut in two.
  const severity = SEVERITY_LABEL[cause.severity]
  const title = wrap(`${severity}: ${visible(cause.summary)}`, width, pad, number)
  const lines = title.map((line, i) =>
    i === 0
      ? number + paint(severity, ...SEVERITY_PAINT[cause.severity]) + paint(line.slice(number.length + severity.length), 'bold')
      : paint(line, 'bold'),
  )
  const facts = [cause.id, CONFIDENCE_LABEL[cause.confidence]]
  if (cause.checks.length) facts.push(`seen in ${cause.checks.join(', ')}`)
  lines.push(...wrap(visible(facts.join(' · ')), width, pad).map((l) => paint(l, 'dim')))
  lines.push('', ...wrap(visible(cause.explanation), width, pad))
  if (cause.candidates?.length)
    lines.push(...wrap(visible(`The evidence cannot yet rule out: ${cause.candidates.join(', ')}.`), width, pad))
  if (cause.remediation.steps.length) {
    lines.push('', `${pad}${paint('What to do:', 'bold')}`)
    cause.remediation.steps.forEach((step, i) => {
      const n = `${pad}  ${i + 1}. `
      lines.push(...wrap(visible(step), width, ' '.repeat(n.length), n))
    })
  }
  if (cause.remediation.powershell.length) {
    lines.push('', `${pad}${paint('PowerShell:', 'bold')}`)
    // Never wrapped: a wrapped cmdlet pasted into a shell runs half a command.
    for (const command of cause.remediation.powershell)
      for (const line of visible(command).split('\n')) lines.push(`${pad}  ${paint(line, 'cyan')}`)
  }
  if (cause.docs.length) {
    lines.push('')
    // URLs are not wrapped either, so terminals keep them clickable.
    for (const doc of cause.docs) lines.push(`${pad}Docs: ${visible(doc)}`)
  }
  if (options.verbose && cause.evidence) {
    lines.push('', `${pad}${paint('Evidence:', 'bold')}`)
    for (const [key, value] of Object.entries(cause.evidence))
      lines.push(...wrap(visible(`${key}: ${stringify(value)}`), width, `${pad}    `, `${pad}  `).map((l) => paint(l, 'dim')))
  }
  return lines
}

function transcripts(report: Report, options: TableOptions): string[] {
  const lines: string[] = []
  for (const check of report.checks) {
    if (!check.transcript?.length) continue
    lines.push('', painter(options.color)(`Transcript of ${visible(check.id)}:`, 'bold'))
    for (const entry of check.transcript) {
      const prefix = `  ${formatDuration(entry.t).padStart(7)} ${visible(entry.dir).padEnd(2)} `
      lines.push(...wrap(visible(entry.text), options.width, ' '.repeat(prefix.length), prefix))
    }
  }
  return lines
}

export function renderTable(report: Report, options: TableOptions): string {
  const paint = painter(options.color)
  const causes = rankCauses(report.causes)
  const lines = [...header(report, options), '', checksTable(report, options), ...wrap(countsLine(report), options.width)]
  if (options.verbose) lines.push(...transcripts(report, options))
  lines.push('')
  if (causes.length === 0) lines.push(`${paint('Diagnosis:', 'bold')} nothing to fix.`)
  else {
    lines.push(paint(`Diagnosis: ${causes.length === 1 ? '1 cause' : `${causes.length} causes`}, most pressing first`, 'bold'))
    for (const [i, cause] of causes.entries()) lines.push('', ...causeBlock(cause, i, options))
  }
  lines.push('')
  const unexplained = unexplainedSentence(report)
  if (unexplained) lines.push(...wrap(visible(unexplained), options.width).map((l) => paint(l, 'magenta')), '')
  const verdict = `${VERDICT_SYMBOL[report.verdict]} ${verdictSentence(report, options.failOn ?? 'error')}`
  lines.push(...wrap(verdict, options.width).map((l) => paint(l, ...VERDICT_PAINT[report.verdict])))
  return lines.join('\n') + '\n'
}
