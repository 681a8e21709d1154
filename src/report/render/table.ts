// The terminal rendering. By default the short form of summary.ts (what is wrong, then one line per area); with
// `all` or `verbose`, every check in a table, then the diagnosis, then the verdict. Written for someone tired at
// 2 a.m.: what is wrong, how we know, what to type. Pure: everything it depends on arrives in `options`.

import type {Cause} from '../../core/cause.js'
import {type FailOn} from '../build-report.js'
import type {CheckReport, Report, ReportCause} from '../../core/report.js'
import {gateLines} from './gate-lines.js'
import {
  CONFIDENCE_LABEL,
  countsLine,
  glyphs,
  SEVERITY_LABEL,
  SEVERITY_PAINT,
  STATUS_PAINT,
  statusDetail,
  unexplainedSentence,
  VERDICT_PAINT,
  verdictSentence,
} from './labels.js'
import {drawGrid} from './grid.js'
import {renderSummary} from './summary.js'
import {append, clip, formatDuration, painter, type Paint, visible, wrap} from './text.js'

export interface TableOptions {
  /** The command decides (src/io/terminal-options.ts). */
  color: boolean
  /** Terminal columns to wrap to. */
  width: number
  /** No box-drawing and no glyphs: only ASCII added by the renderer. */
  ascii?: boolean
  /** Every check on its own row (implied by verbose). */
  all?: boolean
  /** Adds evidence, transcripts and cause evidence. */
  verbose?: boolean
  /** Only changes what the verdict line says about the exit code. */
  failOn?: FailOn
}

// Status and time columns are fixed; check and result share the rest (5 borders).
const STATUS_COL = 9
const TIME_COL = 8

function columnWidths(width: number): number[] {
  // Below ~52 columns the table stops shrinking and overflows rather than wrap every word.
  const room = Math.max(30, width - STATUS_COL - TIME_COL - 5)
  const check = Math.min(36, Math.max(14, Math.round(room * 0.38)))
  return [STATUS_COL, check, TIME_COL, room - check]
}

/** Evidence values come from outside: cut before layout (cli-table3's width calculation is super-linear). */
function stringify(value: unknown, ellipsis: string): string {
  return clip(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)), undefined, ellipsis)
}

function checksTable(report: Report, options: TableOptions): string {
  const paint = painter(options.color)
  const widths = columnWidths(options.width)
  // Cells are wrapped here, never cut: a word longer than its column (a host:port, a GUID) is split, not hidden.
  const head = ['Status', 'Check', 'Time', 'Result'].map((h) => [paint(h, 'bold')])
  const rows = report.checks.map((check) => checkRow(check, widths, options))
  return drawGrid(head, rows, {widths, aligns: ['left', 'left', 'right', 'left'], chars: glyphs(options.ascii).tableChars})
}

function checkRow(check: CheckReport, widths: number[], options: TableOptions): string[][] {
  const paint = painter(options.color)
  // Plain text is wrapped to the column (less its 2 padding), then painted line by line.
  const g = glyphs(options.ascii)
  const cell = (text: string, col: number, ...styles: Paint[]) =>
    wrap(visible(clip(text, undefined, g.ellipsis)), widths[col]! - 2, '', '', false).map((line) => paint(line, ...styles))
  const result = cell(check.summary, 3)
  const detail = statusDetail(check)
  // The runner's skip summary already names the needs: the reason is said once.
  if (detail && !(check.status === 'skip' && check.summary.startsWith('skipped'))) append(result, cell(detail, 3, ...STATUS_PAINT[check.status]))
  if (options.verbose && check.evidence)
    for (const [key, value] of Object.entries(check.evidence)) append(result, cell(`${key}: ${stringify(value, g.ellipsis)}`, 3, 'dim'))
  return [
    [paint(g.status[check.status], ...STATUS_PAINT[check.status])],
    [...cell(check.title, 1), ...cell(check.id, 1, 'dim')],
    [formatDuration(check.durationMs)],
    result,
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
  const lines = wrap(visible(`o365doctor ${report.tool.version}: ${who.join(glyphs(options.ascii).sep)}`), options.width)
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
  const g = glyphs(options.ascii)
  const facts = [cause.id, CONFIDENCE_LABEL[cause.confidence]]
  if (cause.checks.length) facts.push(`seen in ${cause.checks.join(', ')}`)
  append(lines, wrap(visible(facts.join(g.sep)), width, pad).map((l) => paint(l, 'dim')))
  const waived = (cause as ReportCause).waived
  if (waived) append(lines, wrap(visible(`WAIVED until ${waived.expires}: ${waived.reason} (not counted in the verdict)`), width, pad).map((l) => paint(l, 'yellow')))
  lines.push('')
  append(lines, wrap(visible(clip(cause.explanation, undefined, g.ellipsis)), width, pad))
  if (cause.candidates?.length)
    append(lines, wrap(visible(`The evidence cannot yet rule out: ${cause.candidates.join(', ')}.`), width, pad))
  if (cause.remediation.steps.length) {
    lines.push('', `${pad}${paint('What to do:', 'bold')}`)
    cause.remediation.steps.forEach((step, i) => {
      const n = `${pad}  ${i + 1}. `
      append(lines, wrap(visible(step), width, ' '.repeat(n.length), n))
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
      append(lines, wrap(visible(`${key}: ${stringify(value, g.ellipsis)}`), width, `${pad}    `, `${pad}  `).map((l) => paint(l, 'dim')))
  }
  return lines
}

function transcripts(report: Report, options: TableOptions): string[] {
  const ellipsis = glyphs(options.ascii).ellipsis
  const lines: string[] = []
  for (const check of report.checks) {
    if (!check.transcript?.length) continue
    lines.push('', painter(options.color)(`Transcript of ${visible(check.id)}:`, 'bold'))
    for (const entry of check.transcript) {
      const prefix = `  ${formatDuration(entry.t).padStart(7)} ${visible(entry.dir).padEnd(2)} `
      append(lines, wrap(visible(clip(entry.text, undefined, ellipsis)), options.width, ' '.repeat(prefix.length), prefix))
    }
  }
  return lines
}

export function renderTable(report: Report, options: TableOptions): string {
  if (!options.all && !options.verbose) return renderSummary(report, options)
  const paint = painter(options.color)
  const g = glyphs(options.ascii)
  const causes = report.causes // ranked once, by the diagnosis
  const lines = [...header(report, options), '', checksTable(report, options)]
  append(lines, wrap(countsLine(report, g.sep), options.width))
  if (options.verbose) append(lines, transcripts(report, options))
  lines.push('')
  if (causes.length === 0) lines.push(`${paint('Diagnosis:', 'bold')} nothing to fix.`)
  else {
    lines.push(paint(`Diagnosis: ${causes.length === 1 ? '1 cause' : `${causes.length} causes`}, most pressing first`, 'bold'))
    for (const [i, cause] of causes.entries()) {
      lines.push('')
      append(lines, causeBlock(cause, i, options))
    }
  }
  lines.push('')
  // The CI gate's extras (--waivers, --baseline, --wait), when given.
  const gate = gateLines(report)
  if (gate.length) lines.push(paint('Gate:', 'bold'), ...gate.flatMap((l) => wrap(visible(l), options.width, '    ', '  ')), '')
  const unexplained = unexplainedSentence(report)
  if (unexplained) {
    append(lines, wrap(visible(unexplained), options.width).map((l) => paint(l, 'magenta')))
    lines.push('')
  }
  const verdict = `${g.verdict[report.verdict]} ${verdictSentence(report, options.failOn ?? 'error')}`
  append(lines, wrap(verdict, options.width).map((l) => paint(l, ...VERDICT_PAINT[report.verdict])))
  return lines.join('\n') + '\n'
}
