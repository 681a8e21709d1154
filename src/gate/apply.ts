// The CI gate's view of one report: waivers mark causes, the verdict is recomputed from the causes that still
// count, and a baseline adds drift. Pure: the files were read (and judged) before the run.

import {verdictOf} from '../report/build-report.js'
import type {Report} from '../core/report.js'
import {driftOf, type Baseline} from './baseline.js'
import {applyWaivers, type Waiver} from './waivers.js'

export interface GateInputs {
  waivers?: {file: string; list: Waiver[]}
  baseline?: Baseline
  now: Date
}

export function applyGate(report: Report, gate: GateInputs): Report {
  let out = report
  if (gate.waivers) {
    const {causes, waivers} = applyWaivers(report.causes, gate.waivers.list, gate.waivers.file, gate.now)
    out = {...out, causes, waivers}
    out.verdict = waivedVerdict(report, out)
  }
  if (gate.baseline) out = {...out, drift: driftOf(out, gate.baseline)}
  return out
}

/** Recomputed from the causes that still count; a verdict the causes alone do not explain (a newer one) is kept. */
function waivedVerdict(before: Report, after: Report): Report['verdict'] {
  return before.verdict === verdictOf(before.causes) ? verdictOf(after.causes) : before.verdict
}
