// One entry point per protocol login, all on our own sessions (src/probes/tcp-tls.ts): DNS, TCP, TLS, greeting,
// capabilities with exact stages, then the login's own commands. `check` opens the session in <p>.connect while the
// token is fetched and continues it in <p>.login (a ClaimedSession); without one, a login opens its own. Never
// throws for a server or network failure: the result says `ok:false` and where.
import type {NetworkMap} from '../net/routes.js'
import {Secret} from '../core/secret.js'
import {imapProbe} from './imap-probe.js'
import {popProbe, type PopAuthForm} from './pop-probe.js'
import type {ClaimedSession} from './session-slots.js'
import {smtpProbe, type LoginOptions} from './smtp-probe.js'
import type {ProbeResult} from './types.js'
import type {Protocol, TlsMode} from '../core/protocol.js'

export {buildXoauth2, createRedactor} from './xoauth2.js'
export {openEndpoint, probeEndpoint, type EndpointOptions} from './tcp-tls.js'
export {smtpProbe, type SmtpProbeOptions, type LoginOptions} from './smtp-probe.js'
export {imapProbe, type ImapProbeOptions} from './imap-probe.js'
export {popProbe, popLoginInForm, type PopAuthForm} from './pop-probe.js'
export {SessionSlots, type ClaimedSession} from './session-slots.js'

export interface ProbeEndpointSpec {
  host: string
  port: number
  tls: TlsMode
}

export interface ProbeLoginOptions {
  endpoint: ProbeEndpointSpec
  /** The mailbox address sent as `user=` in XOAUTH2. */
  user: string
  /** The access token; revealed only to build the XOAUTH2 string. */
  token: Secret | string
  map?: NetworkMap
  /** Upper bound for each single wait. */
  timeoutMs: number
  signal?: AbortSignal
  /** SMTP only: send one message from → to after login. */
  sendTest?: {from: string; to: string}
  /** Record the session's redacted transcript (pre-auth and login); absent or false: none is kept. */
  transcript?: boolean
}

export interface LoginOnlyOptions extends LoginOptions {
  sendTest?: {from: string; to: string}
  /** POP only: the AUTH form (default two-step, Exchange's). */
  popAuth?: PopAuthForm
}

/** The login, on `parked` (the connect check's session) when given and usable, else on a session of its own. */
export function loginOnly(protocol: Protocol, o: LoginOnlyOptions, parked?: ClaimedSession): Promise<ProbeResult> {
  if (protocol === 'pop') return popProbe(o, parked, o.popAuth)
  return protocol === 'smtp' ? smtpProbe(o, parked) : imapProbe(o, parked)
}

/** Endpoint and login on one session, for callers without a connect check (tests, the integration tier). */
export function probeLogin(protocol: Protocol, o: ProbeLoginOptions): Promise<ProbeResult> {
  const token = o.token instanceof Secret ? o.token.reveal() : o.token
  return loginOnly(protocol, {...o.endpoint, map: o.map, timeoutMs: o.timeoutMs, signal: o.signal, user: o.user, token, sendTest: o.sendTest, transcript: o.transcript})
}
