// Process and port plumbing for the real servers: free loopback ports, spawning a foreground master, waiting for
// a port, and stopping a master by PID until it is really gone. Every wait has a deadline.
import {spawn, type ChildProcess} from 'node:child_process'
import {accessSync, constants, readFileSync} from 'node:fs'
import net from 'node:net'
import {delimiter, join} from 'node:path'

const LOOPBACK = '127.0.0.1'

/** The absolute path of an executable on PATH (plus the sbin directories root normally has), or undefined. */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/local/sbin']
  for (const dir of dirs) {
    if (!dir) continue
    const path = join(dir, name)
    try {
      accessSync(path, constants.X_OK)
      return path
    } catch {
      // not here
    }
  }
  return undefined
}

/** Distinct free loopback ports (bound with port 0, then released: a small race we accept in tests). */
export async function freePorts(n: number): Promise<number[]> {
  const servers: net.Server[] = []
  try {
    const ports: number[] = []
    for (let i = 0; i < n; i++) {
      const s = net.createServer()
      servers.push(s)
      ports.push(
        await new Promise<number>((ok, ko) => {
          s.once('error', ko)
          s.listen(0, LOOPBACK, () => ok((s.address() as net.AddressInfo).port))
        }),
      )
    }
    return ports
  } finally {
    await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))))
  }
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms))

/** Resolves when something accepts TCP connections on the port; rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const open = await new Promise<boolean>((ok) => {
      const s = net.connect({host: LOOPBACK, port})
      const done = (v: boolean) => (s.destroy(), ok(v))
      s.setTimeout(500, () => done(false))
      s.once('connect', () => done(true))
      s.once('error', () => done(false))
    })
    if (open) return
    if (Date.now() > deadline) throw new Error(`${what}: port ${port} not open within ${timeoutMs} ms`)
    await sleep(25)
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** SIGTERM, wait until the PID is gone; SIGKILL if it outlives `timeoutMs`. Resolves false if even that failed. */
export async function stopPid(pid: number, timeoutMs: number): Promise<boolean> {
  if (!isAlive(pid)) return true
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return !isAlive(pid)
  }
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true
    await sleep(20)
  }
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // already gone
  }
  await sleep(100)
  return !isAlive(pid)
}

export interface Foreground {
  child: ChildProcess
  /** stdout+stderr so far (the last 8 KB), for error messages. */
  output(): string
  /** Set once the process exited. */
  exited(): {code: number | null; signal: NodeJS.Signals | null} | undefined
}

/** Starts a server master in the foreground (no stdin), keeping its output for diagnostics. */
export function startForeground(cmd: string, args: string[]): Foreground {
  const child = spawn(cmd, args, {stdio: ['ignore', 'pipe', 'pipe']})
  let out = ''
  let exit: {code: number | null; signal: NodeJS.Signals | null} | undefined
  const keep = (b: Buffer) => (out = (out + b.toString('utf8')).slice(-8192))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  child.on('error', (e) => keep(Buffer.from(`spawn failed: ${e.message}\n`)))
  child.on('exit', (code, signal) => (exit = {code, signal}))
  return {child, output: () => out, exited: () => exit}
}

/** A PID from a pid file (Dovecot's base_dir/master.pid, Postfix's spool/pid/master.pid), if readable. */
export function readPidFile(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim())
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/** The last `n` lines of a log file, for failure messages (never holds secrets: servers do not log tokens). */
export function tail(path: string, n = 15): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-n).join('\n')
  } catch {
    return `(no ${path})`
  }
}
