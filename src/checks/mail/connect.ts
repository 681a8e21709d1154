// smtp.connect / imap.connect / pop.connect: DNS, TCP, TLS (version, certificate) and, for SMTP, STARTTLS —
// everything before a login, run while the token is being fetched.
import {probeEndpoint} from '../../probes/tcp-tls.js'
import type {Protocol} from '../../core/protocol.js'
import {PROTOCOL_LABEL} from '../../core/protocol.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from '../config/fix-values.js'
import {networkCauseOf} from './network-causes.js'


function connectCheck(protocol: Protocol): Check {
  const id = `${protocol}.connect` as const
  return {
    id,
    title: `${PROTOCOL_LABEL[protocol]} server reachable over TLS`,
    applies: ({settings}) => settings.protocols.includes(protocol),
    async run(ctx) {
      const endpoint = ctx.settings[protocol]!
      const result = await probeEndpoint({
        ...endpoint, protocol, map: ctx.network, timeoutMs: Math.min(ctx.options.timeoutMs, 10_000), signal: ctx.signal,
      })
      const evidence = {host: endpoint.host, port: endpoint.port, tls: result.tls, greeting: result.greeting, starttlsOffered: result.starttlsOffered, error: result.error}
      if (!result.ok) {
        const cause = networkCauseOf(result, id, fixValuesFromSettings(ctx.settings))
        return {status: 'fail', summary: result.error!.message, evidence, causes: cause ? [cause] : [], transcript: result.transcript}
      }
      const tlsText = result.tls?.protocol ? `${result.tls.protocol}${endpoint.tls === 'starttls' ? ' via STARTTLS' : ''}` : 'no TLS'
      return {status: 'pass', summary: `${endpoint.host}:${endpoint.port} answered; ${tlsText}, certificate trusted`, evidence, transcript: result.transcript}
    },
  }
}

export const smtpConnect = connectCheck('smtp')
export const imapConnect = connectCheck('imap')
export const popConnect = connectCheck('pop')
