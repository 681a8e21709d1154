// A probe's connection-level failure (DNS, TCP, TLS) → the network cause that names it.
import {buildCause, type FixValues} from '../../diagnosis/catalogue.js'
import type {Cause} from '../../core/cause.js'
import type {CauseId} from '../../core/cause-ids.js'
import type {ProbeResult} from '../../probes/types.js'
import {CAUSE_OF_NETWORK_FAILURE, networkFailureOf} from '../../core/network-error.js'

export function networkCauseOf(result: ProbeResult, checkId: string, v: FixValues): Cause | undefined {
  const e = result.error
  if (!e) return undefined
  const known = networkFailureOf(`${e.code ?? ''} ${e.message}`)
  let id: CauseId | undefined
  if (e.tlsModeMismatch) id = 'network.tls-mode-mismatch'
  else if (e.stage === 'dns') id = 'network.dns-failure'
  // At the connect stage an unrecognised code is still "could not connect", worded by its code, never as a refusal.
  else if (e.stage === 'connect') id = known ? CAUSE_OF_NETWORK_FAILURE[known.kind] : 'network.connection-refused'
  else if (e.stage === 'tls') id = 'network.tls-failure'
  else if (e.stage === 'greeting' && known?.kind === 'timeout') id = 'network.timeout'
  if (!id) return undefined
  return buildCause(id, {
    confidence: 'certain',
    summary: `${result.protocol.toUpperCase()} ${result.host}:${result.port}: ${e.message}`,
    evidence: {stage: e.stage, code: e.code, message: e.message, serverText: e.serverText},
    checks: [checkId],
  }, {...v, protocol: result.protocol, host: result.host, port: result.port, serverReply: e.serverText, networkCode: known?.code ?? e.code})
}
