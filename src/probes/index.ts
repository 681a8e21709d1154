// One entry point per protocol login. SMTP and IMAP first run the endpoint probe (DNS, TCP, TLS, greeting,
// capabilities: our own code, so network and TLS-mode failures get exact stages), then the library login on a
// second connection; POP does both on one connection with our own client. Never throws for a server or network
// failure: the result says `ok:false` and where.
import type {NetworkMap} from '../net/routes.js'
import {Secret} from '../core/secret.js'
import {imapProbe} from './imap-probe.js'
import {popProbe} from './pop-probe.js'
import {smtpProbe, type LoginOptions} from './smtp-probe.js'
import {probeEndpoint} from './tcp-tls.js'
import type {ProbeResult} from './types.js'
import type {Protocol, TlsMode} from '../core/protocol.js'

export {buildXoauth2, createRedactor} from './xoauth2.js'
export {probeEndpoint, type EndpointOptions} from './tcp-tls.js'
export {smtpProbe, type SmtpProbeOptions, type LoginOptions} from './smtp-probe.js'
export {imapProbe, type ImapProbeOptions} from './imap-probe.js'
export {popProbe} from './pop-probe.js'

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
  /** Also keep the pre-flight connection's transcript (SMTP/IMAP), before the login session's. */
  verbose?: boolean
}

/** The login alone, without the pre-flight: for callers that probed the endpoint already (as `check` does). */
export function loginOnly(protocol: Protocol, o: LoginOptions & {sendTest?: {from: string; to: string}}): Promise<ProbeResult> {
  if (protocol === 'pop') return popProbe(o)
  return protocol === 'smtp' ? smtpProbe(o) : imapProbe(o)
}

export async function probeLogin(protocol: Protocol, o: ProbeLoginOptions): Promise<ProbeResult> {
  const started = Date.now()
  const token = o.token instanceof Secret ? o.token.reveal() : o.token
  const base = {...o.endpoint, map: o.map, timeoutMs: o.timeoutMs, signal: o.signal, user: o.user, token}
  if (protocol === 'pop') return popProbe(base)

  const pre = await probeEndpoint({...o.endpoint, protocol, map: o.map, timeoutMs: o.timeoutMs, signal: o.signal})
  if (!pre.ok) return pre
  const loginStarted = Date.now()
  const login = await loginOnly(protocol, {...base, sendTest: o.sendTest})
  const shift = loginStarted - started
  const loginLines = login.transcript.map((l) => ({...l, t: l.t + shift}))
  return {
    ...login,
    // Facts the library does not expose come from the pre-flight, which saw the same server.
    greeting: login.greeting ?? pre.greeting,
    capabilities: login.capabilities ?? pre.capabilities,
    tls: login.tls ?? pre.tls,
    starttlsOffered: login.starttlsOffered ?? pre.starttlsOffered,
    durationMs: Date.now() - started,
    transcript: o.verbose ? [...pre.transcript, {t: shift, dir: '*', text: 'login session'}, ...loginLines] : loginLines,
  }
}
