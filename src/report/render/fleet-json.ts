// A fleet run as JSON: the whole FleetRun in one document (`json`), or JSON Lines (`jsonl`) for streaming and
// `jq -c`: one line per target in targets-file order, then one summary line. Every line is one object with a
// `kind` that tells the lines apart:
//   {"kind":"report","fleetTarget":{name,index,outcome,exitCode,durationMs}, …the target's report…}
//       the report's own fields as the report schema has them; `del(.kind, .fleetTarget)` gives back a report
//       that validates against schema/report.schema.json
//   {"kind":"input-error","fleetTarget":{…},"error":{"input":"<targets file> targets[3]","message":"…"}}
//       the target's settings were unusable; nothing ran for it
//   {"kind":"summary","tool":…,"startedAt":…,"durationMs":…,"targetsFile":…,"shard"?:…,"totalTargets":…,
//    "targets":<this run's count>,"outcomes":{"fail":n,"incomplete":n,"input-error":n,"warn":n,"pass":n},
//    "shared":{…},"exitCode":n}
//       always the last line
// Reports are redacted at the source (no secret is in a report), so nothing is filtered here.

import type {FleetRun, FleetTargetResult} from '../../fleet/types.js'
import {outcomeCounts} from './fleet-labels.js'

export function renderFleetJson(run: FleetRun): string {
  return JSON.stringify(run, null, 2) + '\n'
}

function fleetTarget(t: FleetTargetResult) {
  return {name: t.name, index: t.index, outcome: t.outcome, exitCode: t.exitCode, durationMs: t.durationMs}
}

export function fleetJsonLine(run: Pick<FleetRun, 'targetsFile'>, t: FleetTargetResult): string {
  if (t.report) return JSON.stringify({kind: 'report', fleetTarget: fleetTarget(t), ...t.report})
  const input = `${run.targetsFile} targets[${t.index}]`
  return JSON.stringify({kind: 'input-error', fleetTarget: fleetTarget(t), error: {input, message: t.inputError ?? 'the settings are unusable'}})
}

export function fleetSummaryLine(run: FleetRun): string {
  const {tool, startedAt, durationMs, targetsFile, shard, totalTargets, shared, exitCode} = run
  const counts = outcomeCounts(run)
  return JSON.stringify({kind: 'summary', tool, startedAt, durationMs, targetsFile, shard, totalTargets, targets: run.targets.length, outcomes: counts, shared, exitCode})
}

export function renderFleetJsonl(run: FleetRun): string {
  const lines = run.targets.map((t) => fleetJsonLine(run, t))
  lines.push(fleetSummaryLine(run))
  return lines.join('\n') + '\n'
}
