// One `check --targets FILE` run from plain inputs (the flags, the environment, standard input and progress as the
// command passes them in): the lab, shared requests, each target's settings and doctor run; returns the FleetRun.
// The decisions live in src/fleet (targets file, layering, runner); printing and the exit code are the command's.
import {availableParallelism} from 'node:os'
import {InputError} from '../core/input-error.js'
import {parseShard, shardOf} from '../fleet/plan.js'
import {defaultConcurrency, runFleet} from '../fleet/run-fleet.js'
import {createSharedRequests} from '../fleet/shared-requests.js'
import {readTargetsFile} from '../fleet/targets-file.js'
import type {FleetRun} from '../fleet/types.js'
import type {NetworkMap} from '../net/routes.js'
import type {FleetProgress} from '../progress/fleet-progress.js'
import type {SettingsLayer} from '../settings/load-settings.js'
import {checkPlan, flagLayer, readStdinCredentials, reportFiles, runOptionsOf, type CheckFlags, type ReadSecret} from './check-inputs.js'
import {runDoctor} from './run-doctor.js'

/** Flags that make sense for one target only; refused with --targets, each with the reason. */
const SINGLE_TARGET_FLAGS: Array<[keyof CheckFlags, string]> = [
  ['config', 'give the settings file as config: under defaults: (or per target) in the targets file'],
  ['baseline', 'a baseline is one target\'s earlier report'],
  ['wait', 'waiting out propagation is for one tenant after a fix; run it on that target alone'],
  ['waivers', 'waivers are per target; run the waived target alone'],
  ['fix-script', 'a fix script is for one tenant\'s admin; run the target alone'],
  ['exchange-evidence', 'Exchange evidence is one tenant\'s; run the target alone'],
]

export interface FleetRunIo {
  /** Read only for the targets' clientSecretEnv/certificatePasswordEnv references, never for AZURE_*. */
  env: NodeJS.ProcessEnv
  version: string
  readSecret: ReadSecret
  startProgress?: (total: number) => Promise<FleetProgress>
}

export async function runFleetCheck(flags: CheckFlags & {targets: string}, io: FleetRunIo): Promise<FleetRun> {
  for (const [flag, why] of SINGLE_TARGET_FLAGS) if (flags[flag] !== undefined) throw new InputError(`--${flag} and --targets`, `cannot be used together: ${why}`)
  if (flags['fail-on'] === 'new') throw new InputError('--fail-on new and --targets', 'cannot be used together: --fail-on new needs a --baseline report of one target')
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard)
  const concurrency = flags.concurrency ?? defaultConcurrency(availableParallelism())
  reportFiles(flags.report)
  const file = readTargetsFile(flags.targets)
  let lab: {close(): Promise<void>; network: NetworkMap; name: string; layer: SettingsLayer} | undefined
  let progress: FleetProgress | undefined
  try {
    if (flags.lab) {
      const {startLabForCheck} = await import('./lab-session.js')
      lab = await startLabForCheck(flags.lab)
    }
    const stdin = await readStdinCredentials(flags, io.readSecret, 'reference the password with certificatePasswordEnv: in the targets file instead')
    const shared = createSharedRequests()
    const options = runOptionsOf(flags, {shared})
    const {checks, notRun} = checkPlan(flags)
    progress = await io.startProgress?.(shard ? shardOf(file.targets, shard).length : file.targets.length)
    const onResult = progress?.onResult
    const run = await runFleet({
      file, shard, concurrency, failOn: flags['fail-on'] === 'warn' ? 'warn' : 'error', version: io.version, counts: shared.counts,
      base: {lab: lab?.layer, flags: flagLayer(flags, stdin), product: flags.product, env: io.env, offline: flags.offline === true},
      runTarget: async ({loaded, product}) => product.speak(await runDoctor({loaded, options, network: lab?.network, labName: lab?.name, version: io.version, checks, notRun})),
      onResult: onResult && ((r) => onResult(r.outcome)),
    })
    progress?.stop()
    return run
  } finally {
    progress?.stop()
    await lab?.close()
  }
}
