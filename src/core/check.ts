// The checks' shared vocabulary: their IDs (a closed set, so a misspelt `needs` or lookup fails to compile),
// their statuses, and what a check decides. The check interface itself lives in checks/check.ts.
import type {Cause} from './cause.js'
import type {Protocol} from './protocol.js'

export type CheckId =
  | 'config.values' | 'config.secret' | 'config.certificate' | 'config.scope' | 'config.token-url' | 'config.cloud' | 'config.auth'
  | `config.${Protocol}`
  | 'token.acquire' | 'token.claims'
  | 'graph.access' | 'graph.permissions' | 'graph.secrets' | 'graph.certificates' | 'graph.federation'
  | `${Protocol}.connect` | `${Protocol}.login`
  | 'exchange.evidence'

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip' | 'error'

export interface TranscriptLine {
  /** Milliseconds since the probe started. */
  t: number
  dir: 'C' | 'S' | '*' // client, server, or a note (TLS established, connection closed…)
  text: string // redacted at the source: XOAUTH2 strings and tokens never appear
}

/** What a check decided. Only the runner marks `skip` (a need did not pass) and `error` (it crashed). */
export interface CheckOutcome<E extends Record<string, unknown> = Record<string, unknown>> {
  status: 'pass' | 'warn' | 'fail'
  summary: string
  evidence?: E
  causes?: Cause[]
  transcript?: TranscriptLine[]
}
