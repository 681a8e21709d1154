// config.smtp / config.imap / config.pop: host, port and TLS mode are ones Exchange Online offers.
// SMTP: port 587 (or 25) with STARTTLS; no implicit TLS on 465. IMAP: 993 implicit TLS. POP: 995 implicit TLS.
import {buildCause} from '../../diagnosis/catalogue.js'
import type {Cause} from '../../core/cause.js'
import type {CauseId} from '../../core/cause-ids.js'
import type {Protocol} from '../../core/protocol.js'
import {CLOUD_ENDPOINTS, cloudsOfHost} from '../../core/cloud.js'
import {type Endpoint, type Settings} from '../../settings/types.js'
import {PROTOCOL_LABEL} from '../../core/protocol.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from './fix-values.js'
import {outcomeFromCauses} from './outcome.js'


export function expectedEndpoint(protocol: Protocol, settings: Settings): Endpoint {
  const e = CLOUD_ENDPOINTS[settings.cloud]
  if (protocol === 'smtp') return {host: e.smtpHost, port: 587, tls: 'starttls'}
  return protocol === 'imap' ? {host: e.imapHost, port: 993, tls: 'implicit'} : {host: e.popHost, port: 995, tls: 'implicit'}
}

/** Why this port/TLS combination cannot work with Exchange Online, or undefined when it can. */
export function tlsModeProblem(protocol: Protocol, endpoint: Endpoint): string | undefined {
  const {port, tls} = endpoint
  if (protocol === 'smtp') {
    if (tls === 'none') return `SMTP without TLS on port ${port}: Exchange Online requires STARTTLS before authentication`
    if (port === 465) return 'SMTP on port 465 (implicit TLS / "SSL"): Exchange Online does not offer it; use 587 with STARTTLS'
    if (tls === 'implicit') return `implicit TLS ("SSL") on port ${port}: Exchange Online speaks plaintext first and upgrades with STARTTLS`
    if (port !== 587 && port !== 25) return `SMTP on port ${port}: Exchange Online accepts client submission on 587 (or 25) with STARTTLS`
    return undefined
  }
  const want = protocol === 'imap' ? 993 : 995
  if (port !== want || tls !== 'implicit') {
    return `${PROTOCOL_LABEL[protocol]} on port ${port} with ${tls === 'implicit' ? 'implicit TLS' : tls === 'starttls' ? 'STARTTLS' : 'no TLS'}: Exchange Online offers ${PROTOCOL_LABEL[protocol]} only on ${want} with implicit TLS (SSL/TLS)`
  }
  return undefined
}

function endpointCheck(protocol: Protocol): Check {
  const id = `config.${protocol}` as const
  return {
    id,
    title: `${PROTOCOL_LABEL[protocol]} host, port and TLS mode`,
    applies: ({settings}) => settings.protocols.includes(protocol),
    async run({settings}) {
      const endpoint = settings[protocol]!
      const expected = expectedEndpoint(protocol, settings)
      const v = {...fixValuesFromSettings(settings), protocol, host: endpoint.host, port: endpoint.port, tls: endpoint.tls,
        expectedHost: expected.host, expectedPort: expected.port}
      const evidence = {host: endpoint.host, port: endpoint.port, tls: endpoint.tls, expected}
      const causes: Cause[] = []
      const hostClouds = cloudsOfHost(endpoint.host)
      // A host of another cloud is config.cloud's finding; here only hosts no cloud uses for this.
      if (endpoint.host !== expected.host && hostClouds.length === 0) {
        causes.push(buildCause(`config.${protocol}-host` as CauseId, {
          confidence: 'certain',
          summary: `${PROTOCOL_LABEL[protocol]} host ${endpoint.host} is not Exchange Online's (${expected.host})`,
          evidence, checks: [id],
        }, v))
      }
      const tlsProblem = tlsModeProblem(protocol, endpoint)
      if (tlsProblem) {
        causes.push(buildCause(`config.${protocol}-tls-mode` as CauseId, {
          confidence: 'certain', summary: tlsProblem.charAt(0).toUpperCase() + tlsProblem.slice(1), evidence, checks: [id],
        }, v))
      }
      return outcomeFromCauses(causes, `${endpoint.host}:${endpoint.port} ${endpoint.tls === 'implicit' ? 'implicit TLS' : endpoint.tls}`, evidence)
    },
  }
}

export const configSmtp = endpointCheck('smtp')
export const configImap = endpointCheck('imap')
export const configPop = endpointCheck('pop')
