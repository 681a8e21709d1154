// Runs the pattern table over text (a log, a transcript, one server reply), in one pass: a single scan (a lookup
// table, one read per character) finds the patterns' literals, and each pattern's regex then runs only on the lines that hold one of its
// literals (every pattern matches within one line). Linear in the input: no regex runs over the whole text.

import type {CauseId} from '../core/cause-ids.js'
import type {Confidence} from '../core/cause.js'
import type {FixValues} from '../diagnosis/catalogue.js'
import {extractIds, type MicrosoftIds} from './extract.js'
import {PATTERNS, type Pattern, type PatternSource, type Resolved, type Rootness} from './patterns.js'

export interface Match {
  patternId: string
  label: string
  source: PatternSource
  /** Shared with the pattern table: read-only. */
  causeIds: readonly CauseId[]
  confidence: Confidence
  rootness: Rootness
  alternatives: readonly CauseId[]
  next: readonly string[]
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

/** Where the line holding `from` ends, looking at most `max` characters ahead (so a huge line costs `max`). */
function lineEnd(text: string, from: number, max = Infinity): number {
  if (max === Infinity) {
    const n = text.indexOf('\n', from)
    return n === -1 ? text.length : n
  }
  const n = text.slice(from, from + max).indexOf('\n')
  return n === -1 ? Math.min(text.length, from + max) : from + n
}

function windowFor(text: string, m: {index: number; 0: string}, source: PatternSource): string {
  const end = m.index + m[0].length
  // Exchange's diagnostic suffix belongs to the same reply line; Entra's IDs follow the description.
  const stop = source === 'entra' ? Math.min(text.length, end + ID_WINDOW) : lineEnd(text, end, 300)
  return text.slice(m.index, stop)
}

function idsFor(text: string, m: {index: number; 0: string}, source: PatternSource): MicrosoftIds {
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

/**
 * The text a resolver reads from `index`: the rest of the line and, when the line stops mid-sentence (a message
 * wrapped by a terminal or a log formatter), the next line too.
 */
function contextAt(text: string, index: number): string {
  const end = lineEnd(text, index, CONTEXT_WINDOW)
  const line = text.slice(index, end)
  if (end >= text.length || end - index >= CONTEXT_WINDOW || !endsMidSentence(text, index, end)) return line
  const next = nextLineAt(text, end).trim()
  return next.length > 0 ? `${line.trimEnd()} ${next}` : line
}

/** Mid-sentence: the last visible character of text[from, end) is a letter, digit, comma or hyphen. */
function endsMidSentence(text: string, from: number, end: number): boolean {
  let last = end - 1
  while (last > from && /\s/.test(text[last]!)) last--
  return /[\p{L}\p{N},-]/u.test(text[last] ?? '')
}

/** The start of the line after the line break at `end`, as much of it as contextAt reads. */
const nextLineAt = (text: string, end: number): string => text.slice(end + 1, lineEnd(text, end + 1, CONTEXT_WINDOW / 2))

// Longer lines are read in pieces this long (a regex never sees more at once).
const MAX_LINE = 64 * 1024

/**
 * Where the patterns' literals can start, as a lookup table read once per character: `starts` is 1 at the hash of
 * the first four characters of every literal (a shorter literal marks every character that can follow it), 7 bits
 * each (the literals are ASCII; any other character only costs a false candidate). A candidate position is checked
 * against the literals that start with its first two characters. About 2-3 ms/MB; the combined-literal regex this
 * replaces cost 10 ms/MB.
 */
interface Scanner {
  starts: Uint8Array
  /** By the key of two characters: the literals that start with them, each with the patterns (by position) it serves. */
  byPair: ({literal: string; patterns: number[]}[] | undefined)[]
}
const scanners = new WeakMap<readonly Pattern[], Scanner>()

const pairKey = (a: number, b: number) => ((a & 0x7f) << 7) | (b & 0x7f)
// A rolling 16-bit hash of the last four characters (each shifted 4 bits further; the fifth falls off the top). A
// 64 KB table stays in cache (an exact key's table would not), and four characters pass far fewer ordinary words
// than three ("the", "aut", "cer" begin literals and half the words of a log).
const WIDTH = 4
const roll = (h: number, c: number) => ((h << 4) ^ (c & 0x7f)) & 0xffff

/** Marks every key whose first characters are `prefix` (fewer than WIDTH: any characters after it). */
function mark(starts: Uint8Array, prefix: string, h = 0, at = 0): void {
  if (at === WIDTH) {
    starts[h] = 1
    return
  }
  if (at < prefix.length) mark(starts, prefix, roll(h, prefix.charCodeAt(at)), at + 1)
  else for (let c = 0; c < 128; c++) mark(starts, prefix, roll(h, c), at + 1)
}

function scannerFor(patterns: readonly Pattern[]): Scanner {
  let s = scanners.get(patterns)
  if (!s) {
    const byLiteral = new Map<string, number[]>()
    patterns.forEach((p, i) => {
      for (const l of p.literals) {
        if (l.length < 2 || /[^\x20-\x7e]/.test(l)) throw new Error(`pattern ${p.id}: literal ${JSON.stringify(l)} must be two or more printable ASCII characters`)
        byLiteral.set(l, [...(byLiteral.get(l) ?? []), i])
      }
    })
    s = {starts: new Uint8Array(1 << 16), byPair: new Array(1 << 14)}
    // Longest first at each position, as before (the order patterns are first seen decides ties later).
    for (const literal of [...byLiteral.keys()].sort((x, y) => y.length - x.length)) {
      const list = byLiteral.get(literal)!
      const [a, b] = [literal.charCodeAt(0), literal.charCodeAt(1)]
      mark(s.starts, literal.slice(0, WIDTH))
      const same = s.byPair[pairKey(a, b)] ?? []
      same.push({literal, patterns: list})
      s.byPair[pairKey(a, b)] = same
    }
    scanners.set(patterns, s)
  }
  return s
}

/** A line's span; `line` is set when the line's text is already in hand (a memo key), to save cutting it again. */
type Span = [start: number, end: number, line?: string]

// Lines whose literal hits are remembered: the patterns a line of at most MEMO_LINE characters holds literals of
// depend on its text alone (a literal never holds a line break), so a repeated line, with hits or without, skips the
// character scan. A text of distinct lines stops looking after a while (each look costs a hash of the line).
const SCAN_MEMO_LINES = 256
const SCAN_MEMO_TRIAL = 4096
interface ScanMemo {
  /** Line text to the patterns (by position) it holds literals of, in the order first seen. */
  lines: Map<string, number[]>
  looks: number
  found: number
}
/** Per stream (its IdsRead) and pattern table. */
const scanMemos = new WeakMap<IdsRead, Map<readonly Pattern[], ScanMemo>>()

/** The value under `key`, made and stored on first use (one memo per stream and table or pattern). */
function entryOf<K extends object, V>(map: Map<K, V> | WeakMap<K, V>, key: K, make: () => V): V {
  let value = map.get(key)
  if (value === undefined) {
    value = make()
    map.set(key, value)
  }
  return value
}

function scanMemoFor(idsRead: IdsRead, patterns: readonly Pattern[]): ScanMemo {
  return entryOf(entryOf(scanMemos, idsRead, () => new Map()), patterns, () => ({lines: new Map(), looks: 0, found: 0}))
}

/**
 * For each pattern (by position) whose literals occur, the [start, end) line spans where they do, in the order
 * the patterns are first seen in the text.
 */
function linesToScan(text: string, patterns: readonly Pattern[], memo: ScanMemo): Map<number, Span[]> {
  const {starts, byPair} = scannerFor(patterns)
  const spans = new Map<number, Span[]>()
  const add = (p: number, start: number, end: number, line?: string): void => {
    let list = spans.get(p)
    if (!list) {
      list = []
      spans.set(p, list)
    }
    const prior = list[list.length - 1]
    if (prior && start < prior[1]) prior[1] = Math.max(prior[1], end)
    else list.push(line === undefined ? [start, end] : [start, end, line])
  }
  const n = text.length
  // The line being scanned, and the patterns hit in it when it is recorded for the memo.
  let lineStart = 0
  let lineStop = 0
  let hits: number[] | undefined
  const visit = (i: number): void => {
    const candidates = byPair[pairKey(text.charCodeAt(i), text.charCodeAt(i + 1))]
    if (candidates === undefined) return
    for (let k = 0; k < candidates.length; k++) {
      const {literal, patterns: served} = candidates[k]!
      if (!text.startsWith(literal, i)) continue
      let start = lineStart
      let end = lineStop
      if (end - start > MAX_LINE) {
        // A huge line: look at the piece around the literal only.
        start = Math.max(start, i - MAX_LINE / 2)
        end = Math.min(end, i + MAX_LINE / 2)
      }
      for (const p of served) {
        if (hits !== undefined && !hits.includes(p)) hits.push(p)
        add(p, start, end)
      }
    }
  }
  // The key of the four characters from i, rolled one character at a time; positions past the end read spaces
  // (only a literal shorter than four characters can start there).
  const keyBefore = (from: number): number => {
    let h = 0
    for (let j = from; j < from + WIDTH - 1; j++) h = roll(h, j < n ? text.charCodeAt(j) : 32)
    return h
  }
  const short = n < WIDTH
  while (lineStart < n) {
    const nl = text.indexOf('\n', lineStart)
    lineStop = nl === -1 ? n : nl
    hits = undefined
    if (lineMemo.enabled && lineStop - lineStart <= MEMO_LINE && (memo.looks < SCAN_MEMO_TRIAL || memo.found * 4 >= memo.looks)) {
      const line = text.slice(lineStart, lineStop)
      memo.looks++
      const known = memo.lines.get(line)
      if (known !== undefined) {
        memo.found++
        for (const p of known) add(p, lineStart, lineStop, line)
        lineStart = lineStop + 1
        continue
      }
      if (memo.lines.size < SCAN_MEMO_LINES) hits = []
    }
    // A literal has two or more characters: the last position of the text never starts one.
    const last = Math.min(lineStop, n - 1)
    if (short) {
      for (let i = lineStart; i < last; i++) visit(i)
    } else {
      let key = keyBefore(lineStart)
      for (let i = lineStart; i < last; i++) {
        const c = i + WIDTH - 1
        key = roll(key, c < n ? text.charCodeAt(c) : 32)
        if (starts[key] !== 0) visit(i)
      }
    }
    if (hits !== undefined) memo.lines.set(detach(text.slice(lineStart, lineStop)), hits)
    lineStart = lineStop + 1
  }
  return spans
}

// Microsoft's IDs are read for this many occurrences of a pattern: support needs the first ones, and a text that
// repeats one reply thousands of times must not pay for each.
const IDS_PER_PATTERN = 50

/** How many occurrences of each pattern have had their IDs read: per call, or shared by the blocks of one stream. */
export type IdsRead = Map<Pattern, number>

// A line seen again is replayed from a memo instead of re-running the regex and the resolver (a dense log repeats
// the same few replies millions of times). The regex sees only the line, so its matches are a function of the line
// text; a resolver also reads `context` (which may reach into the next line) and `before` (which may reach into the
// previous one), so a replay is used only when both are equal to a recorded reading. Bounded per pattern.
const MEMO_LINE = 1024
const MEMO_LINES = 64
const MEMO_VARIANTS = 32
// Characters the memo of one stream may hold in all (lines, quotes, keys): hostile text cannot grow it further.
const MEMO_CHARS = 2_000_000
const memoChars = new WeakMap<IdsRead, {n: number}>()
/** Tests turn the memo off to compare against the plain path. */
export const lineMemo = {enabled: true}

/** The resolver's verdict (null: it rejected the match), by contextKey, then by beforeKey. */
type Readings = Map<string, Map<string, Resolved | null>>
interface MemoMatch {
  /** Offset in the line and length of the regex match. */
  rel: number
  length: number
  matchedText: string
  values: Partial<FixValues> | undefined
  readings: Readings
  /** How many verdicts `readings` holds. */
  size: number
  /** Whether the line stops mid-sentence after the match (contextAt then reads the next line). */
  mid: boolean
}
type PatternMemo = Map<string, MemoMatch[]>
const memos = new WeakMap<IdsRead, Map<Pattern, PatternMemo>>()

/** A copy that does not keep the block it was cut from alive (V8 slices point into their parent). */
const detach = (s: string): string => (s.length < 13 ? s : JSON.parse(JSON.stringify(s)))
function detachValues<T extends object | undefined>(v: T): T {
  if (!v) return v
  const copy: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) copy[k] = typeof x === 'string' ? detach(x) : x
  return copy as T
}
const detachResolved = (r: Resolved | undefined): Resolved | undefined =>
  r && {...r, ...(r.id === undefined ? {} : {id: detach(r.id)}), ...(r.label === undefined ? {} : {label: detach(r.label)}), ...(r.values === undefined ? {} : {values: detachValues(r.values)})}

function memoFor(idsRead: IdsRead, p: Pattern): PatternMemo {
  return entryOf(entryOf(memos, idsRead, () => new Map()), p, () => new Map())
}

function makeMatch(p: Pattern, r: Resolved, matchedText: string, index: number, values: Partial<FixValues> | undefined, ids: MicrosoftIds): Match {
  const match: Match = {
    patternId: r.id ?? p.id,
    label: r.label ?? p.label,
    source: p.source,
    causeIds: r.causes ?? p.causes,
    confidence: r.confidence ?? p.confidence,
    rootness: r.rootness ?? p.rootness,
    alternatives: r.alternatives ?? p.alternatives,
    next: r.next ?? p.next,
    matchedText,
    index,
    ids,
    values: {...values, ...r.values},
  }
  if (p.fallback !== undefined) match.fallback = p.fallback
  return match
}

const beforeAt = (text: string, index: number): string => text.slice(Math.max(0, index - 40), index)

/**
 * For a match at `rel` in a memoised line [start, end): what besides the line decides contextAt (the next line,
 * read only when the line stops mid-sentence and ends before the window) and beforeAt (the text before the line,
 * read only when the match starts less than 40 characters into it). Whole texts where the window is exceeded.
 */
function contextKey(text: string, start: number, end: number, mm: MemoMatch): string {
  const index = start + mm.rel
  if (end - index >= CONTEXT_WINDOW) return `\u0002${contextAt(text, index)}`
  if (end >= text.length || !mm.mid) return ''
  return `\u0001${nextLineAt(text, end)}`
}
const beforeKey = (text: string, start: number, rel: number): string => (rel >= 40 ? '' : text.slice(Math.max(0, start + rel - 40), start))

/** Replays a memoised line at `start`, or returns false (nothing pushed) when a resolver's inputs differ. */
function replay(p: Pattern, text: string, start: number, end: number, recorded: MemoMatch[], out: Match[], seen: {n: number}): boolean {
  const picked: (Resolved | null)[] = []
  if (p.resolve) {
    for (const mm of recorded) {
      const verdict = mm.readings.get(contextKey(text, start, end, mm))?.get(beforeKey(text, start, mm.rel))
      if (verdict === undefined) return false
      picked.push(verdict)
    }
  }
  for (let k = 0; k < recorded.length; k++) {
    const mm = recorded[k]!
    let r: Resolved = {}
    if (p.resolve) {
      const verdict = picked[k]
      if (!verdict) continue
      r = verdict
    }
    seen.n++
    const index = start + mm.rel
    const ids = seen.n <= IDS_PER_PATTERN ? idsFor(text, {index, 0: text.slice(index, index + mm.length)}, p.source) : {}
    out.push(makeMatch(p, r, mm.matchedText, index, mm.values, ids))
  }
  return true
}

function runPattern(p: Pattern, text: string, spans: Span[], out: Match[], idsRead: IdsRead): void {
  const re = new RegExp(p.regex.source, p.regex.flags.includes('g') ? p.regex.flags : `${p.regex.flags}g`)
  const seen = {n: idsRead.get(p) ?? 0}
  const memo = memoFor(idsRead, p)
  let budget = memoChars.get(idsRead)
  if (!budget) {
    budget = {n: 0}
    memoChars.set(idsRead, budget)
  }
  for (const [start, end, known] of spans) {
    const line = known ?? text.slice(start, end)
    const memoable = lineMemo.enabled && end - start <= MEMO_LINE
    const recorded = memoable ? memo.get(line) : undefined
    if (recorded && replay(p, text, start, end, recorded, out, seen)) continue
    // Record a new line (while there is room), or the new readings of a known one (same matches, same order).
    const recording: MemoMatch[] | undefined = recorded ?? (memoable && memo.size < MEMO_LINES && budget.n < MEMO_CHARS ? [] : undefined)
    let k = 0
    re.lastIndex = 0
    for (let lm = re.exec(line); lm !== null; lm = re.exec(line)) {
      if (lm[0].length === 0) {
        re.lastIndex++
        continue
      }
      const index = start + lm.index
      // Drop a wrapper's closing quote, e.g. Python's `b'…')`.
      const matchedText = lm[0].trim().replace(/\\?['"]\)?[,;]?$/, '')
      const values = p.values ? p.values(lm) : undefined
      let mm: MemoMatch | undefined
      if (recording) {
        mm = recorded ? recording[k] : {rel: lm.index, length: lm[0].length, matchedText: detach(matchedText), values: detachValues(values), readings: new Map(), size: 0, mid: endsMidSentence(text, index, end)}
        if (!recorded) recording.push(mm!)
        k++
      }
      let r: Resolved = {}
      if (p.resolve) {
        const context = contextAt(text, index)
        const before = beforeAt(text, index)
        const resolved = p.resolve(lm, context, before)
        if (mm && mm.size < MEMO_VARIANTS && budget.n < MEMO_CHARS) {
          const ck = contextKey(text, start, end, mm)
          const bk = beforeKey(text, start, mm.rel)
          let byBefore = mm.readings.get(ck)
          if (!byBefore) {
            byBefore = new Map()
            mm.readings.set(detach(ck), byBefore)
          }
          if (!byBefore.has(bk)) {
            byBefore.set(detach(bk), detachResolved(resolved) ?? null)
            budget.n += ck.length + bk.length + 200
            mm.size++
          }
        }
        if (!resolved) continue
        r = resolved
      }
      seen.n++
      out.push(makeMatch(p, r, matchedText, index, values, seen.n <= IDS_PER_PATTERN ? idsFor(text, {index, 0: lm[0]}, p.source) : {}))
    }
    if (recording && !recorded) {
      memo.set(detach(line), recording)
      budget.n += line.length + recording.reduce((n, mm) => n + mm.matchedText.length + 100, 0)
    }
  }
  idsRead.set(p, seen.n)
}

// No match is longer than this (patterns cap their text); bounds the search for a fallback's neighbours.
const MAX_MATCH = 4096

/** Drops graded fallbacks that a specific match of the same source already explains (overlapping or near). */
function dropExplainedFallbacks(all: Match[]): Match[] {
  const specific = new Map<PatternSource, number[][]>()
  for (const m of all) {
    if (m.fallback !== undefined) continue
    const list = specific.get(m.source) ?? []
    list.push([m.index, m.index + m.matchedText.length])
    specific.set(m.source, list)
  }
  for (const list of specific.values()) list.sort((a, b) => a[0]! - b[0]!)
  return all.filter((m) => {
    if (m.fallback === undefined) return true
    const list = specific.get(m.source)
    if (!list) return true
    const start = m.index - m.fallback
    const end = m.index + m.matchedText.length + m.fallback
    // First specific match that could reach `start`, by binary search, then forward while before `end`.
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (list[mid]![0]! < start - MAX_MATCH) lo = mid + 1
      else hi = mid
    }
    for (let i = lo; i < list.length && list[i]![0]! < end; i++) if (list[i]![1]! > start) return false
    return true
  })
}

/**
 * Every recognised Microsoft 365 mail/auth failure in `text`, in input order. Where two patterns matched
 * overlapping text, only the longer (more specific) match is kept.
 */
export function classifyText(text: string, patterns: readonly Pattern[] = PATTERNS, idsRead: IdsRead = new Map()): Match[] {
  const found: Match[] = []
  for (const [i, spans] of linesToScan(text, patterns, scanMemoFor(idsRead, patterns))) runPattern(patterns[i]!, text, spans, found, idsRead)
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
