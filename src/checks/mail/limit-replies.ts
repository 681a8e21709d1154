// Exchange replies that are not about permissions at all (microsoft-behaviour.md §8.6–§8.8): throttling and quotas,
// outbound-spam blocks, an expired token mid-session, POP's refusal of the one-line AUTH. The facts (wording, cause,
// the limit's detail) live in the knowledge table (knowledge/patterns.ts, knowledge/data/exchange-ndr.ts); this is
// the view of them that the live login/send classification and its tests ask for.
import type {CauseId} from '../../core/cause-ids.js'
import {classifyText, type Match} from '../../knowledge/classify.js'

export interface LimitReading {
  id: CauseId
  /** Exchange's detail in words, e.g. the suggested backoff. */
  detail?: string
}

const LIMIT_CAUSES: ReadonlySet<CauseId> = new Set(['exchange.throttled', 'exchange.outbound-blocked', 'client.token-not-refreshed', 'client.pop-one-line-auth'])

/** The reading of one table match: its cause and the limit's detail, if the table gives one. */
export function limitReading(m: Match): LimitReading {
  const id = m.causeIds[0]!
  return m.values.throttleDetail ? {id, detail: m.values.throttleDetail} : {id}
}

/** A reply that names its limit: the table's own text pattern for it, or a status code read with certainty (a
 * bare `421 4.3.2 Service not available` is only likely a limit, from its code). */
function namesLimit(m: Match): boolean {
  return m.rootness === 'root' && LIMIT_CAUSES.has(m.causeIds[0]!) && (m.confidence === 'certain' || !m.patternId.startsWith('smtp.code.'))
}

/** What a limit/block/expiry reply means (the table's first such reading), or undefined when the text is none of them. */
export function readLimitReply(text: string): LimitReading | undefined {
  const m = classifyText(text.slice(0, 4096)).find(namesLimit)
  return m ? limitReading(m) : undefined
}
