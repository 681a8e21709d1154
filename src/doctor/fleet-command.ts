// `check --targets FILE`: the terminal side of a fleet run. Standard input and the progress line go into the run
// (fleet-run.ts, plain inputs → FleetRun); the run comes back and is written, printed and turned into the exit code.
import type {Command} from '@oclif/core'
import type {FleetRun} from '../fleet/types.js'
import {startFleetProgress} from '../progress/fleet-progress.js'
import {renderFleet} from '../report/render/fleet.js'
import {validateCheckFlags, type CheckFlags} from './check-inputs.js'
import {commandLine, readSecretFromStdin} from './check-command.js'
import {emitOutput} from './check-output.js'
import {runFleetCheck} from './fleet-run.js'

export async function runFleetCommand(command: Command, flags: CheckFlags & {targets: string}): Promise<FleetRun> {
  validateCheckFlags(flags, commandLine(command))
  const run = await runFleetCheck(flags, {
    env: process.env, version: command.config.version, readSecret: readSecretFromStdin,
    startProgress: (total) => startFleetProgress({stream: process.stderr, total, json: command.jsonEnabled(), env: process.env}),
  })
  emitOutput(flags, command.jsonEnabled(), (format, options) => renderFleet(run, format, options), run.exitCode)
  return run
}
