// A login on a mail session: the one the connect check opened while the token was fetched (claimed from the
// run's SessionSlots), or a fresh one when that is gone. One session, one transcript: the pre-auth part, the wait
// for the token, the login. Never throws for a server or network failure: the result says `ok:false` and where.
import {ProbeFailure} from './failure.js'
import type {ClaimedSession} from './session-slots.js'
import {openSession, quit, resultOf, type EndpointOptions, type Session, type SessionFacts} from './tcp-tls.js'
import {Transcript} from './transcript.js'
import type {ProbeResult} from './types.js'
import {createRedactor} from './xoauth2.js'
import type {Protocol} from '../core/protocol.js'

export interface LoginOptions extends Omit<EndpointOptions, 'protocol'> {
  user: string
  token: string
}

/** One protocol's commands after pre-auth, up to and including what proves the login (no goodbye); notes the login. */
export type LoginFlow<O extends LoginOptions> = (s: Session, o: O) => Promise<Pick<ProbeResult, 'sent'> | undefined>

export async function runLogin<O extends LoginOptions>(protocol: Protocol, o: O, flow: LoginFlow<O>, parked?: ClaimedSession): Promise<ProbeResult> {
  const endpoint = {...o, protocol}
  const redact = createRedactor(o.user, o.token)
  let session: Session | undefined
  let t: Transcript
  let facts: SessionFacts
  if (parked && !parked.unusable) {
    session = parked.session
    t = session.transcript
    facts = session.facts
    t.redactWith(redact)
    session.bind({signal: o.signal, timeoutMs: o.timeoutMs})
    t.note(`waited ${parked.waitedMs} ms for the token; the login continues on this session`)
  } else {
    t = new Transcript(redact, o.transcript === true)
    facts = {}
    if (parked?.unusable) t.note(`the session opened by ${protocol}.connect could not be used (${parked.unusable}): a new session`)
  }
  const started = Date.now()
  const spokenAtClaim = t.serverLines
  try {
    session ??= await openSession(endpoint, t, facts)
    const extra = (await flow(session, o)) ?? {}
    quit(session, protocol)
    return {...resultOf(endpoint, t, facts), ...extra, durationMs: Date.now() - started}
  } catch (err) {
    session?.close()
    if (!(err instanceof ProbeFailure)) throw err
    // A parked session the server dropped just as the login began (an idle timeout racing the claim) is no verdict
    // on the login: it ran on a fresh session instead. A server that answered anything has spoken: no retry.
    if (parked && !parked.unusable && CLOSED.has(err.error.code ?? '') && t.serverLines === spokenAtClaim) {
      t.note('the server closed the session before answering the login')
      return runLogin(protocol, o, flow, {...parked, unusable: 'the server closed it before answering the login'})
    }
    return {...resultOf(endpoint, t, facts, err), durationMs: Date.now() - started}
  }
}

const CLOSED = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED'])
