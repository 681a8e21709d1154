// Runs a fleet: every target of the targets file (or of this shard) in one process, at most `concurrency` at a
// time and at most 3 at a time per mailbox (Exchange's concurrent-submission limit), and collects one result each.
// A target whose settings are unusable is an 'input-error' result, not the end of the run.
import {InputError} from '../core/input-error.js'
import type {Report} from '../core/report.js'
import {exitCodeFor} from '../report/build-report.js'
import {fleetExitCode, KeyedLimit, shardOf, type Shard} from './plan.js'
import {prepareTarget, targetName, type FleetBase, type PreparedTarget} from './target-settings.js'
import type {TargetsFile, TargetSpec} from './targets-file.js'
import type {FleetRun, FleetTargetResult} from './types.js'

export interface FleetInput {
  file: TargetsFile
  shard?: Shard
  concurrency: number
  base: FleetBase
  failOn: 'error' | 'warn'
  version: string
  /** The doctor on one target's settings (the command supplies checks, options and network). */
  runTarget(prepared: PreparedTarget): Promise<Report>
  /** Requests really made so far (shared-requests.ts). */
  counts(): {tokenRequests: number; graphReads: number}
  /** Each result as it is known (progress). */
  onResult?(result: FleetTargetResult): void
}

/**
 * min(48, 24 × CPUs): a check mostly waits on round trips, so many run at once, until the CPU is the limit. Measured
 * in the lab (bench-fleet.mjs, 2 shared CPUs, 50 ms latency, after the TLS resumption, token-cache and GC work):
 * one target 0.33 s; 100 targets 1.79 s at 16 (7 waves of ~0.35 s can't be faster), 1.79 s at 32, 1.51 s at 48,
 * 1.60 s at 64; 1000 targets peaked at 217 MB RSS at 32, 230 MB at 48, 246 MB at 64 (limit 300; then with a forced
 * full GC every 100 targets, since replaced by the heap cap of heap-limit.ts). --concurrency trades memory for speed.
 */
export function defaultConcurrency(cpus: number): number {
  return Math.max(1, Math.min(48, 24 * cpus))
}

export async function runFleet(input: FleetInput): Promise<FleetRun> {
  const startedAt = new Date().toISOString()
  const started = performance.now()
  const list = input.shard ? shardOf(input.file.targets, input.shard) : input.file.targets
  const results: FleetTargetResult[] = new Array(list.length)
  const perMailbox = new KeyedLimit(3)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const i = next++
      const result = await runOne(list[i]!, input, perMailbox)
      results[i] = result
      input.onResult?.(result)
    }
  }
  await Promise.all(Array.from({length: Math.min(Math.max(1, input.concurrency), list.length)}, worker))
  const counts = input.counts()
  return {
    tool: {name: 'o365doctor', version: input.version},
    startedAt,
    durationMs: Math.round(performance.now() - started),
    targetsFile: input.file.file,
    ...(input.shard ? {shard: input.shard} : {}),
    totalTargets: input.file.targets.length,
    targets: results,
    shared: {tokenRequests: counts.tokenRequests, graphReads: counts.graphReads},
    exitCode: fleetExitCode(results.map((r) => r.outcome), input.failOn),
  }
}

async function runOne(target: TargetSpec, input: FleetInput, perMailbox: KeyedLimit): Promise<FleetTargetResult> {
  const started = performance.now()
  let prepared: PreparedTarget
  try {
    prepared = prepareTarget(input.file, target, input.base)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return {name: targetName(target), index: target.index, outcome: 'input-error', exitCode: 2, inputError: error.message, durationMs: Math.round(performance.now() - started)}
  }
  const mailbox = (prepared.loaded.settings.mailbox ?? '').trim().toLowerCase()
  const report = await perMailbox.run(mailbox, () => input.runTarget(prepared))
  return {
    name: targetName(target, prepared.loaded), index: target.index, outcome: report.verdict,
    exitCode: exitCodeFor(report, input.failOn), report, durationMs: Math.round(performance.now() - started),
  }
}
