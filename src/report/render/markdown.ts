// Markdown for CI job summaries and PR comments (GitHub-flavoured): verdict, checks table, causes with steps and
// PowerShell. Report text is escaped so a server's reply cannot turn into markup, HTML or a broken table.

import type {Cause} from '../../core/cause.js'
import {type FailOn} from '../build-report.js'
import type {Report, ReportCause} from '../../core/report.js'
import type {CheckStatus} from '../../core/check.js'
import {gateLines} from './gate-lines.js'
import {CONFIDENCE_LABEL, countsLine, SEVERITY_LABEL, statusDetail, unexplainedSentence, verdictSentence} from './labels.js'
import {append, formatDuration, visible} from './text.js'

export interface MarkdownOptions {
  failOn?: FailOn
  /** Levels added to every heading: a fleet puts each report one level under its target's heading. Default 0. */
  headingShift?: number
}

const STATUS_ICON: Record<CheckStatus, string> = {pass: '✅', warn: '⚠️', fail: '❌', skip: '⏭️', error: '💥'}
export const VERDICT_ICON: Record<Report['verdict'], string> = {pass: '✅', warn: '⚠️', fail: '❌', incomplete: '💥'}
const SEVERITY_ICON: Record<Cause['severity'], string> = {error: '🔴', warning: '🟠', info: '🔵'}

/**
 * The punctuation that means something to CommonMark/GFM anywhere is backslash-escaped. `(`, `)` and `!` only
 * matter next to `[`/`]`, which are escaped, and `-`, `+`, `#` only at a line start (see mdBlock), so they stay
 * readable in the raw Markdown.
 */
function escapeInline(value: string): string {
  return visible(value).replace(/[\\`*_{}[\]<>|~&]/g, (ch) => `\\${ch}`)
}

/** Text inside a line (a heading, a list item): newlines become spaces. */
export function mdText(value: string): string {
  return escapeInline(value).replace(/\r?\n/g, ' ')
}

/** A paragraph: newlines kept, and a line that would start a heading, list or rule gets its mark escaped. */
export function mdBlock(value: string): string {
  return escapeInline(value).replace(/^(\s*)([-+#=]|\d+(?=[.)]))/gm, (_, space: string, mark: string) => `${space}\\${mark}`)
}

/** A table cell: one line (a newline would end the row). */
export function mdCell(value: string): string {
  return escapeInline(value).replace(/\r?\n/g, '<br>')
}

/** A code span; in a table cell `|` still needs its backslash (GFM splits cells before inline parsing). */
export function mdCode(value: string, inTable = false): string {
  const text = visible(value).replace(/\r?\n/g, ' ')
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  const span = `${fence}${pad}${text}${pad}${fence}`
  return inTable ? span.replace(/\|/g, '\\|') : span
}

/** A fenced block longer than any backtick run inside (PowerShell's escape character is the backtick). */
function mdFence(lang: string, lines: string[]): string[] {
  const body = lines.map(visible)
  const longest = Math.max(0, ...body.flatMap((l) => l.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return [fence + lang, ...body, fence]
}

function causeSection(cause: ReportCause, index: number, hashes: string): string[] {
  const facts = [mdCode(cause.id), SEVERITY_LABEL[cause.severity].toLowerCase(), mdText(CONFIDENCE_LABEL[cause.confidence])]
  if (cause.checks.length) facts.push(`seen in ${cause.checks.map((c) => mdCode(c)).join(', ')}`)
  const lines = [
    `${hashes}# ${index + 1}. ${SEVERITY_ICON[cause.severity]} ${mdText(cause.summary)}`,
    '',
    facts.join(' · '),
    '',
    mdBlock(cause.explanation),
  ]
  if (cause.waived)
    lines.splice(4, 0, `**Waived** until ${mdText(cause.waived.expires)}: ${mdText(cause.waived.reason)} (not counted in the verdict)`, '')
  if (cause.candidates?.length)
    lines.push('', `The evidence cannot yet rule out: ${cause.candidates.map((c) => mdCode(c)).join(', ')}.`)
  if (cause.remediation.steps.length)
    lines.push('', '**What to do**', '', ...cause.remediation.steps.map((step, i) => `${i + 1}. ${mdText(step)}`))
  if (cause.remediation.powershell.length) lines.push('', ...mdFence('powershell', cause.remediation.powershell))
  if (cause.docs.length) lines.push('', ...cause.docs.map((doc) => `- Docs: <${visible(doc).replace(/[<>\s]/g, encodeURIComponent)}>`))
  return lines
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const t = report.target
  const target = [
    t.mailbox ? `mailbox ${mdCode(t.mailbox)}` : '',
    t.tenant ? `tenant ${mdCode(t.tenant)}` : '',
    t.clientId ? `app ${mdCode(t.clientId)}` : '',
    `${mdText(t.cloud)} cloud`,
    t.protocols.length ? mdText(t.protocols.join(', ')) : 'no protocol',
    t.lab ? `lab scenario ${mdCode(t.lab)}` : '',
  ].filter(Boolean)
  const hashes = '#'.repeat(2 + (options.headingShift ?? 0))
  const lines = [
    `${hashes} ${VERDICT_ICON[report.verdict]} ${mdText(verdictSentence(report, options.failOn ?? 'error'))}`,
    '',
    `o365doctor ${mdText(report.tool.version)} · ${target.join(' · ')} · ${mdText(report.startedAt)} · ${formatDuration(report.durationMs)}`,
  ]
  const unexplained = unexplainedSentence(report)
  if (unexplained) lines.push('', `> **${mdText(unexplained)}**`)
  lines.push('', '| Status | Check | Time | Result |', '| --- | --- | ---: | --- |')
  for (const check of report.checks) {
    const detail = statusDetail(check)
    const result = mdCell(check.summary) + (detail ? `<br>*${mdCell(detail)}*` : '')
    lines.push(
      `| ${STATUS_ICON[check.status]} ${check.status} | ${mdCell(check.title)}<br>${mdCode(check.id, true)} | ${formatDuration(check.durationMs)} | ${result} |`,
    )
  }
  lines.push('', mdBlock(countsLine(report)), '')
  const gate = gateLines(report)
  if (gate.length) lines.push('**Gate**', '', ...gate.map((l) => `- ${mdText(l)}`), '')
  const causes = report.causes // ranked once, by the diagnosis
  if (causes.length === 0) lines.push('No cause to fix.')
  else {
    lines.push(`Diagnosis, most pressing first:`)
    for (const [i, cause] of causes.entries()) append(lines, ['', ...causeSection(cause, i, hashes)])
  }
  return lines.join('\n') + '\n'
}
