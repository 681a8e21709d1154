// Runs the real doctor pipeline against an in-process lab, as `check --lab` does, and returns the report.
import type {Check} from '../../src/checks/check.js'
import {checksFor} from '../../src/doctor/check-list.js'
import {startLabForCheck} from '../../src/doctor/lab-session.js'
import {defaultRunOptions, runDoctor} from '../../src/doctor/run-doctor.js'
import type {RunOptions} from '../../src/checks/check.js'
import type {Report} from '../../src/core/report.js'
import {mergeSettings, type SettingsLayer} from '../../src/settings/load-settings.js'
import type {RawSettings} from '../../src/settings/raw-settings.js'
import {productSession} from '../../src/products/apply.js'

type LabCheckOptions = Partial<RunOptions> & {flags?: RawSettings; checks?: readonly Check[]; product?: string}

// One lab run per scenario and options in a test process: several test files ask for the same run (the same
// scenario with --send-test), and each lab start costs TLS keys and servers. Callers get their own copy.
const runs = new Map<string, Promise<Report>>()

export async function runLabCheck(scenario: string, options: LabCheckOptions = {}): Promise<Report> {
  const plain = !options.checks && Object.values(options).every((v) => typeof v !== 'function')
  if (!plain) return runLabCheckOnce(scenario, options)
  const key = JSON.stringify([scenario, options])
  let run = runs.get(key)
  if (!run) {
    run = runLabCheckOnce(scenario, options)
    runs.set(key, run)
    run.catch(() => runs.delete(key))
  }
  return structuredClone(await run)
}

async function runLabCheckOnce(scenario: string, options: LabCheckOptions): Promise<Report> {
  const lab = await startLabForCheck(scenario)
  try {
    const layers: SettingsLayer[] = [lab.layer]
    if (options.flags) layers.push({source: 'flag', nameOf: (k) => k, values: options.flags})
    // As `check --product`: the product's defaults and protocols, then its words in the causes.
    const product = options.product === undefined ? undefined : productSession(options.product)
    const loaded = product ? product.merge(layers) : mergeSettings(layers)
    const report = await runDoctor({
      loaded, network: lab.network, labName: lab.name, version: '0.0.0-test',
      checks: options.checks ?? checksFor({offline: false}),
      options: defaultRunOptions({timeoutMs: 10_000, ...options}),
    })
    return product ? product.speak(report) : report
  } finally {
    await lab.close()
  }
}

/** Options `check` gets for a built-in scenario beyond --send-test (what its description says to run). */
export const SCENARIO_CHECK_OPTIONS: Record<string, Partial<RunOptions>> = {
  'pop-one-line-auth': {popAuth: 'one-line'},
}

/** The cause IDs a person must act on (info causes are advisory), sorted. */
export function actionableCauseIds(report: Report): string[] {
  return report.causes.filter((c) => c.severity !== 'info').map((c) => c.id).sort()
}
