// Exchange replies that are not about permissions at all (microsoft-behaviour.md §8.6–§8.8): throttling and quotas,
// outbound-spam blocks, an expired token mid-session, POP's refusal of the one-line AUTH. The live login/send
// classification consults this when the shared pattern table has no root cause for the reply. Linear regexes only.
import type {CauseId} from '../../core/cause-ids.js'

export interface LimitReading {
  id: CauseId
  /** Exchange's detail in words, e.g. the suggested backoff. */
  detail?: string
}

const RULES: {test: RegExp; id: CauseId; detail?: (m: RegExpExecArray) => string}[] = [
  // §8.6.1: one sending connection too many for the mailbox (current and older text), after DATA.
  {test: /\b4\.3\.2 (?:Concurrent connections limit exceeded|STOREDRV\.ClientSubmit; sender thread limit exceeded)/, id: 'exchange.throttled',
    detail: () => 'more than 3 concurrent sending connections for the mailbox'},
  {test: /SubmissionQuotaExceededException/, id: 'exchange.throttled', detail: () => 'the daily recipient limit (10,000) is used up'},
  // §8.6.3: IMAP throttling, BAD or NO.
  {test: /Request is throttled\. Suggested Backoff Time: (\d{1,12}) milliseconds/, id: 'exchange.throttled',
    detail: (m) => `Suggested Backoff Time: ${m[1]} milliseconds`},
  // §8.6.1 restricted sender and §8.6.2 NDR codes.
  {test: /OutboundSpamException/, id: 'exchange.outbound-blocked'},
  {test: /\b5\.1\.8 Access denied, bad outbound sender/, id: 'exchange.outbound-blocked'},
  {test: /\b5\.7\.501 (?:Service unavailable\. Spam abuse detected|Access denied, spam abuse detected)/, id: 'exchange.outbound-blocked'},
  {test: /\b5\.7\.705 Access denied, tenant has exceeded threshold/, id: 'exchange.outbound-blocked'},
  {test: /\b5\.7\.708 (?:Service unavailable\. )?Access denied, traffic not accepted from this IP/, id: 'exchange.outbound-blocked'},
  // §8.8.2: the session outlived its token.
  {test: /Session invalidated - AccessTokenExpired/, id: 'client.token-not-refreshed'},
  // §8.7: POP's answer to `AUTH XOAUTH2 <initial response>` on one line (or a token too long for it).
  {test: /-ERR Protocol error\. Connection is closed\. 10\b/, id: 'client.pop-one-line-auth'},
]

/** What a limit/block/expiry reply means, or undefined when the text is none of them. */
export function readLimitReply(text: string): LimitReading | undefined {
  const bounded = text.slice(0, 4096)
  for (const rule of RULES) {
    const m = rule.test.exec(bounded)
    if (m) return rule.detail ? {id: rule.id, detail: rule.detail(m)} : {id: rule.id}
  }
  return undefined
}
