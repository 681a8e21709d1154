// The shape of a fleet run (`check --targets FILE`): one result per target, in targets-file order, and the run's
// own facts. The runner (src/fleet/run-fleet.ts) fills it; the renderers (src/report/render/fleet-*.ts) only read it.
import type {Report} from '../core/report.js'
import type {Shard, TargetOutcome} from './plan.js'

export interface FleetTargetResult {
  /** What the summary calls the target: its `name:` in the targets file, else its mailbox, else "target N". */
  name: string
  /** 0-based position in the targets file as written (before sharding): stable across shards and runs. */
  index: number
  outcome: TargetOutcome
  /** The exit code this target alone would give (`check` on its settings, with the run's --fail-on). */
  exitCode: number
  /** The target's whole report; absent only when its settings were unusable (outcome 'input-error'). */
  report?: Report
  /** outcome 'input-error': the one-line message naming the input (as `check` would print it). */
  inputError?: string
  durationMs: number
}

export interface FleetRun {
  tool: {name: 'o365doctor'; version: string}
  startedAt: string
  durationMs: number
  /** The targets file as given. */
  targetsFile: string
  /** With --shard i/n: which share of the file this run took. */
  shard?: Shard
  /** How many targets the file lists (all shards together). */
  totalTargets: number
  /** This run's targets, in targets-file order (renderers sort worst first themselves where they want it). */
  targets: FleetTargetResult[]
  /** Requests the fleet shared: token requests made vs. targets that needed one, Graph reads likewise. */
  shared: {tokenRequests: number; graphReads: number}
  /** The run's exit code: the worst target's (see fleetExitCode in plan.ts). */
  exitCode: number
}
