// Sessions a connect check opened and verified, parked for the login check of the same protocol, so the login
// after the token costs only its own commands (no second DNS/TCP/TLS/greeting/capabilities). A parked session does
// not keep the process alive, is closed at its idle deadline if nobody claims it, and closeAll() at the run's end
// closes whatever is left: no socket outlives the run.
import type {Protocol} from '../core/protocol.js'
import {quit, type Session} from './tcp-tls.js'

export interface ClaimedSession {
  session: Session
  /** How long the session waited between the connect check and the claim (for the token, mostly). */
  waitedMs: number
  /** Set when the session cannot carry the login (it was then closed); the login opens a fresh one. */
  unusable?: string
}

interface Parked {
  session: Session
  protocol: Protocol
  parkedAt: number
  timer: NodeJS.Timeout
}

export class SessionSlots {
  private readonly parked = new Map<Protocol, Parked>()

  /** Parks `session` for `protocol`'s login; after `idleMs` unclaimed it is closed. A session parked before is closed. */
  park(protocol: Protocol, session: Session, idleMs: number): void {
    this.release(protocol)
    session.idle(true)
    const timer = setTimeout(() => {
      if (this.parked.get(protocol)?.session !== session) return
      session.transcript.note(`not claimed within ${idleMs} ms: closed`)
      this.release(protocol)
    }, idleMs)
    timer.unref()
    this.parked.set(protocol, {session, protocol, parkedAt: Date.now(), timer})
  }

  /** Takes the parked session (once); undefined when there was none or its idle deadline passed. */
  claim(protocol: Protocol): ClaimedSession | undefined {
    const p = this.parked.get(protocol)
    if (!p) return undefined
    this.parked.delete(protocol)
    clearTimeout(p.timer)
    const waitedMs = Date.now() - p.parkedAt
    const unusable = p.session.unusable()
    if (unusable) {
      p.session.close()
      return {session: p.session, waitedMs, unusable}
    }
    p.session.idle(false)
    return {session: p.session, waitedMs}
  }

  /** The run is over: every session still parked says goodbye (not waited for) and is closed. */
  closeAll(): void {
    for (const protocol of [...this.parked.keys()]) this.release(protocol)
  }

  private release(protocol: Protocol): void {
    const p = this.parked.get(protocol)
    if (!p) return
    this.parked.delete(protocol)
    clearTimeout(p.timer)
    quit(p.session, protocol)
  }
}
