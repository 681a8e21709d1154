// One self-contained HTML file for tickets and CI artifacts: verdict first, then what to fix (with copyable
// PowerShell), then the gate's extras (waivers, drift, wait), then the checks by group, with evidence and redacted
// transcripts folded away. No script, no external style, font or image: a Content-Security-Policy of
// `default-src 'none'` makes sure a viewer fetches nothing even if some text slipped through as markup.
// Every piece of report text goes through `esc` (server replies are hostile).

import {type FailOn} from '../build-report.js'
import {rankCauses} from '../../core/cause.js'
import type {CheckStatus} from '../../core/check.js'
import type {CheckReport, Report, ReportCause} from '../../core/report.js'
import {gateLines} from './gate-lines.js'
import {CONFIDENCE_LABEL, countsLine, SEVERITY_LABEL, STATUS_LABEL, statusDetail, unexplainedSentence, verdictSentence} from './labels.js'
import {formatDuration, visible} from './text.js'

export interface HtmlOptions {
  failOn?: FailOn
}

/** Text content and attribute values alike: control characters made visible, then the five HTML specials. */
export function esc(value: string): string {
  return visible(value).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}

/** Only http(s) links become links; anything else (javascript:, data:) stays text. */
function docLink(url: string): string {
  return /^https?:\/\/[^\s"'<>]+$/i.test(url) ? `<a href="${esc(url)}" rel="noreferrer noopener">${esc(url)}</a>` : esc(url)
}

const GROUPS: {title: string; match: (id: string) => boolean}[] = [
  {title: 'Settings', match: (id) => id.startsWith('config.')},
  {title: 'Token', match: (id) => id.startsWith('token.')},
  {title: 'Microsoft Graph', match: (id) => id.startsWith('graph.')},
  {title: 'Mail (SMTP, IMAP, POP)', match: (id) => /^(smtp|imap|pop|exchange)\./.test(id)},
]

function groupOf(id: string): string {
  return GROUPS.find((g) => g.match(id))?.title ?? 'Other'
}

/** The one stylesheet (inline: the CSP allows nothing else); the fleet page adds its own few rules after it. */
export const CSS = `
:root{--fail:#b3261e;--warn:#8a5a00;--pass:#1e6b2e;--info:#1f4e8c;--muted:#555;--line:#ccc}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#111;margin:0 auto;max-width:1100px;padding:1.5rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin:1.6rem 0 .5rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:.2rem 0 .4rem}
.verdict{border:3px solid;border-radius:6px;padding:.8rem 1rem}
.verdict.fail{border-color:var(--fail);color:var(--fail)}.verdict.warn{border-color:var(--warn);color:var(--warn)}
.verdict.pass{border-color:var(--pass);color:var(--pass)}.verdict.incomplete{border-color:var(--info);color:var(--info)}
.verdict p{margin:.2rem 0;color:#111}
.meta,.facts{color:var(--muted);font-size:.9rem}
.notice{border-left:4px solid var(--fail);padding:.4rem .8rem;background:#fff4f2}
.cause{border:1px solid var(--line);border-left:6px solid var(--info);border-radius:4px;padding:.6rem 1rem;margin:.8rem 0;break-inside:avoid}
.cause.error{border-left-color:var(--fail)}.cause.warning{border-left-color:var(--warn)}
.cause.waived{opacity:.8;border-left-style:dashed}
.badge{display:inline-block;font-size:.75rem;font-weight:700;padding:.05rem .4rem;border-radius:3px;border:1px solid;margin-right:.3rem}
.explanation,.pre-text{white-space:pre-wrap}
pre{background:#f4f4f4;border:1px solid var(--line);padding:.6rem;overflow-x:auto;white-space:pre;margin:.3rem 0}
pre code{user-select:all;font:13px/1.4 ui-monospace,Consolas,"Liberation Mono",monospace}
code{font-family:ui-monospace,Consolas,"Liberation Mono",monospace;font-size:.9em}
table{border-collapse:collapse;width:100%;margin:.3rem 0;table-layout:fixed}
th:nth-child(1){width:7rem}th:nth-child(2){width:32%}th:nth-child(3){width:5.5rem}
td{overflow-wrap:anywhere}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}
td.status{white-space:nowrap;font-weight:700}
tr.fail td.status,tr.error td.status{color:var(--fail)}tr.warn td.status{color:var(--warn)}tr.pass td.status{color:var(--pass)}
tr.skip td.status{color:var(--muted)}
td.time{text-align:right;white-space:nowrap}
details{margin:.3rem 0}summary{cursor:pointer;color:var(--info)}
.transcript{font-size:12px}
@media print{
 body{max-width:none;padding:0;font-size:11pt}
 .cause,.verdict,table,pre{break-inside:avoid}
 pre{white-space:pre-wrap;word-break:break-all}
 a[href]::after{content:" (" attr(href) ")";font-size:.8em;color:var(--muted)}
 details>summary{list-style:none}
}
`

/**
 * Where one report's body sits in a page: alone (headings from h1, ids as they are) or as a section of a fleet page
 * (headings one level down, ids prefixed so every target's `#cause-1` stays unique).
 */
export interface BodyLayout {
  /** Added to every heading level. */
  shift: number
  /** Put before every id the body defines. */
  idPrefix: string
}

const ALONE: BodyLayout = {shift: 0, idPrefix: ''}

const heading = (level: number, layout: BodyLayout) => `h${level + layout.shift}`

function causeBlock(cause: ReportCause, index: number, layout: BodyLayout): string {
  const h3 = heading(3, layout)
  const h4 = heading(4, layout)
  const facts = [
    `<code>${esc(cause.id)}</code>`,
    esc(SEVERITY_LABEL[cause.severity].toLowerCase()),
    esc(CONFIDENCE_LABEL[cause.confidence]),
  ]
  if (cause.checks.length) facts.push(`seen in ${cause.checks.map((c) => `<code>${esc(c)}</code>`).join(', ')}`)
  const parts = [
    `<section class="cause ${esc(cause.severity)}${cause.waived ? ' waived' : ''}" id="${esc(layout.idPrefix)}cause-${index + 1}">`,
    `<${h3}>${index + 1}. <span class="badge">${esc(SEVERITY_LABEL[cause.severity])}</span>${cause.waived ? '<span class="badge">WAIVED</span>' : ''}${esc(cause.summary)}</${h3}>`,
    `<p class="facts">${facts.join(' · ')}</p>`,
  ]
  if (cause.waived)
    parts.push(`<p><strong>Waived until ${esc(cause.waived.expires)}:</strong> ${esc(cause.waived.reason)} (does not count toward the verdict)</p>`)
  parts.push(`<p class="explanation">${esc(cause.explanation)}</p>`)
  if (cause.candidates?.length)
    parts.push(`<p>The evidence cannot yet rule out: ${cause.candidates.map((c) => `<code>${esc(c)}</code>`).join(', ')}.</p>`)
  if (cause.remediation.steps.length)
    parts.push(`<${h4}>What to do</${h4}>`, `<ol>${cause.remediation.steps.map((s) => `<li>${esc(s)}</li>`).join('')}</ol>`)
  if (cause.remediation.powershell.length)
    parts.push(`<${h4}>PowerShell</${h4}>`, `<pre><code class="powershell">${esc(cause.remediation.powershell.join('\n'))}</code></pre>`)
  if (cause.docs.length) parts.push(`<p>Docs: ${cause.docs.map(docLink).join(' · ')}</p>`)
  if (cause.evidence && Object.keys(cause.evidence).length)
    parts.push(`<details><summary>Evidence</summary><pre>${esc(JSON.stringify(cause.evidence, null, 2))}</pre></details>`)
  parts.push('</section>')
  return parts.join('\n')
}

function checkRow(check: CheckReport): string {
  const detail = statusDetail(check)
  const result = esc(check.summary) + (detail ? `<br><em>${esc(detail)}</em>` : '')
  const causes = check.causes.length ? `<br><span class="facts">causes: ${check.causes.map((c) => `<code>${esc(c)}</code>`).join(', ')}</span>` : ''
  return (
    `<tr class="${esc(check.status)}"><td class="status">${esc(STATUS_LABEL[check.status as CheckStatus])}</td>` +
    `<td>${esc(check.title)}<br><code>${esc(check.id)}</code></td><td class="time">${esc(formatDuration(check.durationMs))}</td>` +
    `<td>${result}${causes}</td></tr>`
  )
}

function checksSection(report: Report, layout: BodyLayout): string {
  const [h2, h3, h4] = [2, 3, 4].map((level) => heading(level, layout))
  const groups = new Map<string, CheckReport[]>()
  for (const check of report.checks) {
    const g = groupOf(check.id)
    groups.set(g, [...(groups.get(g) ?? []), check])
  }
  const order = [...GROUPS.map((g) => g.title), 'Other'].filter((g) => groups.has(g))
  const parts = [`<${h2}>Checks</${h2}>`, `<p class="meta">${esc(countsLine(report))}</p>`]
  for (const title of order) {
    parts.push(
      `<${h3}>${esc(title)}</${h3}>`,
      '<table><thead><tr><th>Status</th><th>Check</th><th>Time</th><th>Result</th></tr></thead><tbody>',
      ...groups.get(title)!.map(checkRow),
      '</tbody></table>',
    )
  }
  const withEvidence = report.checks.filter((c) => c.evidence && Object.keys(c.evidence).length)
  if (withEvidence.length) {
    parts.push(
      '<details><summary>Evidence of each check</summary>',
      ...withEvidence.map((c) => `<${h4}><code>${esc(c.id)}</code></${h4}><pre>${esc(JSON.stringify(c.evidence, null, 2))}</pre>`),
      '</details>',
    )
  }
  for (const check of report.checks) {
    if (!check.transcript?.length) continue
    const lines = check.transcript.map((e) => `${formatDuration(e.t).padStart(7)} ${e.dir.padEnd(2)} ${e.text}`)
    parts.push(`<details class="transcript"><summary>Transcript of <code>${esc(check.id)}</code> (redacted)</summary><pre>${esc(lines.join('\n'))}</pre></details>`)
  }
  return parts.join('\n')
}

function targetLine(report: Report): string {
  const t = report.target
  const bits = [
    t.mailbox ? `mailbox <code>${esc(t.mailbox)}</code>` : '',
    t.tenant ? `tenant <code>${esc(t.tenant)}</code>` : '',
    t.clientId ? `app <code>${esc(t.clientId)}</code>` : '',
    `${esc(t.cloud)} cloud`,
    t.protocols.length ? esc(t.protocols.join(', ')) : 'no protocol',
    t.lab ? `lab scenario <code>${esc(t.lab)}</code>` : '',
    t.product ? `product ${esc(t.product.name)}` : '',
  ].filter(Boolean)
  return `o365doctor ${esc(report.tool.version)} · ${bits.join(' · ')} · ${esc(report.startedAt)} · ${esc(formatDuration(report.durationMs))}`
}

/** One report's body: verdict, gate, diagnosis, checks. Every piece of report text goes through `esc`. */
export function reportBody(report: Report, failOn: FailOn, layout: BodyLayout = ALONE): string[] {
  const [h1, h2] = [1, 2].map((level) => heading(level, layout))
  const verdict = verdictSentence(report, failOn)
  const causes = rankCauses(report.causes)
  const body: string[] = [
    `<header class="verdict ${esc(report.verdict)}" id="${esc(layout.idPrefix)}verdict">`,
    `<${h1}>${esc(verdict)}</${h1}>`,
    `<p class="meta">${targetLine(report)}</p>`,
    '</header>',
  ]
  const unexplained = unexplainedSentence(report)
  if (unexplained) body.push(`<p class="notice"><strong>${esc(unexplained)}</strong></p>`)
  const gate = gateLines(report)
  if (gate.length) body.push(`<${h2}>Gate</${h2}>`, `<ul>${gate.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`)
  body.push(`<${h2}>Diagnosis</${h2}>`)
  if (causes.length === 0) body.push('<p>No cause to fix.</p>')
  else body.push(`<p class="meta">Most pressing first.</p>`, ...causes.map((cause, i) => causeBlock(cause, i, layout)))
  body.push(checksSection(report, layout))
  return body
}

/** The page around a body: the CSP that lets a viewer fetch and run nothing, the inline style, the title. */
export function htmlPage(title: string, body: readonly string[], extraCss = ''): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Nothing may be fetched or run; only the inline style below applies.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}${extraCss}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const title = `o365doctor: ${report.verdict.toUpperCase()}${report.target.mailbox ? ` for ${report.target.mailbox}` : ''}`
  return htmlPage(title, reportBody(report, options.failOn ?? 'error'))
}
