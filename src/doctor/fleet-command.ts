// `check --targets FILE`: the fleet run's command side — flags, the lab, shared requests, progress, output, exit
// code. The decisions live in src/fleet (targets file, layering, runner); this file only wires them.
import {availableParallelism} from 'node:os'
import type {Command} from '@oclif/core'
import {InputError} from '../core/input-error.js'
import {createSharedRequests} from '../fleet/shared-requests.js'
import {parseShard, shardOf} from '../fleet/plan.js'
import {renderFleet, type FleetFormat} from '../report/render/fleet.js'
import {defaultConcurrency, runFleet} from '../fleet/run-fleet.js'
import {readTargetsFile} from '../fleet/targets-file.js'
import type {FleetRun} from '../fleet/types.js'
import type {NetworkMap} from '../net/routes.js'
import {startFleetProgress, type FleetProgress} from '../progress/fleet-progress.js'
import {stdoutTerminalOptions} from '../io/terminal-options.js'
import type {SettingsLayer} from '../settings/load-settings.js'
import {flagLayer, readSecretFromStdin, reportFiles, validateCheckFlags, type CheckFlags} from './check-command.js'
import {checksFor, LIVE_CHECKS} from './check-list.js'
import {defaultRunOptions, runDoctor} from './run-doctor.js'
import {writeOutput} from './write-output.js'

/** Flags that make sense for one target only; refused with --targets, each with the reason. */
const SINGLE_TARGET_FLAGS: Array<[keyof CheckFlags, string]> = [
  ['config', 'give the settings file as config: under defaults: (or per target) in the targets file'],
  ['baseline', 'a baseline is one target\'s earlier report'],
  ['wait', 'waiting out propagation is for one tenant after a fix; run it on that target alone'],
  ['waivers', 'waivers are per target; run the waived target alone'],
  ['fix-script', 'a fix script is for one tenant\'s admin; run the target alone'],
  ['exchange-evidence', 'Exchange evidence is one tenant\'s; run the target alone'],
]

export async function runFleetCommand(command: Command, flags: CheckFlags & {targets: string}): Promise<FleetRun> {
  validateCheckFlags(command, flags)
  for (const [flag, why] of SINGLE_TARGET_FLAGS) if (flags[flag] !== undefined) throw new InputError(`--${flag} and --targets`, `cannot be used together: ${why}`)
  if (flags['fail-on'] === 'new') throw new InputError('--fail-on new and --targets', 'cannot be used together: --fail-on new needs a --baseline report of one target')
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard)
  const concurrency = flags.concurrency ?? defaultConcurrency(availableParallelism())
  const reports = reportFiles(flags.report)
  const file = readTargetsFile(flags.targets)
  let lab: {close(): Promise<void>; network: NetworkMap; name: string; layer: SettingsLayer} | undefined
  let progress: FleetProgress | undefined
  try {
    if (flags.lab) {
      const {startLabForCheck} = await import('./lab-session.js')
      lab = await startLabForCheck(flags.lab)
    }
    if (flags['client-secret-stdin'] && flags['certificate-password-stdin']) {
      throw new InputError('--client-secret-stdin and --certificate-password-stdin', 'both read standard input; reference the password with certificatePasswordEnv: in the targets file instead')
    }
    const stdinSecret = flags['client-secret-stdin'] ? await readSecretFromStdin() : undefined
    const stdinPassword = flags['certificate-password-stdin'] ? await readSecretFromStdin('--certificate-password-stdin', 'Certificate password (not shown): ') : undefined
    const shared = createSharedRequests()
    const options = defaultRunOptions({
      sendTest: flags['send-test'], sendTestTo: flags['send-test-to'], secretWarningDays: flags['secret-warning-days'],
      popAuth: flags['pop-auth'] === 'one-line' ? 'one-line' : 'two-step', verbose: flags.verbose, timeoutMs: flags.timeout * 1000, shared,
    })
    const checks = checksFor({offline: flags.offline})
    const notRun = flags.offline ? {checks: LIVE_CHECKS, because: '--offline (no token, Graph or mail server was contacted)'} : undefined
    const total = shard ? shardOf(file.targets, shard).length : file.targets.length
    progress = await startFleetProgress({stream: process.stderr, total, json: command.jsonEnabled(), env: process.env})
    const onResult = progress.onResult
    const failOn = flags['fail-on'] === 'warn' ? 'warn' : 'error'
    const run = await runFleet({
      file, shard, concurrency, failOn, version: command.config.version, counts: shared.counts,
      base: {lab: lab?.layer, flags: flagLayer(flags, stdinSecret, stdinPassword), product: flags.product, env: process.env, offline: flags.offline},
      runTarget: async ({loaded, product}) => product.speak(await runDoctor({loaded, options, network: lab?.network, labName: lab?.name, version: command.config.version, checks, notRun})),
      onResult: (r) => onResult(r.outcome),
    })
    progress.stop()
    const renderOptions = {...stdoutTerminalOptions(flags.ascii), verbose: flags.verbose, all: flags.all, failOn: flags['fail-on']}
    const format = flags.format as FleetFormat
    if (flags.output) writeOutput('--output', flags.output, renderFleet(run, format === 'table' ? 'json' : format, {...renderOptions, color: false}), {force: flags.force})
    for (const r of reports) writeOutput(`--report ${r.format}=${r.file}`, r.file, renderFleet(run, r.format, {...renderOptions, color: false}), {force: flags.force})
    if (!command.jsonEnabled()) process.stdout.write(renderFleet(run, flags.output ? 'table' : format, renderOptions))
    process.exitCode = run.exitCode
    return run
  } finally {
    progress?.stop()
    await lab?.close()
  }
}
