// Progress of a fleet run on stderr: one line, "12/100 targets, 3 failing". Only on a terminal (never in a pipe,
// under --json or in CI), like the single-target progress; the line is a pure function of the counts.
import type {TargetOutcome} from '../fleet/plan.js'
import {progressWanted} from './check-progress.js'

export interface FleetProgressState {
  total: number
  done: number
  /** Targets that failed, could not be checked completely, or had unusable settings. */
  failing: number
}

export function fleetProgressLine(state: FleetProgressState): string {
  return `${state.done}/${state.total} targets${state.failing ? `, ${state.failing} failing` : ''}`
}

export const isFailing = (outcome: TargetOutcome): boolean => outcome !== 'pass' && outcome !== 'warn'

export interface FleetProgress {
  onResult(outcome: TargetOutcome): void
  stop(): void
}

export async function startFleetProgress(options: {stream: NodeJS.WriteStream; total: number; json: boolean; env: Record<string, string | undefined>}): Promise<FleetProgress> {
  if (!progressWanted({isTTY: options.stream.isTTY, json: options.json, env: options.env})) return {onResult() {}, stop() {}}
  const {createLogUpdate} = await import('log-update')
  const draw = createLogUpdate(options.stream, {showCursor: false})
  const state: FleetProgressState = {total: options.total, done: 0, failing: 0}
  const render = () => draw(fleetProgressLine(state))
  // Redrawn at most 10 times a second, however fast targets finish.
  const timer = setInterval(render, 100)
  timer.unref()
  render()
  let stopped = false
  return {
    onResult(outcome) {
      state.done++
      if (isFailing(outcome)) state.failing++
    },
    stop() {
      if (stopped) return
      stopped = true
      clearInterval(timer)
      draw.clear()
      draw.done()
    },
  }
}
