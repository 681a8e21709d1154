// The doctor's main job, free of the terminal: run the checks on loaded settings and build the report.
import type {Check, RunOptions} from '../checks/check.js'
import type {CheckId} from '../core/check.js'
import {diagnose} from '../diagnosis/diagnose.js'
import type {NetworkMap} from '../net/routes.js'
import {assembleReport} from '../report/assemble.js'
import type {Report} from '../core/report.js'
import {runChecks, type RunInput} from '../runner/run-checks.js'
import type {LoadedSettings} from '../settings/types.js'

export interface DoctorInput {
  loaded: LoadedSettings
  checks: readonly Check[]
  options: RunOptions
  network?: NetworkMap
  version: string
  labName?: string
  signal?: AbortSignal
  /** Checks deliberately left out of this run (e.g. the live ones with --offline), and why. */
  notRun?: {checks: readonly Check[]; because: string}
  onProgress?: RunInput['onProgress']
}

export async function runDoctor(input: DoctorInput): Promise<Report> {
  const startedAt = input.options.now()
  const started = performance.now()
  const {settings, sources} = input.loaded
  const run = await runChecks({checks: input.checks, settings, sources, options: input.options, network: input.network, signal: input.signal, onProgress: input.onProgress})
  const {causes, status} = diagnose({
    settings, outcomes: run.outcomes, sendTest: input.options.sendTest,
    status: new Map(run.reports.map((r) => [r.id as CheckId, r.status])),
  })
  // Each check lists the causes that explain it, and its status follows them (a harmless finding passes).
  const checks = run.reports.map((r) => ({
    ...r, status: status.get(r.id as CheckId) ?? r.status, causes: causes.filter((c) => c.checks.includes(r.id)).map((c) => c.id),
  }))
  // What the run left out on purpose (--offline) is listed as not run, so nobody reads it as checked.
  const context = {settings, options: input.options, network: input.network}
  for (const check of input.notRun?.checks ?? []) {
    if (check.applies && !check.applies(context)) continue
    checks.push({id: check.id, title: check.title, status: 'skip', durationMs: 0, causes: [], summary: `not run: ${input.notRun!.because}`})
  }
  return assembleReport({
    version: input.version, startedAt, durationMs: performance.now() - started, loaded: input.loaded,
    checks, causes, lab: input.labName,
  })
}

export function defaultRunOptions(overrides: Partial<RunOptions> = {}): RunOptions {
  return {sendTest: false, secretWarningDays: 30, verbose: false, timeoutMs: 20_000, now: () => new Date(), ...overrides}
}
