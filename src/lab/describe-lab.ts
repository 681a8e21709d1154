// What `o365doctor lab serve` prints about a running lab: endpoints, hosts-file lines (--real-ports), how to trust
// the CA in each runtime, and the client settings to use. A pure function of the handle, so it is testable; the
// secret is never printed, only where to find it.

import {CLOUD_ENDPOINTS} from '../core/cloud.js'
import {hostsFileLines, REAL_PORTS, SMTP_HOST_ALIASES, type LabBinding} from './lab-binding.js'
import type {LabHandle} from './lab-types.js'

export interface DescribeOptions {
  /** The CA as PEM (a file the user keeps: --ca-file, --ca-out, or the temporary one). */
  caFile?: string
  /** The CA as DER (--ca-out), for Windows and Java tools that prefer it. */
  caDerFile?: string
  /** --real-ports: the lab is on the real ports; print the hosts-file lines. */
  realPorts?: boolean
  /** --log FILE. */
  logFile?: string
}

export function describeLab(lab: LabHandle, options: DescribeOptions = {}): string[] {
  const s = lab.scenario
  const e = CLOUD_ENDPOINTS[s.tenant.cloud]
  const https = `${lab.hosts.https}:${lab.ports.https}`
  const lines: string[] = [`Lab running: scenario ${s.name} (${s.source}), ${e.label}`]
  if (s.description) lines.push(`  ${s.description}`)
  if (s.lab.switchTo) lines.push(`  After ${s.lab.switchTo.afterMs} ms it answers as ${s.lab.switchTo.scenario} (lab.switchTo).`)
  lines.push('', 'Endpoints (real host:port -> loopback):')
  lines.push(`  ${e.authorityHost}:443 (and ${e.authorityAliases.join(', ')}) -> ${https}`)
  lines.push(`  ${e.graphHost}:443 -> ${https}`)
  const mail: [string, number, string, number][] = [
    [e.smtpHost, 587, lab.hosts.smtp587, lab.ports.smtp587],
    [e.smtpHost, 25, lab.hosts.smtp25, lab.ports.smtp25],
    [e.imapHost, 993, lab.hosts.imap993, lab.ports.imap993],
    [e.popHost, 995, lab.hosts.pop995, lab.ports.pop995],
  ]
  for (const [host, port, address, local] of mail) lines.push(`  ${host}:${port} -> ${local > 0 ? `${address}:${local}` : 'not running'}`)
  const smtpAliases = SMTP_HOST_ALIASES[s.tenant.cloud] ?? []
  if (smtpAliases.length && lab.ports.smtp587 > 0) lines.push(`  ${smtpAliases.join(', ')}: as ${e.smtpHost}`)
  if (options.realPorts) {
    const binding = Object.fromEntries(
      (Object.keys(REAL_PORTS) as (keyof typeof REAL_PORTS)[]).map((k) => [k, {host: lab.hosts[k], port: REAL_PORTS[k]}]),
    ) as LabBinding
    lines.push(
      '',
      'Hosts-file lines (a product configured exactly as at the customer then talks to the lab; remove them afterwards):',
      ...hostsFileLines(binding, s.tenant.cloud, lab.ports.smtp587 > 0).map((l) => `  ${l}`),
      '  Linux/macOS: /etc/hosts   Windows: C:\\Windows\\System32\\drivers\\etc\\hosts (as Administrator)',
      '  While they are in place this machine cannot reach the real Microsoft 365 under those names.',
    )
  } else {
    lines.push("  (the other clouds' host names are mapped the same way; any other host or port is refused)")
  }
  if (options.caFile) lines.push('', ...trustLines(options.caFile, options.caDerFile))
  if (options.logFile) lines.push('', `Log: every request and reply (no token, no secret) is appended to ${options.logFile}`)

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
  if (!options.realPorts) {
    lines.push(
      '',
      'A product that cannot be told the loopback ports by host name can use them directly: the certificate also names',
      `127.0.0.1, and https://${https}/${tenant}/oauth2/v2.0/token answers as ${e.authorityHost} does.`,
    )
  }
  return lines
}

/** The lab CA's common name (pki.ts), by which Windows finds it to remove it. */
export const LAB_CA_NAME = 'o365doctor lab CA (not Microsoft)'

/** How to make each runtime trust the lab CA, and how to undo it where it changes the machine. */
export function trustLines(pem: string, der?: string): string[] {
  const cer = der ?? pem
  return [
    `CA certificate: ${pem}${der ? ` (DER: ${der})` : ''}`,
    'Trust it in the product\'s runtime (only there; the lab CA can sign any name, so never trust it machine-wide for long):',
    `  Node.js   NODE_EXTRA_CA_CERTS=${pem}`,
    `  Python    SSL_CERT_FILE=${pem}   (requests/httpx: REQUESTS_CA_BUNDLE=${pem})`,
    `  curl      --cacert ${pem}`,
    '  Java      a copy of the JRE truststore with the CA added, given to the product only:',
    '              cp "$JAVA_HOME/lib/security/cacerts" lab-truststore.jks',
    `              keytool -importcert -noprompt -alias o365doctor-lab -file ${cer} -keystore lab-truststore.jks -storepass changeit`,
    '              java -Djavax.net.ssl.trustStore=lab-truststore.jks -Djavax.net.ssl.trustStorePassword=changeit …',
    '  .NET/Windows (current user\'s Root store; Windows asks to confirm):',
    `              certutil -user -addstore Root ${cer}`,
    `              PowerShell: Import-Certificate -FilePath ${cer} -CertStoreLocation Cert:\\CurrentUser\\Root`,
    `            remove it afterwards: certutil -user -delstore Root "${LAB_CA_NAME}"`,
    `              PowerShell: Get-ChildItem Cert:\\CurrentUser\\Root | Where-Object Subject -eq "CN=${LAB_CA_NAME}" | Remove-Item`,
  ]
}
