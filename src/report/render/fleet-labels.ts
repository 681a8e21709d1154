// Words every fleet renderer shares, so the terminal, Markdown, HTML and JUnit say the same thing about a run:
// each outcome's label, the counts line, the one-sentence verdict with the exit code, and per target the cause IDs
// that matter and the one-line hint of what to do first.

import {rankCauses} from '../../core/cause.js'
import type {Report} from '../../core/report.js'
import type {FleetRun, FleetTargetResult} from '../../fleet/types.js'
import {type TargetOutcome, worstFirst} from '../../fleet/plan.js'
import type {FailOn} from '../build-report.js'
import {statusDetail, VERDICT_PAINT} from './labels.js'
import {formatDuration, type Paint, plural} from './text.js'

/** Worst first, as worstFirst ranks them: the order of every list of outcomes. */
export const OUTCOME_ORDER: readonly TargetOutcome[] = ['fail', 'incomplete', 'input-error', 'warn', 'pass']

/** The word always travels with the symbol, as STATUS_LABEL does for checks. */
export const OUTCOME_LABEL: Record<TargetOutcome, string> = {
  'fail': '✗ FAIL',
  'incomplete': '‼ INCOMPLETE',
  'input-error': '✗ BAD INPUT',
  'warn': '! WARN',
  'pass': '✓ PASS',
}

export const ASCII_OUTCOME_LABEL: Record<TargetOutcome, string> = {
  'fail': 'FAIL',
  'incomplete': 'INCOMPLETE',
  'input-error': 'BAD INPUT',
  'warn': 'WARN',
  'pass': 'PASS',
}

export const OUTCOME_PAINT: Record<TargetOutcome, Paint[]> = {...VERDICT_PAINT, 'input-error': ['red', 'bold']}

/** How the counts line names each outcome. */
const OUTCOME_WORD: Record<TargetOutcome, string> = {
  'fail': 'failed',
  'incomplete': 'incomplete',
  'input-error': 'with unusable settings',
  'warn': 'warned',
  'pass': 'passed',
}

export function outcomeCounts(run: Pick<FleetRun, 'targets'>): Record<TargetOutcome, number> {
  const counts: Record<TargetOutcome, number> = {'fail': 0, 'incomplete': 0, 'input-error': 0, 'warn': 0, 'pass': 0}
  for (const t of run.targets) counts[t.outcome]++
  return counts
}

/** "250 targets: 3 failed · 1 incomplete · 246 passed" (only the outcomes that occurred). */
export function fleetCountsLine(run: Pick<FleetRun, 'targets'>, sep = ' · '): string {
  const counts = outcomeCounts(run)
  const parts = OUTCOME_ORDER.filter((o) => counts[o] > 0).map((o) => `${counts[o]} ${OUTCOME_WORD[o]}`)
  return `${plural(run.targets.length, 'target')}${parts.length ? `: ${parts.join(sep)}` : ''}`
}

/** Which part of the targets file this run covered: "shard 2/4 of the 1000 targets in fleet.yaml". */
export function fleetScopeLine(run: FleetRun): string {
  return run.shard
    ? `Shard ${run.shard.index}/${run.shard.count} of the ${plural(run.totalTargets, 'target')} in ${run.targetsFile}`
    : `All ${plural(run.totalTargets, 'target')} in ${run.targetsFile}`
}

/** What the targets shared, and the run's time: "2 token requests and 2 Graph reads for 250 targets, in 1m 12s". */
export function fleetSharedLine(run: FleetRun): string {
  const shared = `${plural(run.shared.tokenRequests, 'token request')} and ${plural(run.shared.graphReads, 'Graph read')} for ${plural(run.targets.length, 'target')}`
  return `${shared}, in ${formatDuration(run.durationMs)}`
}

/** One sentence, in the words of the single-target verdict line: the worst outcome, how many, and the exit code. */
export function fleetVerdictSentence(run: FleetRun, failOn: FailOn): string {
  const counts = outcomeCounts(run)
  const worst = worstFirst(run.targets)[0]?.outcome ?? 'pass'
  const code = run.exitCode
  const n = (o: TargetOutcome) => plural(counts[o], 'target')
  switch (worst) {
    case 'fail':
      return `FAIL: ${n('fail')} ${counts.fail === 1 ? 'has a problem that stops' : 'have problems that stop'} mail from working. Exit code ${code}.`
    case 'incomplete':
      return `INCOMPLETE: ${n('incomplete')} did not finish (a check crashed or timed out), so the run cannot say mail works there. Exit code ${code}.`
    case 'input-error':
      return `BAD INPUT: ${n('input-error')} could not be checked: ${counts['input-error'] === 1 ? 'its settings are' : 'their settings are'} unusable. Exit code ${code}.`
    case 'warn':
      return (
        `WARN: no blocking problem found, but ${n('warn')} need${counts.warn === 1 ? 's' : ''} attention. ` +
        (failOn === 'warn' ? `Exit code ${code} (--fail-on warn).` : `Exit code ${code} (1 with --fail-on warn).`)
      )
    case 'pass':
      return run.targets.length === 0 ? `PASS: no target to check in this run. Exit code ${code}.` : `PASS: no problem found in ${n('pass')}. Exit code ${code}.`
  }
}

/** What a summary line says about one target: the cause IDs (or checks) behind its outcome, and what to do first. */
export interface TargetGist {
  /** Cause IDs for fail and warn; the checks that did not finish for incomplete; empty otherwise. */
  ids: string[]
  /** The first remediation step of the top cause, a crash message, or the input error. */
  hint?: string
}

/** How the IDs of a gist are introduced: checks that did not finish are not causes. */
export function gistLead(outcome: TargetOutcome): string {
  return outcome === 'incomplete' ? 'did not finish: ' : ''
}

export function targetGist(result: FleetTargetResult): TargetGist {
  if (result.outcome === 'input-error') return {ids: [], hint: result.inputError ?? 'the settings are unusable'}
  const report = result.report
  if (!report || result.outcome === 'pass') return {ids: []}
  if (result.outcome === 'incomplete') {
    const crashed = report.checks.filter((c) => c.status === 'error')
    return {ids: crashed.map((c) => c.id), hint: crashed[0] ? (statusDetail(crashed[0]) ?? crashed[0].summary) : undefined}
  }
  const severity = result.outcome === 'fail' ? 'error' : 'warning'
  const causes = rankCauses(report.causes).filter((c) => !c.waived && c.severity === severity)
  const top = causes[0]
  if (!top) return fallbackGist(report)
  return {ids: causes.map((c) => c.id), hint: top.remediation.steps[0] ?? top.summary}
}

/** A failing target whose causes do not say why (e.g. --fail-on new): the checks that failed. */
function fallbackGist(report: Report): TargetGist {
  const failed = report.checks.filter((c) => c.status === 'fail' || c.status === 'warn')
  return {ids: failed.map((c) => c.id), hint: failed[0]?.summary}
}
