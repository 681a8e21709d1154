// One `check` run from plain inputs: the flags, the environment and the ways to reach the terminal the command
// passes in (standard input, live progress). Settings layers, the lab, the gate, the doctor; returns the report.
// Printing it, writing files and the exit code are the command's (check-command.ts).
import {InputError} from '../core/input-error.js'
import type {Report} from '../core/report.js'
import {readGateInputs, runGated} from '../gate/run-gated.js'
import type {NetworkMap} from '../net/routes.js'
import type {Progress} from '../progress/check-progress.js'
import {loadSettings, productSession} from '../products/apply.js'
import {readExchangeEvidence} from '../remedies/exchange-evidence.js'
import {environmentLayer, type SettingsLayer} from '../settings/load-settings.js'
import {ENV_NAMES} from '../settings/setting-flags.js'
import {checkPlan, flagLayer, readStdinCredentials, reportFiles, runOptionsOf, type CheckFlags, type ReadSecret} from './check-inputs.js'
import {runDoctor} from './run-doctor.js'

export interface CheckRunIo {
  env: NodeJS.ProcessEnv
  version: string
  readSecret: ReadSecret
  /** Live progress of one doctor run of `total` checks (with --wait, one per attempt). */
  startProgress?: (total: number) => Promise<Progress>
}

export async function runCheck(flags: CheckFlags, io: CheckRunIo): Promise<Report> {
  for (const flag of ['shard', 'concurrency'] as const) if (flags[flag] !== undefined) throw new InputError(`--${flag}`, 'is for fleet runs; give --targets FILE too')
  let lab: {close(): Promise<void>; network: NetworkMap; name: string} | undefined
  let progress: Progress | undefined
  try {
    // Waivers, baseline, --wait and --report are judged first, so bad gate input stops with exit 2 before the lab starts.
    const gate = readGateInputs(flags)
    reportFiles(flags.report)
    const layers: SettingsLayer[] = []
    // --product: its defaults and protocols, a --config file in its field names, fixes in its words.
    const product = productSession(flags.product)
    if (flags.lab) {
      const {startLabForCheck} = await import('./lab-session.js')
      const session = await startLabForCheck(flags.lab)
      lab = session
      layers.push(session.layer)
    } else {
      if (flags.config) layers.push(product.fileLayer(flags.config))
      layers.push(environmentLayer(io.env))
    }
    const stdin = await readStdinCredentials(flags, io.readSecret, `give the certificate password in ${ENV_NAMES.certificatePassword} instead`)
    layers.push(flagLayer(flags, stdin))
    const loaded = loadSettings(product, layers, io.env, {offline: flags.offline === true})
    // Read before the run, so a bad evidence file stops it with exit 2.
    const options = runOptionsOf(flags, {exchangeEvidence: flags['exchange-evidence'] ? readExchangeEvidence(flags['exchange-evidence']) : undefined})
    const {checks, notRun} = checkPlan(flags)
    const applicable = checks.filter((c) => !c.applies || c.applies({settings: loaded.settings, options, network: lab?.network}))
    // With --wait the doctor may run several times: live progress for each run, then the gate's line per attempt.
    return await runGated(gate, async () => {
      progress = await io.startProgress?.(applicable.length)
      const one = product.speak(await runDoctor({
        loaded, options, network: lab?.network, labName: lab?.name, version: io.version, checks, onProgress: progress?.onProgress, notRun,
      }))
      progress?.stop()
      return one
    })
  } finally {
    progress?.stop()
    await lab?.close()
  }
}
