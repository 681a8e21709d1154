// A fleet run (`check --targets`) of 250 targets or more starts Node with a 1 GB old-generation cap, through Node's documented
// --max-old-space-size flag. Why: V8 lets the old generation grow to ~4× what was live at the last full collection
// when its cap is large (the default on a machine with several GB), so a long fleet's dead sockets, transcripts and
// buffers piled up to ~150 MB before each collection although only ~50 MB was live. Measured (bench-fleet.mjs, 1000
// targets, 2 CPUs): peak RSS 271–316 MB with the default cap, 212–222 MB with this one, same CPU time. A cap this
// size is far from a fleet's need (~50 MB plus ~10 KB per finished target's report: ~90 000 targets per process;
// --shard splits bigger ones) and is only ever lowered, never raised: a user's own flag or NODE_OPTIONS wins.
import {spawn} from 'node:child_process'
import {getHeapStatistics} from 'node:v8'
import {readTargetsFile} from './targets-file.js'

export const FLEET_HEAP_MB = 1024

/**
 * Smaller fleets run as started: they end before garbage piles up (100 targets peak at ~150 MB without the cap),
 * and there the cap's extra full collections cost CPU (5 instead of 2 per 100 targets; ~6% of the run's CPU).
 */
export const HEAP_CAP_FROM_TARGETS = 250

/** Whether these command-line arguments start a fleet run. */
export function isFleetRun(argv: readonly string[]): boolean {
  return argv[0] === 'check' && argv.some((a) => a === '--targets' || a.startsWith('--targets='))
}

/** How many targets the run's --targets file lists; undefined when it cannot be read (the command then says why). */
export function fleetSize(argv: readonly string[]): number | undefined {
  const i = argv.indexOf('--targets')
  const path = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--targets='))?.slice('--targets='.length)
  if (!path) return undefined
  try {
    return readTargetsFile(path).targets.length
  } catch {
    return undefined
  }
}

/**
 * The flag a fleet run should start with, or undefined: the cap was chosen already (a flag or NODE_OPTIONS), or
 * this Node's cap is no bigger (a small machine's default is already small, and so is its growth).
 */
export function fleetHeapFlag(execArgv: readonly string[], nodeOptions: string | undefined, heapLimitMb: number): string | undefined {
  const chosen = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((a) => /^--max[-_]old[-_]space[-_]size(=|$)/.test(a))
  if (chosen || heapLimitMb <= FLEET_HEAP_MB + 128) return undefined
  return `--max-old-space-size=${FLEET_HEAP_MB}`
}

/**
 * Runs `script` again with the fleet's heap cap when this is a fleet run that lacks it, and resolves its exit code
 * (the child has the same stdio, environment and arguments); undefined when this process should run the command.
 * Ctrl+C reaches the child directly (same process group); a signal sent to this process alone is passed on.
 */
export async function relaunchWithFleetHeap(script: string, argv: readonly string[]): Promise<number | undefined> {
  if (!isFleetRun(argv)) return undefined
  const flag = fleetHeapFlag(process.execArgv, process.env.NODE_OPTIONS, getHeapStatistics().heap_size_limit / 1048576)
  if (!flag || (fleetSize(argv) ?? 0) < HEAP_CAP_FROM_TARGETS) return undefined
  const child = spawn(process.execPath, [...process.execArgv, flag, script, ...argv], {stdio: 'inherit'})
  const group: NodeJS.Signals[] = process.platform === 'win32' ? ['SIGINT', 'SIGBREAK'] : ['SIGINT']
  const passed: NodeJS.Signals[] = process.platform === 'win32' ? ['SIGHUP'] : ['SIGTERM', 'SIGHUP']
  const ignore = (): void => undefined
  const pass = (signal: NodeJS.Signals): void => { child.kill(signal) }
  for (const s of group) process.on(s, ignore)
  for (const s of passed) process.on(s, pass)
  return new Promise((resolve) => {
    child.once('error', () => resolve(undefined))
    child.once('exit', (code, signal) => {
      for (const s of group) process.off(s, ignore)
      for (const s of passed) process.off(s, pass)
      // A child ended by a signal: this process ends the same way (so a shell sees the same status).
      if (signal) process.kill(process.pid, signal)
      resolve(code ?? 1)
    })
  })
}
