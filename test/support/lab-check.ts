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

export async function runLabCheck(
  scenario: string,
  options: Partial<RunOptions> & {flags?: RawSettings; checks?: readonly Check[]; product?: string} = {},
): Promise<Report> {
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

/** The cause IDs a person must act on (info causes are advisory), sorted. */
export function actionableCauseIds(report: Report): string[] {
  return report.causes.filter((c) => c.severity !== 'info').map((c) => c.id).sort()
}
