// Facts the token checks hand to later checks (kept in the run's shared facts, never in the report).
import type {CheckContext} from '../check.js'
import type {Secret} from '../../core/secret.js'

export interface ExchangeTokenFact {
  token: Secret
  claims: Record<string, unknown>
}

const KEY = 'token.exchange'

export function setExchangeToken(ctx: CheckContext, fact: ExchangeTokenFact): void {
  ctx.facts.set(KEY, fact)
}

export function exchangeToken(ctx: CheckContext): ExchangeTokenFact | undefined {
  return ctx.facts.get(KEY) as ExchangeTokenFact | undefined
}
