// Process and port plumbing for the real servers: free loopback ports, spawning a foreground master, waiting for
// a port, and stopping a master by PID until it is really gone. Every wait has a deadline.
import {spawn, type ChildProcess} from 'node:child_process'
import {accessSync, constants, readdirSync, readFileSync} from 'node:fs'
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

interface ProcId {
  pid: number
  /** Start time in clock ticks since boot (/proc/<pid>/stat field 22): guards against a reused PID. */
  start: string
}

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

/** Every live descendant of `pid` (from /proc), so a stop can also wait for children that outlive their master. */
export function descendants(pid: number): ProcId[] {
  const childrenOf = new Map<number, ProcId[]>()
  let entries: string[] = []
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e))
  } catch {
    return []
  }
  for (const e of entries) {
    const f = statFields(Number(e))
    if (!f) continue // exited meanwhile
    const ppid = Number(f[1])
    childrenOf.set(ppid, [...(childrenOf.get(ppid) ?? []), {pid: Number(e), start: f[19] ?? ''}])
  }
  const out: ProcId[] = []
  const walk = (p: number) => {
    for (const c of childrenOf.get(p) ?? []) {
      out.push(c)
      walk(c.pid)
    }
  }
  walk(pid)
  return out
}

/** Stops a master by PID, then whatever of its process tree is still alive (and still the same process). */
export async function stopTree(pid: number, timeoutMs: number): Promise<boolean> {
  const tree = descendants(pid)
  const master = await stopPid(pid, timeoutMs)
  const same = (c: ProcId) => statFields(c.pid)?.[19] === c.start
  const rest = await Promise.all(tree.map((c) => (same(c) ? stopPid(c.pid, timeoutMs) : true)))
  return master && rest.every(Boolean)
}
