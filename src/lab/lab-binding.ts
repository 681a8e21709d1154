// Where the lab's services listen. Default: 127.0.0.1 with ports the system picks (tests, `check --lab`).
// `lab serve --port-base N`: fixed loopback ports, so a product's settings survive restarts.
// `lab serve --real-ports`: the real ports (443, 587, 25, 993, 995) on one loopback address per service, with
// hosts-file lines that send the real host names there, so a product configured exactly as at the customer works.

import {CLOUD_ENDPOINTS, type Cloud} from '../core/cloud.js'
import {authorityHostsOf} from './http/lab-context.js'

export type LabService = 'https' | 'smtp587' | 'smtp25' | 'imap993' | 'pop995'

/**
 * Other names of a cloud's SMTP endpoint that answer as it does: `smtp-legacy.office365.com`, the legacy-TLS
 * opt-in endpoint (lab-scenario.md Additions; microsoft-behaviour.md §8.4.2).
 */
export const SMTP_HOST_ALIASES: Partial<Record<Cloud, string[]>> = {global: ['smtp-legacy.office365.com']}
export const LAB_SERVICES: LabService[] = ['https', 'smtp587', 'smtp25', 'imap993', 'pop995']

export interface ListenAddress {
  host: string
  /** 0: chosen by the system. */
  port: number
}

export type LabBinding = Record<LabService, ListenAddress>

export const REAL_PORTS: Record<LabService, number> = {https: 443, smtp587: 587, smtp25: 25, imap993: 993, pop995: 995}

export const DEFAULT_BINDING: LabBinding = {
  https: {host: '127.0.0.1', port: 0},
  smtp587: {host: '127.0.0.1', port: 0},
  smtp25: {host: '127.0.0.1', port: 0},
  imap993: {host: '127.0.0.1', port: 0},
  pop995: {host: '127.0.0.1', port: 0},
}

/** --port-base N: https N, SMTP 587 N+1, SMTP 25 N+2, IMAP N+3, POP N+4, on 127.0.0.1. */
export function portBaseBinding(base: number): LabBinding {
  const at = (offset: number): ListenAddress => ({host: '127.0.0.1', port: base + offset})
  return {https: at(0), smtp587: at(1), smtp25: at(2), imap993: at(3), pop995: at(4)}
}

export const PORT_BASE_MIN = 1024
export const PORT_BASE_MAX = 65535 - 4

/** The default loopback prefix of --real-ports: 127.0.65.1 HTTPS, .2 SMTP, .3 IMAP and POP (global cloud). */
export const DEFAULT_REAL_PORTS_PREFIX = '127.0.65'

/**
 * --real-ports: one loopback address per host name, each service on its real port. The HTTPS hosts share .1;
 * the mail hosts get .2, .3… in SMTP, IMAP, POP order, one per distinct name (DoD serves all three on one name).
 */
export function realPortsBinding(cloud: Cloud, prefix = DEFAULT_REAL_PORTS_PREFIX): LabBinding {
  const e = CLOUD_ENDPOINTS[cloud]
  const mailHosts = [...new Set([e.smtpHost, e.imapHost, e.popHost].map((h) => h.toLowerCase()))]
  const addressOf = (host: string) => `${prefix}.${2 + mailHosts.indexOf(host.toLowerCase())}`
  return {
    https: {host: `${prefix}.1`, port: 443},
    smtp587: {host: addressOf(e.smtpHost), port: 587},
    smtp25: {host: addressOf(e.smtpHost), port: 25},
    imap993: {host: addressOf(e.imapHost), port: 993},
    pop995: {host: addressOf(e.popHost), port: 995},
  }
}

/** A loopback prefix of three octets (127.x.y), or undefined when it is not one. */
export function parseLoopbackPrefix(text: string): string | undefined {
  const m = /^127\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim())
  if (!m || Number(m[1]) > 255 || Number(m[2]) > 255) return undefined
  return `127.${Number(m[1])}.${Number(m[2])}`
}

/**
 * The hosts-file lines for a real-ports binding and cloud: every real name of a service to its address.
 * Only the running services are listed (no mail: no SMTP/IMAP/POP lines).
 */
export function hostsFileLines(binding: LabBinding, cloud: Cloud, mail = true): string[] {
  const e = CLOUD_ENDPOINTS[cloud]
  const byAddress = new Map<string, string[]>()
  const add = (address: string, ...hosts: string[]) => {
    const list = byAddress.get(address) ?? []
    for (const h of hosts) if (!list.includes(h)) list.push(h)
    byAddress.set(address, list)
  }
  add(binding.https.host, ...authorityHostsOf(cloud), e.graphHost)
  if (mail) {
    add(binding.smtp587.host, e.smtpHost, ...(SMTP_HOST_ALIASES[cloud] ?? []))
    add(binding.smtp25.host, e.smtpHost, ...(SMTP_HOST_ALIASES[cloud] ?? []))
    add(binding.imap993.host, e.imapHost)
    add(binding.pop995.host, e.popHost)
  }
  return [...byAddress].map(([address, hosts]) => `${address} ${hosts.join(' ')}`)
}

/** The one line `lab serve` prints when a port cannot be bound, naming the cause and the way out. */
export function bindFailureLine(service: LabService, address: ListenAddress, code: string | undefined): string {
  const where = `${address.host}:${address.port}`
  if (code === 'EACCES' || code === 'EPERM') {
    return `cannot bind ${where} (${service}): ports below 1024 need root or CAP_NET_BIND_SERVICE ` +
      '(e.g. sudo setcap cap_net_bind_service=+ep "$(command -v node)"); without them use --port-base'
  }
  if (code === 'EADDRINUSE') return `cannot bind ${where} (${service}): the address is in use (another lab or a local mail server?)`
  if (code === 'EADDRNOTAVAIL') return `cannot bind ${where} (${service}): the address is not available on this machine (macOS: sudo ifconfig lo0 alias ${address.host})`
  return `cannot bind ${where} (${service}): ${code ?? 'unknown error'}`
}

/** A service that could not listen where it was asked to. */
export class LabBindError extends Error {
  constructor(
    readonly service: LabService,
    readonly address: ListenAddress,
    readonly code: string | undefined,
  ) {
    super(bindFailureLine(service, address, code))
  }
}

/** server.listen(address) as a promise; a failure becomes a LabBindError naming the service. */
export function listenOn(
  server: {listen(port: number, host: string, cb: () => void): unknown; once(e: 'error', l: (err: Error) => void): unknown; off(e: 'error', l: (err: Error) => void): unknown},
  service: LabService,
  address: ListenAddress,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (err: Error) => reject(new LabBindError(service, address, (err as NodeJS.ErrnoException).code))
    server.once('error', failed)
    server.listen(address.port, address.host, () => {
      server.off('error', failed)
      resolve()
    })
  })
}
