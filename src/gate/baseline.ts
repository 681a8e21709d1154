// Baseline drift (report-and-causes.md "Waivers and baselines"): the causes of this run against an earlier report's,
// by cause ID (a run reports each ID once). A gate can then fail only on what is new (`--fail-on new`).

import {InputError} from '../core/input-error.js'
import type {Drift, Report} from '../core/report.js'
import {readBoundedFile} from './waivers.js'

export interface Baseline {
  file: string
  startedAt: string
  causeIds: string[]
}

const MAX_BASELINE_BYTES = 20_000_000

/** Reads the parts of an earlier `--json` report that drift needs; anything else about it is not trusted. */
export function parseBaseline(text: string, file: string): Baseline {
  const bad = (message: string): never => {
    throw new InputError(`--baseline ${file}`, message)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return bad(`is not JSON (${(error as Error).message.split('\n')[0]}); give the report of an earlier "check --json" or "--format json --output"`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bad('is not an o365doctor report (not a JSON object)')
  const report = json as Record<string, unknown>
  if (report.schemaVersion !== '1') bad(`has schemaVersion ${JSON.stringify(report.schemaVersion)}; this o365doctor reads reports of schemaVersion "1"`)
  if (typeof report.startedAt !== 'string' || Number.isNaN(Date.parse(report.startedAt))) bad('has no startedAt date')
  if (!Array.isArray(report.causes)) bad('has no causes list')
  const ids = (report.causes as unknown[]).map((c, i) => {
    const id = (c as {id?: unknown} | null)?.id
    if (typeof id !== 'string' || !id) bad(`causes[${i}] has no id`)
    return id as string
  })
  return {file, startedAt: report.startedAt as string, causeIds: [...new Set(ids)]}
}

export function readBaselineFile(file: string): Baseline {
  return parseBaseline(readBoundedFile('--baseline', file, MAX_BASELINE_BYTES), file)
}

export function driftOf(report: Pick<Report, 'causes'>, baseline: Baseline): Drift {
  // Sorted: the same two reports always give the same drift, whatever the ranking.
  const now = [...new Set(report.causes.map((c) => c.id as string))].sort()
  const before = new Set(baseline.causeIds)
  return {
    baseline: baseline.startedAt,
    new: now.filter((id) => !before.has(id)),
    resolved: baseline.causeIds.filter((id) => !now.includes(id)).sort(),
    unchanged: now.filter((id) => before.has(id)),
  }
}
