// `check`'s gate flags: --waivers, --baseline, --fail-on new and --wait, read up front (bad input → exit 2 before
// anything runs) and applied around the doctor run.

import type {FailOn} from '../report/build-report.js'
import {InputError} from '../core/input-error.js'
import type {Report} from '../core/report.js'
import {applyGate, type GateInputs} from './apply.js'
import {readBaselineFile} from './baseline.js'
import {parseDuration, runUntilHealthy} from './wait.js'
import {readWaiversFile} from './waivers.js'

export interface GateFlags {
  waivers?: string
  baseline?: string
  wait?: string
  'fail-on': FailOn
}

export interface GateSetup {
  inputs: Omit<GateInputs, 'now'>
  failOn: FailOn
  waitMs?: number
}

export function readGateInputs(flags: GateFlags): GateSetup {
  if (flags['fail-on'] === 'new' && !flags.baseline)
    throw new InputError('--fail-on new', 'needs --baseline REPORT.json: "new" means not in the baseline report')
  let waitMs: number | undefined
  if (flags.wait !== undefined) {
    waitMs = parseDuration(flags.wait)
    if (waitMs === undefined) throw new InputError(`--wait ${flags.wait}`, 'must be a duration like 60s, 15m or 1h (at most 24h)')
  }
  const inputs: GateSetup['inputs'] = {}
  if (flags.waivers) inputs.waivers = {file: flags.waivers, list: readWaiversFile(flags.waivers)}
  if (flags.baseline) inputs.baseline = readBaselineFile(flags.baseline)
  return {inputs, failOn: flags['fail-on'], waitMs}
}

export async function runGated(setup: GateSetup, runDoctor: () => Promise<Report>): Promise<Report> {
  const once = async () => applyGate(await runDoctor(), {...setup.inputs, now: new Date()})
  if (setup.waitMs === undefined) return once()
  return runUntilHealthy(once, {limitMs: setup.waitMs, failOn: setup.failOn, progress: progressLine()})
}

/**
 * On a terminal, one line per attempt on stderr. In a CI log that is noise: there only a line a minute at most, so
 * a long wait still shows it is alive (some CI systems stop a job that prints nothing for ten minutes). The report
 * records every attempt either way.
 */
function progressLine(): (line: string) => void {
  const tty = Boolean(process.stderr.isTTY)
  let last = -Infinity
  return (line) => {
    const now = performance.now()
    if (!tty && now - last < 60_000) return
    last = now
    process.stderr.write(`o365doctor --wait: ${line}\n`)
  }
}
