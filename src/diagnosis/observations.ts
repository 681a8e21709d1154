// What the run observed, as the diagnosis reads it: each check's status and outcome, and the few facts that
// several decisions share (which logins worked, the token's roles and object ID, what Graph said). This is the
// one place that reads other checks' evidence; everything else in the diagnosis uses these typed fields.
import type {CheckId, CheckOutcome, CheckStatus} from '../core/check.js'
import {PROTOCOLS, ROLE_FOR, rolesOf, type Protocol} from '../core/protocol.js'
import type {Settings} from '../settings/types.js'

export interface RunObserved {
  settings: Settings
  /** Every check that was part of the run, with the runner's status (skip and error included). */
  status: ReadonlyMap<CheckId, CheckStatus>
  /** What each check that finished decided. */
  outcomes: ReadonlyMap<CheckId, CheckOutcome>
  /** Whether the run sent a test message (only then is Send As proven or refused). */
  sendTest: boolean
}

export interface Observations extends RunObserved {
  /** Protocols whose XOAUTH2 login (and mailbox access, for IMAP) worked. */
  loggedIn: ReadonlySet<Protocol>
  /** The Exchange token's `roles`, when a token was obtained ([] when it has none). */
  roles?: readonly string[]
  /** The Exchange token's `oid`: the enterprise application's object ID. */
  tokenObjectId?: string
  /** The app registration's object ID, when Graph could read it. */
  appRegistrationObjectId?: string
}

export function observe(run: RunObserved): Observations {
  const claims = run.outcomes.get('token.claims')?.evidence ?? run.outcomes.get('token.acquire')?.evidence
  const graph = run.outcomes.get('graph.access')?.evidence
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
  const worked = (p: Protocol): boolean => ['pass', 'warn'].includes(run.status.get(`${p}.login`) ?? 'skip')
  return {
    ...run,
    loggedIn: new Set(PROTOCOLS.filter(worked)),
    roles: claims ? rolesOf(claims) ?? [] : undefined,
    tokenObjectId: text(claims?.oid),
    appRegistrationObjectId: text(graph?.applicationObjectId),
  }
}

/** Protocols that logged in through their own role: that proves the service principal exists with the token's
 * oid and holds FullAccess on the mailbox. SMTP through RBAC for Applications proves neither. */
export function provenByRole(o: Observations): Protocol[] {
  return PROTOCOLS.filter((p) => o.loggedIn.has(p) && (o.roles ?? []).includes(ROLE_FOR[p]))
}

/** SMTP logged in although the token lacks SMTP.SendAsApp: an RBAC for Applications assignment covers it. */
export function smtpThroughRbac(o: Observations): boolean {
  return o.loggedIn.has('smtp') && o.roles !== undefined && !o.roles.includes(ROLE_FOR.smtp)
}
