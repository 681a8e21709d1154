// Runs the pattern table over text (a log, a transcript, one server reply). Fast on large logs: a pattern's
// regex runs only when one of its cheap literals occurs in the text.

import type {CauseId} from '../core/cause-ids.js'
import type {Confidence} from '../core/cause.js'
import type {FixValues} from '../diagnosis/catalogue.js'
import {extractIds, type MicrosoftIds} from './extract.js'
import {PATTERNS, type Pattern, type PatternSource, type Resolved, type Rootness} from './patterns.js'

export interface Match {
  patternId: string
  label: string
  source: PatternSource
  causeIds: CauseId[]
  confidence: Confidence
  rootness: Rootness
  alternatives: CauseId[]
  next: string[]
  /** The matched text as it stands in the input (not redacted: callers that print it must redact). */
  matchedText: string
  /** Offset in the input. */
  index: number
  /** Microsoft's IDs found in and just after the match. */
  ids: MicrosoftIds
  /** Values the reply names (client ID, tenant, addresses). */
  values: Partial<FixValues>
  /** Set for a graded fallback (see Pattern.fallback). */
  fallback?: number
}

// How far after a match its correlation/trace IDs may stand (MSAL puts them after the description).
const ID_WINDOW = 700

function lineEnd(text: string, from: number, max = Infinity): number {
  const n = text.indexOf('\n', from)
  return Math.min(n === -1 ? text.length : n, from + max)
}

function windowFor(text: string, m: RegExpExecArray, source: PatternSource): string {
  const end = m.index + m[0].length
  // Exchange's diagnostic suffix belongs to the same reply line; Entra's IDs follow the description.
  const stop = source === 'entra' ? Math.min(text.length, end + ID_WINDOW) : Math.min(lineEnd(text, end), end + 300)
  return text.slice(m.index, stop)
}

function idsFor(text: string, m: RegExpExecArray, source: PatternSource): MicrosoftIds {
  const ids = extractIds(windowFor(text, m, source))
  // Entra's window can reach the next log line; an Exchange server suffix there is not this error's.
  if (source === 'entra') delete ids.server
  else if (source !== 'graph') {
    delete ids.correlationId
    delete ids.traceId
    delete ids.timestamp
  }
  return ids
}

// How far after a match its context (the sentence a resolver reads) may reach.
const CONTEXT_WINDOW = 800

function runPattern(p: Pattern, text: string, out: Match[]): void {
  if (!p.literals.some((l) => text.includes(l))) return
  const re = new RegExp(p.regex.source, p.regex.flags.includes('g') ? p.regex.flags : `${p.regex.flags}g`)
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++
      continue
    }
    let r: Resolved = {}
    if (p.resolve) {
      const context = text.slice(m.index, lineEnd(text, m.index, CONTEXT_WINDOW))
      const resolved = p.resolve(m, context, text.slice(Math.max(0, m.index - 40), m.index))
      if (!resolved) continue
      r = resolved
    }
    out.push({
      patternId: r.id ?? p.id,
      label: r.label ?? p.label,
      source: p.source,
      causeIds: [...(r.causes ?? p.causes)],
      confidence: r.confidence ?? p.confidence,
      rootness: r.rootness ?? p.rootness,
      alternatives: [...(r.alternatives ?? p.alternatives)],
      next: [...(r.next ?? p.next)],
      // Drop a wrapper's closing quote, e.g. Python's `b'…')`.
      matchedText: m[0].trim().replace(/\\?['"]\)?[,;]?$/, ''),
      index: m.index,
      ids: idsFor(text, m, p.source),
      values: {...(p.values ? p.values(m) : {}), ...r.values},
      fallback: p.fallback,
    })
  }
}

/** Drops graded fallbacks that a specific match of the same source already explains (overlapping or near). */
function dropExplainedFallbacks(all: Match[]): Match[] {
  const specific = all.filter((m) => m.fallback === undefined)
  return all.filter((m) => {
    if (m.fallback === undefined) return true
    const start = m.index - m.fallback
    const end = m.index + m.matchedText.length + m.fallback
    return !specific.some((s) => s.source === m.source && s.index < end && s.index + s.matchedText.length > start)
  })
}

/**
 * Every recognised Microsoft 365 mail/auth failure in `text`, in input order. Where two patterns matched
 * overlapping text, only the longer (more specific) match is kept.
 */
export function classifyText(text: string, patterns: readonly Pattern[] = PATTERNS): Match[] {
  const found: Match[] = []
  for (const p of patterns) runPattern(p, text, found)
  const all = dropExplainedFallbacks(found)
  all.sort((a, b) => a.index - b.index || b.matchedText.length - a.matchedText.length)
  // Two readings of the same reply (same source, overlapping text): keep the longer, more specific one. Readings
  // from different sources (a Graph code inside an SMTP relay's reply) both stay.
  const kept: Match[] = []
  const lastEnd = new Map<PatternSource, number>()
  for (const m of all) {
    const end = m.index + m.matchedText.length
    const prior = lastEnd.get(m.source) ?? -1
    if (m.index < prior && end <= prior) continue
    kept.push(m)
    if (end > prior) lastEnd.set(m.source, end)
  }
  return kept
}
