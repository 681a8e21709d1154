// The real-client tier: mail clients nobody here wrote (curl, Python's standard library, msmtp/mpop, Jakarta Mail,
// imapflow, the Node library vendors use) against the lab, one lab per scenario, started in-process. Each client
// reaches the real host names (mapped to the lab's loopback ports its own way) and trusts the lab CA its own way;
// what it sent is read from the lab's wire log (redacted at the source), what it reports from its own output.

import {spawn} from 'node:child_process'
import {chmod, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {LabHandle} from '../../src/lab/lab-types.js'
import {resolveScenario} from '../../src/lab/scenario/load-scenario.js'
import type {Scenario} from '../../src/lab/scenario/types.js'
import {startLab} from '../../src/lab/start-lab.js'
import {httpsRequest} from '../../src/net/https-request.js'
import {CLOUD_ENDPOINTS} from '../../src/core/cloud.js'

export const SMTP_HOST = 'smtp.office365.com'
export const MAIL_HOST = 'outlook.office365.com'
/** A recipient outside the tenant: Exchange relays for an authenticated sender. */
export const RECIPIENT = 'partner@example.net'

export interface ClientLab {
  scenario: Scenario
  lab: LabHandle
  /** Private temporary directory (configs, token file); removed afterwards. */
  dir: string
  caFile: string
  /** The app-only access token, in a file only this user can read; never on a command line. */
  tokenFile: string
  user: string
  /** The From address the product uses (the scenario's client.from, else the mailbox). */
  from: string
  ports: {smtp: number; imap: number; pop: number}
  /** Wire log lines: "<label> <session> <C|S> <text>". */
  wire: string[]
  /** Replaces the token (and anything built from it) in text that may reach an assertion message. */
  redact(text: string): string
}

/** The scenario as a product meets it, with the lab's tarpit and latency off so the tier stays fast. */
export async function withClientLab(name: string, fn: (c: ClientLab) => Promise<void>): Promise<void> {
  const scenario = await resolveScenario(name)
  scenario.lab.failureDelayMs = 0
  scenario.lab.latencyMs = 0
  const wire: string[] = []
  const lab = await startLab(scenario, {wire: (label, session, dir, text) => wire.push(`${label} ${session} ${dir} ${text}`)})
  const dir = await mkdtemp(join(tmpdir(), 'o365doctor-clients-'))
  try {
    const token = await fetchToken(lab)
    const caFile = join(dir, 'lab-ca.pem')
    const tokenFile = join(dir, 'token')
    await writeFile(caFile, lab.network.caPem)
    await writeFile(tokenFile, token, {mode: 0o600})
    await chmod(tokenFile, 0o600)
    const user = scenario.client.mailbox ?? ''
    const b64 = (s: string) => Buffer.from(s).toString('base64')
    const secrets = [token, b64(`user=${user}\x01auth=Bearer ${token}\x01\x01`)]
    await fn({
      scenario,
      lab,
      dir,
      caFile,
      tokenFile,
      user,
      from: scenario.client.from ?? user,
      ports: {smtp: lab.ports.smtp587, imap: lab.ports.imap993, pop: lab.ports.pop995},
      wire,
      redact: (text) => secrets.reduce((out, s) => out.split(s).join('<secret>'), text).replace(/eyJ[\w-]{10,}\.[\w-]+\.[\w-]*/g, '<token>'),
    })
  } finally {
    await lab.close()
    await rm(dir, {recursive: true, force: true})
  }
}

/** Client credentials at the lab's token endpoint, with the scenario's client: settings. */
async function fetchToken(lab: LabHandle): Promise<string> {
  const c = lab.scenario.client
  const host = CLOUD_ENDPOINTS[lab.scenario.tenant.cloud].authorityHost
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: c.clientId ?? '',
    client_secret: c.clientSecret ?? '',
    scope: c.scope ?? '',
  }).toString()
  const reply = await httpsRequest(`https://${host}/${c.tenant ?? lab.scenario.tenant.id}/oauth2/v2.0/token`, {
    method: 'POST',
    body,
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    map: lab.network,
    timeoutMs: 15_000,
  })
  const token = (JSON.parse(reply.body) as {access_token?: string}).access_token
  if (reply.status !== 200 || !token) throw new Error(`the lab's token endpoint answered ${reply.status}`)
  return token
}

/** One SASL exchange as the lab saw it: how the client sent its credential and the server's final answer. */
export interface AuthExchange {
  label: string
  /** one-line: the initial response on the AUTH/AUTHENTICATE line; two-step: after a continuation. */
  form: 'one-line' | 'two-step'
  /** The client's AUTH line, redacted by the lab (e.g. "AUTH XOAUTH2 <XOAUTH2 user=…, token redacted>"). */
  command: string
  /** The server's first line after the credential that is not a continuation; undefined if it never came. */
  reply?: string
  /** Every line of that session, for assertion messages. */
  session: string[]
}

/** The XOAUTH2 exchanges on one listener ("smtp:587", "imap:993", "pop:995"), in order. */
export function authExchanges(wire: string[], label: string): AuthExchange[] {
  const bySession = new Map<string, string[]>()
  for (const line of wire) {
    const [l, session, ...rest] = line.split(' ')
    if (l !== label || !session) continue
    bySession.set(session, [...(bySession.get(session) ?? []), rest.join(' ')])
  }
  const out: AuthExchange[] = []
  for (const session of bySession.values()) {
    const at = session.findIndex((l) => /^C (\S+ )?(AUTH|AUTHENTICATE) XOAUTH2\b/i.test(l))
    if (at < 0) continue
    const command = session[at]!.slice(2)
    const form = /XOAUTH2 \S/i.test(command) ? 'one-line' : 'two-step'
    const after = session.slice(at + 1)
    const reply = after.find((l) => l.startsWith('S ') && !/^S (\+ ?|334 ?)$/.test(l) && !/^S \* /.test(l))?.slice(2)
    out.push({label, form, command, ...(reply !== undefined ? {reply} : {}), session})
  }
  return out
}

/** Whether the lab saw a client line matching `pattern` on `label` after the session's AUTH. */
export function clientSent(wire: string[], label: string, pattern: RegExp): boolean {
  return wire.some((line) => line.startsWith(`${label} `) && / C /.test(line) && pattern.test(line.split(' ').slice(3).join(' ')))
}

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

const OUTPUT_LIMIT = 1 << 20

/** Runs a client with a deadline and bounded output; stdin is `input` or empty. */
export function runClient(command: string, args: string[], opts: {input?: string; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number} = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {cwd: opts.cwd, env: {...process.env, ...opts.env}, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout = (stdout + c.toString('utf8')).slice(-OUTPUT_LIMIT)))
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-OUTPUT_LIMIT)))
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000)
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({code, stdout, stderr})
    })
    child.stdin.on('error', () => undefined)
    child.stdin.end(opts.input ?? '')
  })
}

/** Undefined when `command` runs (`--version` or the given args); else one line saying why the tier skips it. */
export async function missingTool(command: string, args = ['--version']): Promise<string | undefined> {
  try {
    const r = await runClient(command, args, {timeoutMs: 20_000})
    return r.code === 0 ? undefined : `${command} ${args.join(' ')} exited ${r.code}`
  } catch (err) {
    return `${command} is not installed (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); .ci/run installs it`
  }
}

/** Writes a file only this user can read (client configs that name the token file). */
export async function privateFile(path: string, text: string): Promise<string> {
  await writeFile(path, text, {mode: 0o600})
  await chmod(path, 0o600)
  return path
}
