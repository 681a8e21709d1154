// What `o365doctor lab serve` prints about a running lab: endpoints, CA file and the client settings to use.
// A pure function of the handle, so it is testable; the secret is never printed, only where to find it.

import {CLOUD_ENDPOINTS} from '../core/cloud.js'
import type {LabHandle} from './lab-types.js'

export interface DescribeOptions {
  caFile?: string
}

export function describeLab(lab: LabHandle, options: DescribeOptions = {}): string[] {
  const s = lab.scenario
  const e = CLOUD_ENDPOINTS[s.tenant.cloud]
  const https = `127.0.0.1:${lab.ports.https}`
  const lines: string[] = [`Lab running: scenario ${s.name} (${s.source}), ${e.label}`]
  if (s.description) lines.push(`  ${s.description}`)
  lines.push('', 'Endpoints (real host:port -> loopback):')
  lines.push(`  ${e.authorityHost}:443 (and ${e.authorityAliases.join(', ')}) -> ${https}`)
  lines.push(`  ${e.graphHost}:443 -> ${https}`)
  const mail: [string, number, number][] = [
    [e.smtpHost, 587, lab.ports.smtp587],
    [e.smtpHost, 25, lab.ports.smtp25],
    [e.imapHost, 993, lab.ports.imap993],
    [e.popHost, 995, lab.ports.pop995],
  ]
  for (const [host, port, local] of mail) lines.push(`  ${host}:${port} -> ${local > 0 ? `127.0.0.1:${local}` : 'not running'}`)
  lines.push('  (the other clouds\' host names are mapped the same way; any other host or port is refused)')

  if (options.caFile) {
    lines.push('', `CA certificate: ${options.caFile}`, `  Trust it in the product, e.g. NODE_EXTRA_CA_CERTS=${options.caFile} for Node.js.`)
  }

  const c = s.client
  lines.push('', 'Client settings (the scenario\'s client: block):')
  const tenant = c.tenant ?? s.tenant.id
  const show = (label: string, value: string | undefined) => {
    if (value !== undefined) lines.push(`  ${label.padEnd(17)} ${value}`)
  }
  show('tenant', c.tenant)
  show('client ID', c.clientId)
  if (c.clientSecret !== undefined) {
    lines.push(`  ${'client secret'.padEnd(17)} ******** (${c.clientSecret.length} characters: client.clientSecret in ${s.source})`)
  }
  show('scope', c.scope)
  show('token URL', c.tokenUrl ?? `https://${e.authorityHost}/${tenant}/oauth2/v2.0/token`)
  show('mailbox', c.mailbox)
  show('Exchange ObjectId', c.exchangeObjectId)
  show('from', c.from)
  for (const p of ['smtp', 'imap', 'pop'] as const) {
    const ep = c[p]
    if (ep) show(p.toUpperCase(), `${ep.host}:${ep.port} (${ep.tls})`)
  }
  lines.push(
    '',
    'A product that cannot be told the loopback ports by host name can use them directly: the certificate also names',
    `127.0.0.1, and https://${https}/${tenant}/oauth2/v2.0/token answers as ${e.authorityHost} does.`,
  )
  return lines
}
