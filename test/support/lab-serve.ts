// `o365doctor lab serve` in its own process, as a vendor runs it: spawned from the built CLI, ready when it prints
// "Ctrl+C", stopped with SIGINT (as a person presses Ctrl+C) within a deadline; and the loopback port checks the
// tests around it need.
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process'
import net from 'node:net'
import {join} from 'node:path'
import {repoRoot} from './validate-report.js'

export interface ServedLab {
  child: ChildProcessWithoutNullStreams
  /** stdout and stderr so far. */
  out: string
  /** SIGINT (unless it already ended), then its exit code; rejects after 10 s. */
  stop(): Promise<number | null>
}

/** Starts `lab serve ARGS…`; resolves when it is ready or has already ended (a refusal: see `child.exitCode`). */
export async function serveLab(args: string[], user?: {uid: number; gid: number; home: string}): Promise<ServedLab> {
  const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'run.js'), 'lab', 'serve', ...args], {
    env: {...process.env, NO_COLOR: '1', ...(user ? {HOME: user.home} : {})},
    ...(user ? {uid: user.uid, gid: user.gid} : {}),
  })
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve))
  const served: ServedLab = {
    child,
    out: '',
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT')
      return Promise.race([exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('lab serve did not stop')), 10_000))])
    },
  }
  child.stderr.on('data', (d: Buffer) => (served.out += d.toString()))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lab serve not ready: ${served.out}`)), 20_000)
    child.stdout.on('data', (d: Buffer) => {
      served.out += d.toString()
      if (served.out.includes('Ctrl+C')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  return served
}

/** Whether something accepts TCP connections on host:port now. */
export function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({host, port}, () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}

/**
 * A base whose five ports (lab serve --port-base N uses N..N+4) are free now. Drawn below Linux's ephemeral range
 * (32768-60999), where other tests' outgoing connections take their local ports: a base drawn inside it was free
 * when checked and taken a moment later (a flaky "address is in use").
 */
export async function freePortBase(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 12000)
    const taken = await Promise.all([0, 1, 2, 3, 4].map((i) => portOpen('127.0.0.1', base + i)))
    if (!taken.some(Boolean)) return base
  }
  throw new Error('no free port base found')
}
