// Starts the lab for one scenario: PKI, token signing key, the HTTPS server (Entra ID + Graph), the mail
// servers, and the NetworkMap that sends every real host name of every cloud to them on loopback.

import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {routeKey, type NetworkMap} from '../net/routes.js'
import {CLOUD_ENDPOINTS, CLOUDS} from '../core/cloud.js'
import {authorityHostsOf, type LabContext} from './http/lab-context.js'
import {startLabHttpsServer} from './http/https-server.js'
import type {LabHandle, MailServerDeps, MailServerPorts, RunningMailServers} from './lab-types.js'
import {DEFAULT_BINDING, LabBindError, SMTP_HOST_ALIASES, type LabBinding, type LabService} from './lab-binding.js'
import type {WireLog} from './mail/wire-log.js'
import {createLabPki} from './pki.js'
import type {Scenario} from './scenario/types.js'
import {labTokenKeyOnce, labIssuer, verifyLabToken} from './token-jwt.js'
import {createFederationIssuer, federationIssuerHosts} from './http/federation-issuer.js'

export interface StartLabOptions {
  log?: (line: string) => void
  /** Write the CA to a temporary file (LabHandle.caFile), removed again by close(). */
  caFile?: boolean
  /** false: no SMTP/IMAP/POP servers (their hosts are then unmapped, i.e. refused). Default true. */
  mail?: boolean
  /** Receives every mail protocol line each way, redacted (mail/wire-log.ts). */
  wire?: WireLog
  /** Where the services listen (lab-binding.ts: --port-base, --real-ports); default 127.0.0.1, system ports. */
  bind?: LabBinding
}

const LOOPBACK = '127.0.0.1'
const NO_MAIL: MailServerPorts = {smtp587: 0, smtp25: 0, imap993: 0, pop995: 0}

type StartMailServers = (deps: MailServerDeps) => Promise<RunningMailServers>

async function loadMailServers(): Promise<StartMailServers> {
  // Loaded on demand: `{mail: false}` (token/Graph tests, `lab serve --no-mail`) never loads the mail stack.
  const mod = await import('./mail/index.js')
  return mod.startMailServers
}

/**
 * (host, port) → loopback address and port for every cloud; a service that is not running is left out (refused).
 * `hosts`: the loopback address of each service (default 127.0.0.1 for all). `issuerHosts`: the scenario's
 * external OIDC issuers, served by the HTTPS server too.
 */
export function buildNetworkMap(httpsPort: number, mail: MailServerPorts, caPem: string, hosts: Partial<Record<LabService, string>> = {}, issuerHosts: readonly string[] = []): NetworkMap {
  const routes: NetworkMap['routes'] = {}
  const add = (host: string, port: number, target: number, service: LabService) => {
    if (target > 0) routes[routeKey(host, port)] = {host: hosts[service] ?? LOOPBACK, port: target}
  }
  for (const cloud of CLOUDS) {
    const e = CLOUD_ENDPOINTS[cloud]
    for (const host of [...authorityHostsOf(cloud), e.graphHost]) add(host, 443, httpsPort, 'https')
    for (const host of [e.smtpHost, ...(SMTP_HOST_ALIASES[cloud] ?? [])]) {
      add(host, 587, mail.smtp587, 'smtp587')
      add(host, 25, mail.smtp25, 'smtp25')
    }
    add(e.imapHost, 993, mail.imap993, 'imap993')
    add(e.popHost, 995, mail.pop995, 'pop995')
  }
  for (const host of issuerHosts) add(host, 443, httpsPort, 'https')
  return {routes, caPem}
}

export async function startLab(scenario: Scenario, opts: StartLabOptions = {}): Promise<LabHandle> {
  const log = opts.log ?? (() => undefined)
  const started = performance.now()
  // The RSA key is the slow part (see token-jwt.ts): started first (once per process), awaited only by whoever
  // signs or verifies. The CA and its key stay per lab: vendors trust that CA.
  const key = labTokenKeyOnce()
  key.catch((error: unknown) => log(`lab: token signing key failed: ${(error as Error).message}`))
  const issuer = labIssuer(scenario.tenant.cloud, scenario.tenant.id)
  const verifyToken = async (token: string) => verifyLabToken(await key, token, issuer)

  const issuerHosts = federationIssuerHosts(scenario)
  const pki = await createLabPki(new Date(), issuerHosts)
  const federation = createFederationIssuer()
  const ctx: LabContext = {scenario, key, issuer, log, federation}
  const cleanups: (() => Promise<void>)[] = []
  try {
    const bind = opts.bind ?? DEFAULT_BINDING
    const https = await startLabHttpsServer(ctx, pki, bind.https.host, bind.https.port).catch((error: Error & {code?: string}) => {
      throw error.code ? new LabBindError('https', bind.https, error.code) : error
    })
    cleanups.push(() => https.close())
    let mailPorts = NO_MAIL
    if (opts.mail !== false) {
      const startMailServers = await loadMailServers()
      const mail = await startMailServers({scenario, pki, verifyToken, log, bind, ...(opts.wire ? {wire: opts.wire} : {})})
      cleanups.push(() => mail.close())
      mailPorts = mail.ports
    }
    let caFile: string | undefined
    if (opts.caFile) {
      const dir = await mkdtemp(join(tmpdir(), 'o365doctor-lab-'))
      caFile = join(dir, 'lab-ca.pem')
      await writeFile(caFile, pki.caPem)
      cleanups.push(() => rm(dir, {recursive: true, force: true}))
    }
    const hosts = {https: bind.https.host, smtp587: bind.smtp587.host, smtp25: bind.smtp25.host, imap993: bind.imap993.host, pop995: bind.pop995.host}
    log(`lab: scenario ${scenario.name} started in ${Math.round(performance.now() - started)} ms`)
    const switchTo = scenario.lab.switchTo
    if (switchTo) {
      // lab.switchTo: a fix that takes effect during the run. The tenant, its applications and Exchange take the
      // target's state in place (every server reads the scenario per request); the client is the product's.
      const timer = setTimeout(() => {
        Object.assign(scenario, {tenant: switchTo.target.tenant, applications: switchTo.target.applications, exchange: switchTo.target.exchange})
        log(`lab: switched to ${switchTo.scenario} after ${switchTo.afterMs} ms`)
      }, switchTo.afterMs)
      timer.unref()
      cleanups.push(async () => clearTimeout(timer))
    }
    let closing: Promise<void> | undefined
    const handle: LabHandle = {
      scenario,
      network: buildNetworkMap(https.port, mailPorts, pki.caPem, hosts, issuerHosts),
      mintFederatedToken: (claims) => federation.mint(claims),
      ports: {https: https.port, ...mailPorts},
      hosts,
      verifyToken,
      close: () => (closing ??= closeAll(cleanups)),
    }
    if (caFile) handle.caFile = caFile
    return handle
  } catch (error) {
    await closeAll(cleanups)
    throw error
  }
}

// The key may still be generating: that holds no socket or timer, so close() does not wait for it.
async function closeAll(cleanups: (() => Promise<void>)[]): Promise<void> {
  await Promise.allSettled(cleanups.reverse().map((c) => c()))
}
