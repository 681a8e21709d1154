// Runs the pattern table over text (a log, a transcript, one server reply). Fast on large logs: a pattern's
// regex runs only when one of its cheap literals occurs in the text.

import type {CauseId} from '../core/cause-ids.js'
import type {Confidence} from '../core/cause.js'
import type {FixValues} from '../diagnosis/catalogue.js'
import {extractIds, type MicrosoftIds} from './extract.js'
import {PATTERNS, type Pattern, type PatternSource, type Rootness} from './patterns.js'

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
}

// How far after a match its correlation/trace IDs may stand (MSAL puts them after the description).
const ID_WINDOW = 700

function lineEnd(text: string, from: number): number {
  const n = text.indexOf('\n', from)
  return n === -1 ? text.length : n
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

function runPattern(p: Pattern, text: string, out: Match[]): void {
  if (!p.literals.some((l) => text.includes(l))) return
  const re = new RegExp(p.regex.source, p.regex.flags.includes('g') ? p.regex.flags : `${p.regex.flags}g`)
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++
      continue
    }
    if (p.accept && !p.accept(m)) continue
    out.push({
      patternId: p.id,
      label: p.label,
      source: p.source,
      causeIds: [...p.causes],
      confidence: p.confidence,
      rootness: p.rootness,
      alternatives: [...p.alternatives],
      next: [...p.next],
      // Drop a wrapper's closing quote, e.g. Python's `b'…')`.
      matchedText: m[0].trim().replace(/\\?['"]\)?[,;]?$/, ''),
      index: m.index,
      ids: idsFor(text, m, p.source),
      values: p.values ? p.values(m) : {},
    })
  }
}

/**
 * Every recognised Microsoft 365 mail/auth failure in `text`, in input order. Where two patterns matched
 * overlapping text, only the longer (more specific) match is kept.
 */
export function classifyText(text: string, patterns: readonly Pattern[] = PATTERNS): Match[] {
  const all: Match[] = []
  for (const p of patterns) runPattern(p, text, all)
  all.sort((a, b) => a.index - b.index || b.matchedText.length - a.matchedText.length)
  const kept: Match[] = []
  let lastEnd = -1
  let last: Match | undefined
  for (const m of all) {
    const end = m.index + m.matchedText.length
    if (last && m.index < lastEnd) {
      // Overlap: keep the longer one (sorted so the first at an index is the longest).
      if (end <= lastEnd) continue
    }
    kept.push(m)
    if (end > lastEnd) {
      lastEnd = end
      last = m
    }
  }
  return kept
}
