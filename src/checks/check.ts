// A check: one file, one stable dotted ID. Checks decide; they never print. Only the runner marks `skip`
// (a need did not pass) and `error` (the check crashed).

import type {CheckId, CheckOutcome} from '../core/check.js'
import type {NetworkMap} from '../net/routes.js'
import type {GraphResult} from '../probes/graph.js'
import type {SessionSlots} from '../probes/session-slots.js'
import type {TokenResult} from '../probes/token.js'
import type {GraphFacts} from './graph/facts.js'
import type {CredentialResult} from './token/credential.js'
import type {ExchangeTokenFact} from './token/facts.js'
import type {LoadedExchangeEvidence} from '../remedies/exchange-evidence.js'
import type {SettingSources, Settings} from '../settings/types.js'

export interface RunOptions {
  /** Send one real message (proves Send As). */
  sendTest: boolean
  /** Recipient of the test message (default: the mailbox itself). */
  sendTestTo?: string
  /** POP login form: two-step (Exchange's) or one-line (a product's, replayed by `check --pop-auth one-line`). */
  popAuth?: 'two-step' | 'one-line'
  /** Days before a client secret's expiry that count as "expiring". */
  secretWarningDays: number
  /** Keep protocol transcripts in the report. */
  verbose: boolean
  /** Per-check timeout. */
  timeoutMs: number
  /** The ObjectId the admin says was passed to New-ServicePrincipal (also in settings). */
  now: () => Date
  /** What the Exchange admin's evidence script collected (check --exchange-evidence); absent otherwise. */
  exchangeEvidence?: LoadedExchangeEvidence
  /** Fleet runs (check --targets): token requests and Graph reads shared between targets (src/fleet/shared-requests.ts). */
  shared?: SharedRequests
}

/** Requests one run shares with the others of a fleet: the same key gets the same (pending or done) answer. */
export interface SharedRequests {
  token(key: string, request: () => Promise<TokenResult>): Promise<TokenResult>
  /** `key` undefined: not shared (per-mailbox reads), only counted. */
  graph<T>(key: string | undefined, read: () => Promise<GraphResult<T>>): Promise<GraphResult<T>>
}

/** What checks learn and hand to later checks, typed (internal; never serialised into the report). */
export interface RunFacts {
  /** token.acquire: the Exchange token and its decoded claims. */
  exchangeToken?: ExchangeTokenFact
  /** token.acquire: what it presented (the loaded certificate, the federated token's claims). */
  credential?: CredentialResult
  /** graph.access: what Graph says about the app, and a reader for more. */
  graph?: GraphFacts
  /** <p>.connect: its verified session, open, for <p>.login to continue on (closed at the run's end if unclaimed). */
  mailSessions?: SessionSlots
  /** Run once when every check has finished (whatever their results): releases what checks left open. */
  atRunEnd?: Array<() => void>
}

export interface CheckContext {
  settings: Settings
  sources: SettingSources
  options: RunOptions
  /** Lab routing (real host names → loopback) and CA; absent against Microsoft. */
  network?: NetworkMap
  /** Outcomes of the checks already finished, by ID. */
  results: ReadonlyMap<CheckId, CheckOutcome>
  facts: RunFacts
  /** Aborted when the check's deadline passes (reason: an Error named CheckTimeout) or the run is cancelled. */
  signal: AbortSignal
  /** The check's absolute deadline (Date.now() ms): every network wait ends by it. */
  deadline?: number
}

export interface Check {
  id: CheckId
  title: string
  /** IDs of checks that must pass (or warn) first; otherwise this one is skipped. */
  needs?: readonly CheckId[]
  /** IDs of checks whose findings this one reads when they ran: it waits for them, whatever their result. */
  after?: readonly CheckId[]
  /** False when the check does not apply to these settings (e.g. IMAP not configured): it is left out. */
  applies?(ctx: Pick<CheckContext, 'settings' | 'options' | 'network'>): boolean
  timeoutMs?: number
  run(ctx: CheckContext): Promise<CheckOutcome>
}
