// The doctor's main job, free of the terminal: run the checks on loaded settings and build the report.
import type {Check, RunOptions} from '../checks/check.js'
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
  onProgress?: RunInput['onProgress']
}

export async function runDoctor(input: DoctorInput): Promise<Report> {
  const startedAt = input.options.now()
  const started = performance.now()
  const run = await runChecks({
    checks: input.checks, settings: input.loaded.settings, sources: input.loaded.sources,
    options: input.options, network: input.network, signal: input.signal, onProgress: input.onProgress,
  })
  const causes = diagnose(run.outcomes, input.loaded.settings)
  // A check lists the final causes its evidence supports (after merging and superseding).
  const checks = run.reports.map((r) => {
    const own = causes.filter((c) => c.checks.includes(r.id))
    // A failure that later evidence showed harmless (RBAC for Applications) stays visible, as a warning.
    const status = r.status === 'fail' && own.length > 0 && own.every((c) => c.severity === 'info') ? 'warn' : r.status
    return {...r, status, causes: own.map((c) => c.id)}
  })
  return assembleReport({
    version: input.version, startedAt, durationMs: performance.now() - started, loaded: input.loaded,
    checks, causes, lab: input.labName,
  })
}

export function defaultRunOptions(overrides: Partial<RunOptions> = {}): RunOptions {
  return {sendTest: false, secretWarningDays: 30, verbose: false, timeoutMs: 20_000, now: () => new Date(), ...overrides}
}
