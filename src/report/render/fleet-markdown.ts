// Markdown for a fleet run (a CI job summary, a ticket): the verdict, a summary table (one row per target, worst
// first), then one section per target in the same order, each the single-target Markdown one heading level down.
// Escaped as the single-target renderer escapes: a target's name or a server's reply cannot break the table.

import type {FleetRun, FleetTargetResult} from '../../fleet/types.js'
import {worstFirst} from '../../fleet/plan.js'
import type {FailOn} from '../build-report.js'
import {fleetCountsLine, fleetScopeLine, fleetSharedLine, fleetVerdictSentence, gistLead, targetGist} from './fleet-labels.js'
import {mdBlock, mdCell, mdCode, mdText, renderMarkdown} from './markdown.js'
import {append, formatDuration} from './text.js'

const OUTCOME_ICON: Record<FleetTargetResult['outcome'], string> = {'fail': '❌', 'incomplete': '💥', 'input-error': '🚫', 'warn': '⚠️', 'pass': '✅'}

function summaryRow(t: FleetTargetResult, position: number): string {
  const gist = targetGist(t)
  const ids = gist.ids.length ? gistLead(t.outcome) + gist.ids.map((id) => mdCode(id, true)).join(', ') : ''
  const what = [ids, gist.hint ? mdCell(gist.hint) : ''].filter(Boolean).join('<br>')
  const mailbox = t.report?.target.mailbox ? mdCode(t.report.target.mailbox, true) : ''
  return `| ${position}. ${OUTCOME_ICON[t.outcome]} ${t.outcome} | ${mdCell(t.name)} | ${mailbox} | ${what} | ${formatDuration(t.durationMs)} |`
}

export function renderFleetMarkdown(run: FleetRun, failOn: FailOn): string {
  const ordered = worstFirst(run.targets)
  const worst = ordered[0]?.outcome ?? 'pass'
  const lines: string[] = [
    `# ${OUTCOME_ICON[worst]} ${mdText(fleetVerdictSentence(run, failOn))}`,
    '',
    mdBlock(`o365doctor ${run.tool.version} · fleet · started ${run.startedAt}`),
    '',
    mdBlock(`${fleetScopeLine(run)}. ${fleetSharedLine(run)}.`),
    '',
    mdBlock(fleetCountsLine(run)),
    '',
    '| Outcome | Target | Mailbox | Why, and what to do first | Time |',
    '| --- | --- | --- | --- | ---: |',
  ]
  for (const [i, t] of ordered.entries()) lines.push(summaryRow(t, i + 1))
  for (const [i, t] of ordered.entries()) {
    lines.push('', `## ${i + 1}. ${OUTCOME_ICON[t.outcome]} ${mdText(t.name)}`, '')
    if (t.report) append(lines, renderMarkdown(t.report, {failOn, headingShift: 1}).trimEnd().split('\n'))
    else lines.push(`Not checked: ${mdText(t.inputError ?? 'the settings are unusable')}`)
  }
  return lines.join('\n') + '\n'
}
