// Live per-check progress on stderr while `check` runs: which checks are running and for how long, how many are
// done. Only on a terminal: never in a pipe, under --json, or in CI, where it would be noise in a log. The frame is
// a pure function of the state (tested alone); log-update redraws it in place and erases it before the report.

import type {ProgressEvent} from '../runner/run-checks.js'
import type {CheckStatus} from '../core/check.js'
import {formatDuration} from '../report/render/text.js'

export interface ProgressState {
  total: number
  running: Map<string, {title: string; startedAt: number}>
  finished: Record<CheckStatus, number>
}

export function newProgressState(total: number): ProgressState {
  return {total, running: new Map(), finished: {pass: 0, warn: 0, fail: 0, skip: 0, error: 0}}
}

export function applyProgress(state: ProgressState, event: ProgressEvent, now: number): void {
  if (event.type === 'start') state.running.set(event.id, {title: event.title, startedAt: now})
  else {
    state.running.delete(event.id)
    state.finished[event.status]++
  }
}

const SPINNER = {unicode: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'], ascii: ['-', '\\', '|', '/']}
/** More running checks than this are counted, not listed: the block must stay small on any terminal. */
const MAX_LISTED = 6

/** The lines shown while checks run (plain text; cut to the width so the block never wraps). */
export function progressFrame(state: ProgressState, now: number, options: {ascii: boolean; width: number; tick: number}): string[] {
  const f = state.finished
  const done = f.pass + f.warn + f.fail + f.skip + f.error
  const problems = [f.fail ? `${f.fail} failed` : '', f.warn ? `${f.warn} warned` : '', f.error ? `${f.error} crashed` : ''].filter(Boolean)
  const spin = (options.ascii ? SPINNER.ascii : SPINNER.unicode)
  const lines = [`Checking: ${done} of ${state.total} done${problems.length ? ` (${problems.join(', ')})` : ''}`]
  const running = [...state.running].sort((a, b) => a[1].startedAt - b[1].startedAt)
  running.slice(0, MAX_LISTED).forEach(([id, {title, startedAt}], i) => {
    const frame = spin[(options.tick + i) % spin.length]
    lines.push(`  ${frame} ${id}  ${title}  ${formatDuration(Math.max(0, now - startedAt))}`)
  })
  if (running.length > MAX_LISTED) lines.push(`  and ${running.length - MAX_LISTED} more`)
  const cut = options.ascii ? '...' : '…'
  return lines.map((l) => ([...l].length > options.width - 1 ? [...l].slice(0, options.width - 1 - cut.length).join('') + cut : l))
}

/** CI=true (and other non-empty values but 0/false) means a log, not a person watching. */
export function isCI(env: Record<string, string | undefined>): boolean {
  const ci = env.CI
  return ci !== undefined && ci !== '' && !['0', 'false'].includes(ci.toLowerCase())
}

export function progressWanted(facts: {isTTY?: boolean; json: boolean; env: Record<string, string | undefined>}): boolean {
  return Boolean(facts.isTTY) && !facts.json && !isCI(facts.env)
}

export interface Progress {
  onProgress(event: ProgressEvent): void
  /** Erases the block; safe to call twice. */
  stop(): void
}

const NO_PROGRESS: Progress = {onProgress() {}, stop() {}}

/** Starts drawing on `stream` (stderr) when wanted; otherwise a progress that does nothing. */
export async function startProgress(options: {
  stream: NodeJS.WriteStream
  total: number
  json: boolean
  ascii: boolean
  env: Record<string, string | undefined>
}): Promise<Progress> {
  if (!progressWanted({isTTY: options.stream.isTTY, json: options.json, env: options.env})) return NO_PROGRESS
  const {createLogUpdate} = await import('log-update')
  const draw = createLogUpdate(options.stream, {showCursor: false})
  const state = newProgressState(options.total)
  let tick = 0
  const render = () => {
    const width = options.stream.columns && options.stream.columns > 0 ? options.stream.columns : 80
    draw(progressFrame(state, performance.now(), {ascii: options.ascii, width, tick: tick++}).join('\n'))
  }
  const timer = setInterval(render, 100)
  timer.unref()
  render()
  let stopped = false
  return {
    onProgress(event) {
      if (stopped) return
      applyProgress(state, event, performance.now())
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
