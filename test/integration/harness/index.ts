// Real Dovecot (IMAP 993-style, POP3 995-style, implicit TLS, XOAUTH2 via `passdb oauth2` in introspection mode)
// and Postfix (submission with STARTTLS, SASL through Dovecot, delivery over LMTP to Dovecot) on free loopback
// ports, with the lab as the token authority. One stack per test file: start ≈ 2 s, stop ≈ 1–3 s.
// Recipe and gotchas: ../shared/spec/real-test-servers.md.
import {execFileSync} from 'node:child_process'
import {chmod, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {ConfidentialClientApplication} from '@azure/msal-node'
import {ImapFlow} from 'imapflow'
import type {LabHandle} from '../../../src/lab/lab-types.js'
import {resolveScenario} from '../../../src/lab/scenario/load-scenario.js'
import {startLab} from '../../../src/lab/start-lab.js'
import {createRoutedNetworkClient} from '../../../src/net/msal-network-client.js'
import {routeKey, type NetworkMap} from '../../../src/net/routes.js'
import {dovecotConf, oauth2Conf, postfixMainCf, postfixMasterCf, stackPaths, type Ports, type StackPaths} from './configs.js'
import {startIntrospection, type IntrospectionEndpoint} from './introspection.js'
import {writePki} from './pki-files.js'
import {findBinary, freePorts, readPidFile, startForeground, stopTree, tail, waitForPort, type Foreground} from './processes.js'

export {type IntrospectionMode} from './introspection.js'

export const IMAP_HOST = 'outlook.office365.com'
export const SMTP_HOST = 'smtp.office365.com'

export interface MailStack {
  ports: Ports
  /** Real host names (outlook.office365.com:993/995, smtp.office365.com:587) and 127.0.0.1:<port> → the servers. */
  network: NetworkMap
  caPem: string
  /** A token the lab issued for the scenario's app (client credentials through MSAL). Never print it. */
  token: string
  /** The scenario's mailbox (XOAUTH2 user=), and its domain (Postfix's virtual domain). */
  mailbox: string
  domain: string
  introspection: IntrospectionEndpoint
  paths: StackPaths
  /** How long start took, by phase (ms). */
  timings: Record<string, number>
  /** The last lines of each server's log, for assertion messages. */
  logs(): string
  /** Logs in over IMAP with imapflow (not our probe) and hands over the client; always logs out. */
  withImap<T>(token: string, use: (client: ImapFlow) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export interface StartOptions {
  /** Lab scenario for the app, tenant and mailbox (default `healthy`). */
  scenario?: string
  /** Deadline for the whole start, readiness login included (default 30 s). */
  timeoutMs?: number
  log?: (line: string) => void
}

/** Why the tier cannot run here, or undefined when it can. One line, for `test.skip`. */
export function integrationSkipReason(find: (name: string) => string | undefined = findBinary, uid = process.getuid?.()): string | undefined {
  const missing = ['dovecot', 'postfix'].filter((b) => !find(b))
  if (missing.length > 0) {
    return `integration tier skipped: ${missing.join('/')} not installed (run .ci/run, or apt-get install dovecot-core dovecot-imapd dovecot-pop3d dovecot-lmtpd postfix)`
  }
  if (uid !== undefined && uid !== 0) return 'integration tier skipped: the real servers need root (run as root, as CI does)'
  return undefined
}

const STOP_TIMEOUT_MS = 8000
const CHILD_TIMEOUT_MS = 5000

/** A token from the lab's Entra emulation, the way the doctor gets one (MSAL, client credentials). */
async function labToken(lab: LabHandle, timeoutMs: number): Promise<string> {
  const c = lab.scenario.client
  const app = new ConfidentialClientApplication({
    auth: {clientId: c.clientId ?? '', clientSecret: c.clientSecret ?? '', authority: `https://login.microsoftonline.com/${c.tenant}`},
    system: {networkClient: createRoutedNetworkClient(lab.network)},
  })
  const got = app.acquireTokenByClientCredential({scopes: [c.scope ?? 'https://outlook.office365.com/.default']})
  const timeout = new Promise<never>((_, ko) => setTimeout(() => ko(new Error(`no lab token within ${timeoutMs} ms`)), timeoutMs).unref())
  const result = await Promise.race([got, timeout])
  if (!result?.accessToken) throw new Error('the lab issued no token')
  return result.accessToken
}

function imapClient(stack: Pick<MailStack, 'ports' | 'caPem' | 'mailbox'>, token: string, timeoutMs: number): ImapFlow {
  return new ImapFlow({
    host: '127.0.0.1',
    port: stack.ports.imaps,
    secure: true,
    tls: {ca: [stack.caPem], rejectUnauthorized: true},
    auth: {user: stack.mailbox, accessToken: token},
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    disableAutoEnable: true,
  })
}

async function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([p, new Promise<never>((_, ko) => (timer = setTimeout(() => ko(new Error(`${what}: no answer within ${ms} ms`)), ms)))])
  } finally {
    clearTimeout(timer)
  }
}

export async function startMailStack(opts: StartOptions = {}): Promise<MailStack> {
  const timeoutMs = opts.timeoutMs ?? 30_000
  const log = opts.log ?? (() => undefined)
  const deadline = Date.now() + timeoutMs
  const left = () => Math.max(1000, deadline - Date.now())
  const timings: Record<string, number> = {}
  const t0 = performance.now()
  const mark = (phase: string) => (timings[phase] = Math.round(performance.now() - t0))
  const cleanups: (() => Promise<unknown>)[] = []
  const dovecot = findBinary('dovecot')
  const postfix = findBinary('postfix')
  if (!dovecot || !postfix) throw new Error(integrationSkipReason() ?? 'dovecot/postfix not found')

  const root = await mkdtemp(join(tmpdir(), 'o365doctor-it-'))
  cleanups.push(() => (process.env.O365DOCTOR_KEEP_IT_DIR ? Promise.resolve() : rm(root, {recursive: true, force: true})))
  let dovecotProc: Foreground | undefined
  let postfixProc: Foreground | undefined
  const p = stackPaths(root)
  const logs = () =>
    [`--- dovecot.log (${p.dovecotLog})`, tail(p.dovecotLog), dovecotProc?.output() ?? '', `--- postfix maillog (${p.postfixLog})`, tail(p.postfixLog), postfixProc?.output() ?? ''].join('\n')
  try {
    // The lab: the app, its tenant and a real token for its mailbox.
    const scenario = await resolveScenario(opts.scenario ?? 'healthy')
    const lab = await startLab(scenario, {mail: false})
    cleanups.push(() => lab.close())
    const mailbox = scenario.client.mailbox ?? ''
    const domain = mailbox.split('@')[1] ?? ''
    if (!domain) throw new Error(`scenario ${scenario.name} has no client mailbox`)
    const token = await labToken(lab, left())
    mark('labToken')

    // Unprivileged children must reach into the run dir: Dovecot's auth (CA file), Postfix's lmtp (sockets).
    await chmod(root, 0o755)
    for (const d of [p.dovecotBase, p.dovecotState, p.mailDir, p.postfixEtc, p.postfixSpool, p.postfixData]) await mkdir(d, {recursive: true, mode: 0o755})
    execFileSync('chown', ['nobody:nogroup', p.mailDir], {timeout: CHILD_TIMEOUT_MS})
    execFileSync('chown', ['postfix', p.postfixData], {timeout: CHILD_TIMEOUT_MS})
    const pkiDir = join(root, 'pki')
    await mkdir(pkiDir, {mode: 0o755})
    const pki = await writePki(pkiDir)
    mark('pki')

    const introspection = await startIntrospection({key: pki.key, cert: pki.cert, verifyToken: (tk) => lab.verifyToken(tk), domain, timeoutMs: left()})
    cleanups.push(() => introspection.close())

    const [imaps, pop3s, submission] = (await freePorts(3)) as [number, number, number]
    const ports: Ports = {imaps, pop3s, submission}
    await writeFile(p.dovecotConf, dovecotConf(p, ports, pki))
    await writeFile(p.oauth2Conf, oauth2Conf(introspection.url, pki), {mode: 0o644})
    await writeFile(join(p.postfixEtc, 'main.cf'), postfixMainCf(p, domain, pki))
    await writeFile(join(p.postfixEtc, 'master.cf'), postfixMasterCf(submission))
    mark('configs')

    // Both at once: Postfix needs Dovecot's sockets only when a client arrives, and its first start is the slow part.
    dovecotProc = startForeground(dovecot, ['-c', p.dovecotConf, '-F'])
    const dovecotPid = dovecotProc.child.pid
    postfixProc = startForeground(postfix, ['-c', p.postfixEtc, 'start-fg'])
    const postfixPid = postfixProc.child.pid
    // One cleanup for both, run in parallel: Dovecot takes 1–3 s to stop, Postfix ~20 ms. Children are waited for
    // too: Dovecot's auth process was seen answering Postfix after its master had exited.
    cleanups.push(async () => {
      // start-fg runs the master itself; its pid file names it too, should a wrapper ever sit in between.
      const postfixMaster = readPidFile(join(p.postfixSpool, 'pid', 'master.pid'))
      const pids = [...new Set([dovecotPid, postfixMaster, postfixPid])].filter((x): x is number => x !== undefined)
      const stopped = await Promise.all(pids.map((pid) => stopTree(pid, STOP_TIMEOUT_MS)))
      for (const [i, pid] of pids.entries()) if (!stopped[i]) log(`server process ${pid} (or a child) did not stop`)
    })
    const exitedEarly = (f: Foreground, name: string) =>
      new Promise<never>((_, ko) => f.child.once('exit', (code, signal) => ko(new Error(`${name} exited during start (code ${code}, signal ${signal})`))))
    const dovecotUp = Promise.race([
      Promise.all([waitForPort(imaps, left(), 'dovecot imaps'), waitForPort(pop3s, left(), 'dovecot pop3s')]),
      exitedEarly(dovecotProc, 'dovecot'),
    ]).then(() => mark('dovecotPorts'))
    const postfixUp = Promise.race([waitForPort(submission, left(), 'postfix submission'), exitedEarly(postfixProc, 'postfix')]).then(() => mark('postfixPort'))
    await Promise.all([dovecotUp, postfixUp])

    const stack: MailStack = {
      ports,
      network: {
        routes: {
          [routeKey(IMAP_HOST, 993)]: {host: '127.0.0.1', port: imaps},
          [routeKey(IMAP_HOST, 995)]: {host: '127.0.0.1', port: pop3s},
          [routeKey(SMTP_HOST, 587)]: {host: '127.0.0.1', port: submission},
          [routeKey('127.0.0.1', imaps)]: {host: '127.0.0.1', port: imaps},
          [routeKey('127.0.0.1', pop3s)]: {host: '127.0.0.1', port: pop3s},
          [routeKey('127.0.0.1', submission)]: {host: '127.0.0.1', port: submission},
        },
        caPem: pki.caPem,
      },
      caPem: pki.caPem,
      token,
      mailbox,
      domain,
      introspection,
      paths: p,
      timings,
      logs,
      async withImap(tk, use) {
        const client = imapClient(stack, tk, 10_000)
        client.on('error', () => undefined)
        try {
          await withDeadline(client.connect(), 15_000, 'IMAP login')
          return await use(client)
        } finally {
          await withDeadline(client.logout(), 5000, 'IMAP logout').catch(() => client.close())
        }
      },
      close: () => closeAll(cleanups),
    }
    // Readiness: an open port says nothing about the auth process (it starts on the first login), so log in once.
    await withDeadline(stack.withImap(token, async () => undefined), left(), 'readiness login')
    mark('ready')
    log(`integration stack up in ${timings.ready} ms (imaps ${imaps}, pop3s ${pop3s}, submission ${submission})`)
    return stack
  } catch (err) {
    const message = `${(err as Error).message}\n${logs()}`
    await closeAll(cleanups)
    throw new Error(`integration stack failed to start: ${message}`)
  }
}

async function closeAll(cleanups: (() => Promise<unknown>)[]): Promise<void> {
  // Reverse order: servers first (by PID, waiting for exit), then the authority and the lab, then the run dir.
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined)
}
