// `explain`: turn pasted error text or a whole log into ranked causes. Replies that name the mistake (AADSTS
// codes, 5.7.139 …Tenant, SendAsDenied) rank above generic failures (535 5.7.3, NO AUTHENTICATE failed.), so a
// log with AADSTS7000215 followed by retries and 535s leads with the bad secret, not with every symptom.

import type {CauseId} from '../core/cause-ids.js'
import type {Cause, Confidence} from '../core/cause.js'
import {buildCause, CATALOGUE, type FixValues} from '../diagnosis/catalogue.js'
import type {Protocol} from '../core/protocol.js'
import {classifyText, type IdsRead, type Match} from '../knowledge/classify.js'
import type {MicrosoftIds} from '../knowledge/extract.js'
import type {PatternSource, Rootness} from '../knowledge/patterns.js'
import {TELL_APART} from '../knowledge/tell-apart.js'
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
  /**
   * Told of each distinct reply when it is first found (its label and 1-based line), before the whole input is
   * read: a long log shows what it holds while it streams. The label is the table's words (with the code read).
   */
  onReply?(label: string, line: number): void
}

export const NOTHING_RECOGNISED = 'No Microsoft 365 mail/auth failure recognised in the text.'

const MAX_QUOTE = 300
const CONFIDENCE_RANK: Record<Confidence, number> = {certain: 0, likely: 1, possible: 2}
const PROTOCOL_OF: Partial<Record<PatternSource, Protocol>> = {smtp: 'smtp', imap: 'imap', pop: 'pop'}

interface Group {
  first: Match
  /** 1-based line of the first occurrence. */
  line: number
  count: number
  ids: MicrosoftIds
}

function groupKey(m: Match): string {
  return m.patternId === 'aadsts.other' ? `aadsts.other.${m.values.aadstsCode ?? ''}` : m.patternId
}

/**
 * Collects the matches of a text read in blocks (a whole string, or a stream a block at a time): one group per
 * distinct reply, and the values replies name. Memory grows with the number of distinct replies, not the input.
 */
export class ExplainCollector {
  constructor(private readonly onReply?: ExplainOptions['onReply']) {}
  private readonly groups = new Map<string, Group>()
  private readonly shared: FixValues = {}
  // Microsoft's IDs are read for the first occurrences of each reply in the whole input, not in each block.
  private readonly idsRead: IdsRead = new Map()

  /**
   * Classifies `block` (whose first line is line `firstLine` of the input) and keeps the matches that start in
   * [reportFrom, reportTo): the text around that range is context only (already reported, or to be reported by
   * the next block).
   */
  addBlock(block: string, firstLine: number, reportFrom = 0, reportTo = block.length): void {
    let line = firstLine
    // The next line break not yet counted. Lines are counted only up to a new reply (a repeat needs no line
    // number), and matches come in order, so each break is found at most once.
    let nextBreak = block.indexOf('\n')
    for (const m of classifyText(block, undefined, this.idsRead)) {
      if (m.index < reportFrom || m.index >= reportTo) continue
      const key = groupKey(m)
      const g = this.groups.get(key)
      if (g) {
        g.count++
        // Keep the first IDs found; later occurrences fill the gaps.
        for (const k of Object.keys(m.ids) as (keyof MicrosoftIds)[]) if (g.ids[k] === undefined) Object.assign(g.ids, {[k]: m.ids[k]})
      } else {
        while (nextBreak !== -1 && nextBreak < m.index) {
          line++
          nextBreak = block.indexOf('\n', nextBreak + 1)
        }
        this.groups.set(key, {first: m, line, count: 1, ids: {...m.ids}})
        this.onReply?.(m.label, line)
      }
      for (const [k, val] of Object.entries(m.values)) {
        if (k !== 'aadstsCode' && !(k in this.shared)) (this.shared as Record<string, unknown>)[k] = val
      }
    }
  }

  result(options: ExplainOptions = {}): ExplainResult {
    return buildResult([...this.groups.values()], this.shared, options)
  }
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

const MAX_CANDIDATES = 3
// PowerShell that only reads: connecting, Get-… (also piped or assigned), comments.
const READ_ONLY = /^(?:#|Connect-\w+|Get-\w+|\$\w+\s*=\s*Get-\w+)/

/**
 * When the best cause is not certain, the reply's own alternatives become ranked candidates (up to three causes
 * in all), each saying what would confirm it; every listed cause carries its tell-apart check in the evidence.
 */
function addAlternatives(causes: Cause[], findings: ExplainFinding[], values: FixValues): void {
  const top = causes[0]
  if (!top) return
  const source = findings.find((f) => f.causeIds[0] === top.id)
  if (top.confidence !== 'certain' && source) {
    for (const alt of source.alternatives) {
      if (causes.length >= MAX_CANDIDATES) break
      if (causes.some((c) => c.id === alt)) continue
      const tell = TELL_APART[alt]
      const cause = buildCause(
        alt,
        {
          confidence: 'possible',
          explanation: `Inferred, not observed: "${source.matchedText}" can also mean this (${CATALOGUE[alt].title.replace(/\.$/, '')}). Not verified: check it before changing anything.`,
          evidence: {alternativeOf: source.patternId, line: source.line},
          checks: ['explain'],
        },
        values,
      )
      // Not verified, so only what would verify it: no step or cmdlet that changes the tenant.
      const reads = cause.remediation.powershell.filter((line) => READ_ONLY.test(line.trim()))
      cause.remediation = {
        steps: tell ? [`Verify first: ${tell}`] : [],
        // Only when something is actually read (a Get- whose output answers the question).
        powershell: reads.some((line) => /^Get-/.test(line.trim())) ? reads : [],
      }
      causes.push(cause)
    }
  }
  if (causes.length > 1) {
    for (const c of causes.slice(0, MAX_CANDIDATES)) {
      const tell = TELL_APART[c.id]
      if (tell) c.evidence = {...c.evidence, tellApart: tell}
    }
  }
}

/** Explain error text or a log: ranked causes with the evidence, alternatives and next checks. */
export function explainText(text: string, options: ExplainOptions = {}): ExplainResult {
  const c = new ExplainCollector()
  c.addBlock(text, 1)
  return c.result(options)
}

function buildResult(groups: Group[], shared: FixValues, options: ExplainOptions): ExplainResult {
  if (groups.length === 0) {
    return {recognised: false, summary: NOTHING_RECOGNISED, causes: [], findings: [], verdict: 'pass'}
  }
  const firstMatch = new Map<ExplainFinding, Match>()
  const findings: ExplainFinding[] = []
  for (const g of groups) {
    const m = g.first
    const f: ExplainFinding = {
      patternId: m.patternId,
      label: m.label,
      source: m.source,
      rootness: m.rootness,
      confidence: m.confidence,
      // Copies: the match's arrays are the pattern table's own.
      causeIds: [...m.causeIds],
      matchedText: quote(m.matchedText),
      occurrences: g.count,
      line: g.line,
      alternatives: [...m.alternatives],
      next: [...m.next],
      ids: g.ids,
    }
    findings.push(f)
    firstMatch.set(f, m)
  }
  findings.sort(rank)

  // Values any reply names (client ID, addresses) help every remediation; flags win over them.
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
    // A catch-all cause (an AADSTS or status code with no specific fix) is summarised with the code's own words.
    const generic = id === 'token.unknown-error' || id === 'check.unexplained-failure'
    causes.push(
      buildCause(
        id,
        {
          confidence,
          summary: symptom || generic ? f.label : undefined,
          explanation: symptom ? symptomExplanation(f, root) : undefined,
          evidence: evidenceOf(f),
          checks: ['explain'],
          candidates,
        },
        valuesFor(f, firstMatch.get(f)!, base),
      ),
    )
  }

  addAlternatives(causes, findings, base)

  const verdict = causes.some((c) => c.severity === 'error') ? 'fail' : causes.some((c) => c.severity === 'warning') ? 'warn' : 'pass'
  const summary = `${findings.length} recognised ${findings.length === 1 ? 'reply' : 'replies'}; most likely: ${causes[0]!.summary}`
  return {recognised: true, summary, causes, findings, verdict}
}
