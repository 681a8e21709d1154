// `explain`: turn pasted error text or a whole log into ranked causes. Replies that name the mistake (AADSTS
// codes, 5.7.139 …Tenant, SendAsDenied) rank above generic failures (535 5.7.3, NO AUTHENTICATE failed.), so a
// log with AADSTS7000215 followed by retries and 535s leads with the bad secret, not with every symptom.

import type {CauseId} from '../core/cause-ids.js'
import type {Cause, Confidence} from '../core/cause.js'
import {buildCause, CATALOGUE, type FixValues} from '../diagnosis/catalogue.js'
import type {Protocol} from '../core/protocol.js'
import {classifyText, type Match} from '../knowledge/classify.js'
import type {MicrosoftIds} from '../knowledge/extract.js'
import type {PatternSource, Rootness} from '../knowledge/patterns.js'
import {maskSecrets} from './mask.js'

export interface ExplainFinding {
  patternId: string
  label: string
  source: PatternSource
  rootness: Rootness
  confidence: Confidence
  causeIds: CauseId[]
  /** The first occurrence, trimmed, secrets masked. */
  matchedText: string
  occurrences: number
  /** 1-based line of the first occurrence. */
  line: number
  alternatives: CauseId[]
  next: string[]
  ids: MicrosoftIds
}

export interface ExplainResult {
  recognised: boolean
  /** One line for people. */
  summary: string
  /** Ranked, most likely first; the same shape as `check`'s causes. */
  causes: Cause[]
  /** Ranked like the causes; one per distinct reply. */
  findings: ExplainFinding[]
  verdict: 'pass' | 'warn' | 'fail'
}

export interface ExplainOptions {
  /** Values known from elsewhere (flags), used in the remediation. */
  values?: FixValues
}

export const NOTHING_RECOGNISED = 'No Microsoft 365 mail/auth failure recognised in the text.'

const MAX_QUOTE = 300
const CONFIDENCE_RANK: Record<Confidence, number> = {certain: 0, likely: 1, possible: 2}
const PROTOCOL_OF: Partial<Record<PatternSource, Protocol>> = {smtp: 'smtp', imap: 'imap', pop: 'pop'}

/** Distinct replies: one finding per pattern (per AADSTS code for the catch-all). */
function groupMatches(matches: Match[]): Map<string, {first: Match; count: number; ids: MicrosoftIds}> {
  const groups = new Map<string, {first: Match; count: number; ids: MicrosoftIds}>()
  for (const m of matches) {
    const key = m.patternId === 'aadsts.other' ? `aadsts.other.${m.values.aadstsCode ?? ''}` : m.patternId
    const g = groups.get(key)
    if (g) {
      g.count++
      // Keep the first IDs found; later occurrences fill the gaps.
      g.ids = {...m.ids, ...g.ids}
    } else groups.set(key, {first: m, count: 1, ids: {...m.ids}})
  }
  return groups
}

function lineOf(text: string, index: number, cache: {at: number; line: number}): number {
  // Findings are visited in input order, so counting resumes where it stopped.
  if (index < cache.at) {
    cache.at = 0
    cache.line = 1
  }
  for (let i = text.indexOf('\n', cache.at); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    cache.line++
    cache.at = i + 1
  }
  return cache.line
}

function quote(text: string): string {
  // Capped before masking: the quote shows MAX_QUOTE characters, and the masks' runs overflow V8's regexp stack on
  // a multi-megabyte line (an 8 MB base64 run crashed explain).
  const masked = maskSecrets(text.length > MAX_QUOTE * 4 ? text.slice(0, MAX_QUOTE * 4) : text).replace(/\\r\\n|\\n/g, ' ').replace(/\s+/g, ' ').trim()
  return masked.length > MAX_QUOTE ? `${masked.slice(0, MAX_QUOTE - 1)}…` : masked
}

function rank(a: ExplainFinding, b: ExplainFinding): number {
  if (a.rootness !== b.rootness) return a.rootness === 'root' ? -1 : 1
  if (a.confidence !== b.confidence) return CONFIDENCE_RANK[a.confidence] - CONFIDENCE_RANK[b.confidence]
  return a.line - b.line || b.occurrences - a.occurrences
}

function valuesFor(f: ExplainFinding, match: Match, base: FixValues): FixValues {
  const v: FixValues = {...base, ...match.values}
  const protocol = PROTOCOL_OF[f.source]
  if (protocol && !v.protocol) v.protocol = protocol
  if (f.ids.correlationId) v.correlationId = f.ids.correlationId
  if (f.ids.traceId) v.traceId = f.ids.traceId
  if (f.ids.timestamp) v.timestamp = f.ids.timestamp
  return v
}

function evidenceOf(f: ExplainFinding): Record<string, unknown> {
  const e: Record<string, unknown> = {pattern: f.patternId, text: f.matchedText, line: f.line, occurrences: f.occurrences}
  if (f.ids.correlationId) e.correlationId = f.ids.correlationId
  if (f.ids.traceId) e.traceId = f.ids.traceId
  if (f.ids.timestamp) e.timestamp = f.ids.timestamp
  if (f.ids.server) e.server = f.ids.server
  return e
}

function symptomExplanation(f: ExplainFinding, root: ExplainFinding | undefined): string {
  const options = f.alternatives.slice(0, 6).map((id) => CATALOGUE[id].title.replace(/\.$/, ''))
  let text = `The log shows "${f.matchedText}". Microsoft gives this reply without a reason, and it can mean several things${
    options.length > 0 ? `: ${options.join('; ')}` : ''
  }. ${f.next[0] ?? ''}`.trim()
  if (root && root.source === 'entra' && f.source !== 'entra') {
    text += ` The earlier Entra ID error (${root.label}) probably explains this too: without a token, the login cannot succeed.`
  }
  return text
}

/** Explain error text or a log: ranked causes with the evidence, alternatives and next checks. */
export function explainText(text: string, options: ExplainOptions = {}): ExplainResult {
  const matches = classifyText(text)
  if (matches.length === 0) {
    return {recognised: false, summary: NOTHING_RECOGNISED, causes: [], findings: [], verdict: 'pass'}
  }
  const cache = {at: 0, line: 1}
  const firstMatch = new Map<ExplainFinding, Match>()
  const findings: ExplainFinding[] = []
  for (const g of groupMatches(matches).values()) {
    const m = g.first
    const f: ExplainFinding = {
      patternId: m.patternId,
      label: m.label,
      source: m.source,
      rootness: m.rootness,
      confidence: m.confidence,
      causeIds: m.causeIds,
      matchedText: quote(m.matchedText),
      occurrences: g.count,
      line: lineOf(text, m.index, cache),
      alternatives: m.alternatives,
      next: m.next,
      ids: g.ids,
    }
    findings.push(f)
    firstMatch.set(f, m)
  }
  findings.sort(rank)

  // Values any reply names (client ID, addresses) help every remediation; flags win over them.
  const shared: FixValues = {}
  for (const m of matches) {
    for (const [k, val] of Object.entries(m.values)) {
      if (k !== 'aadstsCode' && !(k in shared)) (shared as Record<string, unknown>)[k] = val
    }
  }
  const base: FixValues = {...shared, ...options.values}
  const root = findings.find((f) => f.rootness === 'root')

  const causes: Cause[] = []
  const seen = new Set<CauseId>()
  for (const f of findings) {
    const id = f.causeIds[0]!
    if (seen.has(id)) continue
    seen.add(id)
    const symptom = f.rootness === 'symptom'
    // A generic failure after a named one is most likely its consequence: never rank it as more than possible.
    const confidence: Confidence = symptom && root ? 'possible' : f.confidence
    const candidates = symptom || confidence === 'possible' ? f.alternatives.filter((a) => a !== id) : undefined
    causes.push(
      buildCause(
        id,
        {
          confidence,
          summary: symptom ? f.label : undefined,
          explanation: symptom ? symptomExplanation(f, root) : undefined,
          evidence: evidenceOf(f),
          checks: ['explain'],
          candidates,
        },
        valuesFor(f, firstMatch.get(f)!, base),
      ),
    )
  }

  const verdict = causes.some((c) => c.severity === 'error') ? 'fail' : causes.some((c) => c.severity === 'warning') ? 'warn' : 'pass'
  const summary = `${findings.length} recognised ${findings.length === 1 ? 'reply' : 'replies'}; most likely: ${causes[0]!.summary}`
  return {recognised: true, summary, causes, findings, verdict}
}
