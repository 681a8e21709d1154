// A refused login/mailbox command/send → the cause it points to, using the same pattern table as `explain`,
// so the live check and the log explainer never disagree. A bare "authentication failed" with a good token
// is exchange.authorization-failed until the evidence separates its candidates (see diagnosis/refine.ts).
import type {Confidence} from '../../core/cause.js'
import type {CauseId} from '../../core/cause-ids.js'
import {classifyText} from '../../knowledge/classify.js'
import type {ProbeError} from '../../probes/types.js'
import type {Protocol} from '../../core/protocol.js'
import {limitReading} from './limit-replies.js'

export const AUTHORIZATION_CANDIDATES: CauseId[] = [
  'exchange.service-principal-missing', 'exchange.service-principal-wrong-object-id', 'exchange.mailbox-permission-missing',
  // An address without an Exchange Online mailbox gets the same generic reply (§8.5); graph.mailbox can tell.
  'exchange.no-mailbox',
]

export interface LoginClassification {
  id: CauseId
  confidence: Confidence
  candidates?: CauseId[]
  /** Exchange's detail in words (e.g. the suggested backoff), for the cause's throttleDetail. */
  detail?: string
}

export function classifyLoginFailure(protocol: Protocol, error: ProbeError): LoginClassification {
  const text = error.serverText ?? ''
  // The most confident reply that names its cause (a server can send a generic line before the specific one).
  const rank: Record<Confidence, number> = {certain: 0, likely: 1, possible: 2}
  const root = classifyText(text)
    .filter((m) => m.rootness === 'root')
    .sort((a, b) => rank[a.confidence] - rank[b.confidence] || a.index - b.index)[0]
  // Throttling, outbound blocks, token expiry and POP's one-line refusal (§8.6–§8.8) are root replies too; a
  // limit's detail (the suggested backoff) comes with them.
  if (root && root.causeIds[0]) {
    const {detail} = limitReading(root)
    return {id: root.causeIds[0], confidence: root.confidence, ...(detail ? {detail} : {})}
  }
  if (error.stage === 'mailbox' && protocol === 'imap') return {id: 'exchange.imap-disabled', confidence: 'likely'}
  if (error.stage === 'send') return {id: 'exchange.send-as-denied', confidence: 'possible'}
  // POP disabled on the mailbox answers like a bad login (microsoft-behaviour.md §5, [U]): one more candidate.
  const candidates: CauseId[] = protocol === 'pop' ? [...AUTHORIZATION_CANDIDATES, 'exchange.pop-disabled'] : AUTHORIZATION_CANDIDATES
  return {id: 'exchange.authorization-failed', confidence: 'possible', candidates}
}
