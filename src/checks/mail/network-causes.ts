// A probe's connection-level failure (DNS, TCP, TLS) → the network cause that names it.
import {buildCause, type FixValues} from '../../diagnosis/catalogue.js'
import type {Cause} from '../../core/cause.js'
import type {CauseId} from '../../core/cause-ids.js'
import type {ProbeResult} from '../../probes/types.js'

export function networkCauseOf(result: ProbeResult, checkId: string, v: FixValues): Cause | undefined {
  const e = result.error
  if (!e) return undefined
  let id: CauseId | undefined
  if (e.tlsModeMismatch) id = 'network.tls-mode-mismatch'
  else if (e.stage === 'dns') id = 'network.dns-failure'
  else if (e.stage === 'connect') id = e.code === 'ETIMEDOUT' || /time/i.test(e.message) ? 'network.timeout' : 'network.connection-refused'
  else if (e.stage === 'tls') id = 'network.tls-failure'
  else if (e.stage === 'greeting' && (e.code === 'ETIMEDOUT' || /time/i.test(e.message))) id = 'network.timeout'
  if (!id) return undefined
  return buildCause(id, {
    confidence: 'certain',
    summary: `${result.protocol.toUpperCase()} ${result.host}:${result.port}: ${e.message}`,
    evidence: {stage: e.stage, code: e.code, message: e.message, serverText: e.serverText},
    checks: [checkId],
  }, {...v, protocol: result.protocol, host: result.host, port: result.port, serverReply: e.serverText})
}
