// Words shared by the human renderers, so the table and Markdown say the same thing.

import type {Confidence, Severity} from '../../core/cause.js'
import {exitCodeFor, unexplainedChecks, type FailOn} from '../build-report.js'
import type {CheckReport, Report, Verdict} from '../../core/report.js'
import type {CheckStatus} from '../../core/check.js'
import {isWaivedCheck} from './gate-lines.js'
import type {GridChars} from './grid.js'
import {plural, type Paint} from './text.js'

/** The word always travels with the symbol: meaning never rests on a glyph or a colour. */
export const STATUS_LABEL: Record<CheckStatus, string> = {
  pass: '✓ PASS',
  warn: '! WARN',
  fail: '✗ FAIL',
  skip: '- SKIP',
  error: '‼ ERROR',
}

/** The same words without glyphs, for terminals that cannot show them (`--ascii`). */
export const ASCII_STATUS_LABEL: Record<CheckStatus, string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  skip: 'SKIP',
  error: 'ERROR',
}

/** Every non-ASCII character the terminal renderer adds itself; report text keeps its own characters. */
export interface Glyphs {
  status: Record<CheckStatus, string>
  verdict: Record<Verdict, string>
  /** Between facts on one line. */
  sep: string
  ellipsis: string
  /** Table borders (an empty object keeps the box-drawing default). */
  tableChars: Partial<GridChars>
}

const UNICODE: Glyphs = {
  status: STATUS_LABEL,
  verdict: {pass: '✓', warn: '!', fail: '✗'},
  sep: ' · ',
  ellipsis: '…',
  tableChars: {},
}

const ASCII: Glyphs = {
  status: ASCII_STATUS_LABEL,
  verdict: {pass: '+', warn: '!', fail: 'x'},
  sep: ' - ',
  ellipsis: '...',
  tableChars: {
    top: '-', 'top-mid': '+', 'top-left': '+', 'top-right': '+',
    bottom: '-', 'bottom-mid': '+', 'bottom-left': '+', 'bottom-right': '+',
    left: '|', 'left-mid': '+', mid: '-', 'mid-mid': '+', right: '|', 'right-mid': '+', middle: '|',
  },
}

export function glyphs(ascii = false): Glyphs {
  return ascii ? ASCII : UNICODE
}

export const STATUS_PAINT: Record<CheckStatus, Paint[]> = {
  pass: ['green'],
  warn: ['yellow', 'bold'],
  fail: ['red', 'bold'],
  skip: ['gray'],
  error: ['magenta', 'bold'],
}
export const SEVERITY_PAINT: Record<Severity, Paint[]> = {error: ['red', 'bold'], warning: ['yellow', 'bold'], info: ['blue']}
export const VERDICT_PAINT: Record<Verdict, Paint[]> = {pass: ['green', 'bold'], warn: ['yellow', 'bold'], fail: ['red', 'bold']}

export const SEVERITY_LABEL: Record<Severity, string> = {error: 'ERROR', warning: 'WARNING', info: 'INFO'}

export const CONFIDENCE_LABEL: Record<Confidence, string> = {
  certain: 'certain: the evidence proves it',
  likely: 'likely',
  possible: 'possible: one of several candidates',
}

/** The line under a check's summary that says why it did not run or what crashed. */
export function statusDetail(check: CheckReport): string | undefined {
  if (check.status === 'skip' && check.skippedBecause?.length)
    return `skipped: needs ${check.skippedBecause.join(', ')}, which did not pass`
  if (check.status === 'error' && check.error) return `crashed: ${check.error.name}: ${check.error.message}`
  return undefined
}

export function countsLine(report: Report, sep = ' · '): string {
  const s = report.summary
  const waived = report.checks.filter((c) => isWaivedCheck(report, c)).length
  return [
    plural(s.pass, 'check') + ' passed',
    plural(s.warn, 'warning'),
    `${s.fail} failed${waived ? ` (${waived} waived)` : ''}`,
    `${s.skip} skipped`,
    `${s.error} crashed`,
  ].join(sep)
}

/** Only the counts that are not zero: "15 passed · 4 failed". */
export function shortCounts(counts: Record<CheckStatus, number>, sep = ' · '): string {
  const words: [CheckStatus, string][] = [['pass', 'passed'], ['warn', 'warned'], ['fail', 'failed'], ['error', 'crashed'], ['skip', 'skipped']]
  return words.filter(([status]) => counts[status] > 0).map(([status, word]) => `${counts[status]} ${word}`).join(sep)
}

/** One sentence: the verdict, what it means, and the exit code the command will return. */
export function verdictSentence(report: Report, failOn: FailOn): string {
  const code = exitCodeFor(report, failOn)
  // Waived causes are listed but do not count.
  const counted = report.causes.filter((c) => !c.waived)
  const errors = counted.filter((c) => c.severity === 'error').length
  const warnings = counted.filter((c) => c.severity === 'warning').length
  const waived = report.causes.length - counted.length
  const waivedNote = waived ? ` ${plural(waived, 'waived cause')} not counted.` : ''
  if (failOn === 'new') {
    const added = report.drift?.new.length ?? 0
    return `${report.verdict.toUpperCase()}: ${plural(errors, 'problem')}, ${plural(warnings, 'warning')};${waivedNote} ` +
      `${plural(added, 'cause')} new since the baseline. Exit code ${code} (--fail-on new).`
  }
  switch (report.verdict) {
    case 'fail':
      return `FAIL: ${plural(errors, 'problem')} stop${errors === 1 ? 's' : ''} mail from working.${waivedNote} Exit code ${code}.`
    case 'warn':
      return (
        `WARN: no blocking problem found, but ${plural(warnings, 'warning')} need${warnings === 1 ? 's' : ''} attention.${waivedNote} ` +
        (failOn === 'warn' ? `Exit code ${code} (--fail-on warn).` : `Exit code ${code} (1 with --fail-on warn).`)
      )
    case 'pass':
      return `PASS: no problem found${report.summary.skip || report.summary.error ? ' in the checks that ran' : ''}.${waivedNote} Exit code ${code}.`
  }
}

/** Said before the verdict when some checks crashed or failed without a cause: the verdict cannot cover them. */
export function unexplainedSentence(report: Report): string | undefined {
  const checks = unexplainedChecks(report)
  if (checks.length === 0) return undefined
  const crashed = checks.filter((c) => c.status === 'error').map((c) => c.id)
  const failed = checks.filter((c) => c.status === 'fail').map((c) => c.id)
  const parts = [
    crashed.length ? `${crashed.join(', ')} crashed` : '',
    failed.length ? `${failed.join(', ')} failed with no diagnosis` : '',
  ].filter(Boolean)
  return (
    `Not covered by the verdict: ${parts.join('; ')}. ` +
    'Run again with --verbose and attach the --json report to the ticket.'
  )
}
