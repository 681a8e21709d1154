// One self-contained HTML file for a fleet run: the verdict, a summary table (one row per target, worst first)
// whose names link to one section per target, each section the single-target body (reportBody) one heading level
// down with its ids prefixed `t<index>-` so every anchor stays unique. Same CSP and print styles as html.ts.

import type {FleetRun, FleetTargetResult} from '../../fleet/types.js'
import {worstFirst} from '../../fleet/plan.js'
import type {FailOn} from '../build-report.js'
import {fleetCountsLine, fleetScopeLine, fleetSharedLine, fleetVerdictSentence, gistLead, OUTCOME_LABEL, targetGist} from './fleet-labels.js'
import {esc, htmlPage, reportBody} from './html.js'
import {append, formatDuration} from './text.js'

// The summary table has its own columns; the check tables' fixed widths (html.ts) do not apply to it.
const FLEET_CSS = `
table.fleet th:nth-child(n){width:auto}
table.fleet th:nth-child(1){width:9rem}table.fleet th:nth-child(5){width:5.5rem}
tr.o-fail td.status,tr.o-input-error td.status{color:var(--fail)}tr.o-incomplete td.status{color:var(--info)}
tr.o-warn td.status{color:var(--warn)}tr.o-pass td.status{color:var(--pass)}
section.target{border-top:2px solid var(--line);margin-top:2rem}
.verdict.input-error{border-color:var(--fail);color:var(--fail)}
@media print{section.target{break-before:page}}
`

/** A target's anchor: its position in the targets file, which is unique and stable (names need not be). */
const anchor = (t: FleetTargetResult) => `t${t.index}`

function summaryRow(t: FleetTargetResult): string {
  const gist = targetGist(t)
  const ids = gist.ids.length ? gistLead(t.outcome) + gist.ids.map((id) => `<code>${esc(id)}</code>`).join(', ') : ''
  const what = [ids, gist.hint ? esc(gist.hint) : ''].filter(Boolean).join('<br>')
  const mailbox = t.report?.target.mailbox ? `<code>${esc(t.report.target.mailbox)}</code>` : ''
  return (
    `<tr class="o-${t.outcome}"><td class="status">${esc(OUTCOME_LABEL[t.outcome])}</td>` +
    `<td><a href="#${anchor(t)}">${esc(t.name)}</a></td><td>${mailbox}</td><td>${what}</td>` +
    `<td class="time">${esc(formatDuration(t.durationMs))}</td></tr>`
  )
}

function targetSection(t: FleetTargetResult, failOn: FailOn): string[] {
  const head = `<h2>${esc(t.name)} <span class="badge">${esc(OUTCOME_LABEL[t.outcome])}</span></h2>`
  const out = [`<section class="target" id="${anchor(t)}">`, head]
  if (t.report) append(out, reportBody(t.report, failOn, {shift: 1, idPrefix: `${anchor(t)}-`}))
  else out.push(`<p class="notice"><strong>Not checked: ${esc(t.inputError ?? 'the settings are unusable')}</strong></p>`)
  out.push('<p class="meta"><a href="#summary">Back to the summary</a></p>', '</section>')
  return out
}

export function renderFleetHtml(run: FleetRun, failOn: FailOn): string {
  const ordered = worstFirst(run.targets)
  const worst = ordered[0]?.outcome ?? 'pass'
  const verdict = fleetVerdictSentence(run, failOn)
  const body: string[] = [
    `<header class="verdict ${worst}" id="summary">`,
    `<h1>${esc(verdict)}</h1>`,
    `<p class="meta">o365doctor ${esc(run.tool.version)} · fleet · started ${esc(run.startedAt)}</p>`,
    `<p class="meta">${esc(`${fleetScopeLine(run)}. ${fleetSharedLine(run)}.`)}</p>`,
    `<p>${esc(fleetCountsLine(run))}</p>`,
    '</header>',
    '<table class="fleet"><thead><tr><th>Outcome</th><th>Target</th><th>Mailbox</th><th>Why, and what to do first</th><th>Time</th></tr></thead><tbody>',
  ]
  for (const t of ordered) body.push(summaryRow(t))
  body.push('</tbody></table>')
  for (const t of ordered) append(body, targetSection(t, failOn))
  return htmlPage(`o365doctor fleet: ${worst.toUpperCase()}, ${run.targets.length} targets`, body, FLEET_CSS)
}
