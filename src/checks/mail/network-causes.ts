// A probe's connection-level failure (DNS, TCP, TLS) → the network cause that names it.
import {buildCause, type FixValues} from '../../diagnosis/catalogue.js'
import type {Cause} from '../../core/cause.js'
import type {CauseId} from '../../core/cause-ids.js'
import type {ProbeError, ProbeResult} from '../../probes/types.js'
import {CAUSE_OF_NETWORK_FAILURE, networkFailureOf} from '../../core/network-error.js'

/** Codes that say the server sent what Exchange Online never sends (sizes, garbage, no STARTTLS). */
const UNEXPECTED = new Set(['ELINETOOLONG', 'ELINEFLOOD', 'EREPLYTOOLARGE', 'EPROTOCOL', 'EBINARY', 'ESTARTTLS', 'ESTARTTLSINJECTION'])
const TIMEOUT = new Set(['ETIMEDOUT', 'GREETING_TIMEOUT', 'CONNECT_TIMEOUT', 'ESOCKET_TIMEOUT'])
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'NoConnection', 'EConnectionClosed'])

/** The network cause of a probe failure that is not the server's verdict on the login, or undefined. */
export function networkCauseIdOf(e: ProbeError): CauseId | undefined {
  // What happens after AUTH/mailbox/send commands (a reply, or a close as Exchange does on some refusals) is the
  // server's judgement: the login classifier reads it. Only time-outs and impossible replies are the network's.
  const judged = e.stage === 'auth' || e.stage === 'mailbox' || e.stage === 'send'
  if (e.tlsModeMismatch) return 'network.tls-mode-mismatch'
  if (e.stage === 'dns') return 'network.dns-failure'
  const code = e.code ?? ''
  if (TIMEOUT.has(code) || (e.stage === 'connect' && /timed? ?out/i.test(e.message))) return 'network.timeout'
  if (e.stage === 'connect') {
    if (RESET.has(code)) return 'network.connection-reset'
    // An unrecognised code is still "could not connect", worded by its code, never called an active refusal.
    const known = networkFailureOf(`${code} ${e.message}`)
    return known ? CAUSE_OF_NETWORK_FAILURE[known.kind] : 'network.connection-refused'
  }
  if (e.stage === 'tls') return 'network.tls-failure'
  if (UNEXPECTED.has(code)) return 'network.unexpected-reply'
  if (judged) return undefined
  if (RESET.has(code) || /closed|reset|socket hang up/i.test(e.message)) return 'network.connection-reset'
  return undefined
}

export function networkCauseOf(result: ProbeResult, checkId: string, v: FixValues): Cause | undefined {
  const e = result.error
  if (!e) return undefined
  const known = networkFailureOf(`${e.code ?? ''} ${e.message}`)
  const id = networkCauseIdOf(e)
  if (!id) return undefined
  return buildCause(id, {
    confidence: 'certain',
    summary: `${result.protocol.toUpperCase()} ${result.host}:${result.port}${e.stage ? ` (at ${e.stage})` : ''}: ${e.message}`,
    evidence: {stage: e.stage, code: e.code, message: e.message, serverText: e.serverText},
    checks: [checkId],
  }, {...v, protocol: result.protocol, host: result.host, port: result.port, serverReply: e.serverText, networkCode: known?.code ?? e.code})
}
