// One cause per ID per run: several findings of one ID (consent missing for SMTP, IMAP and POP; Exchange
// refusing two protocols) become one cause that names every protocol and role it covers, with a remediation
// that fixes all of them. Words are rebuilt from the catalogue with the merged values where the findings differ
// only in protocol and roles; otherwise each finding's own words are kept, side by side.
import type {Cause, Confidence, Severity} from '../core/cause.js'
import type {CauseId} from '../core/cause-ids.js'
import type {CheckId} from '../core/check.js'
import {PROTOCOL_LABEL, PROTOCOLS, type Protocol} from '../core/protocol.js'
import {buildCause, CATALOGUE, originOf, type FixValues} from './catalogue.js'
import type {Finding} from './findings.js'

const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info']
const CONFIDENCE_ORDER: Confidence[] = ['certain', 'likely', 'possible']
/** Values that may differ between findings merged into one set of words. */
const PER_FINDING = new Set<keyof FixValues>(['protocol', 'missingRoles', 'serverReply'])

export function mergeFindings(id: CauseId, findings: readonly Finding[], extraChecks: readonly CheckId[] = [], extraNotes: readonly string[] = []): Cause {
  const causes = findings.map((f) => f.cause!)
  const checks = unique([...findings.flatMap((f) => f.checks), ...extraChecks])
  const notes = unique([...findings.map((f) => f.note).filter((n): n is string => n !== undefined), ...extraNotes])
  const withNotes = (text: string): string => [text, ...notes.filter((n) => !text.includes(n))].join(' ')
  if (causes.length === 1) {
    const only = causes[0]!
    return {...only, checks, explanation: withNotes(only.explanation)}
  }
  const severity = SEVERITY_ORDER.find((s) => causes.some((c) => c.severity === s))!
  const confidence = CONFIDENCE_ORDER.find((s) => causes.some((c) => c.confidence === s))!
  const summary = mergedSummary(id, findings)
  const candidates = unique(causes.flatMap((c) => c.candidates ?? []))
  const evidence = mergedEvidence(findings)
  const origins = causes.map(originOf)
  if (origins.every((o) => o !== undefined) && sameApartFrom(origins.map((o) => o!.values))) {
    const values = mergedValues(origins.map((o) => o!.values))
    const custom = unique(origins.map((o) => o!.options.explanation).filter((e): e is string => e !== undefined))
    const cause = buildCause(id, {
      severity, confidence, summary, checks, evidence, candidates,
      explanation: custom.length > 0 ? custom.join(' ') : undefined,
    }, values)
    return {...cause, explanation: withNotes(cause.explanation)}
  }
  const first = causes[0]!
  return {
    ...first, severity, confidence, summary, checks, evidence,
    explanation: withNotes(unique(causes.map((c) => c.explanation)).join(' ')),
    remediation: {
      steps: unique(causes.flatMap((c) => c.remediation.steps)),
      powershell: unique(causes.flatMap((c) => c.remediation.powershell)),
    },
    docs: unique(causes.flatMap((c) => c.docs)),
    ...(candidates.length > 0 ? {candidates} : {}),
  }
}

function mergedSummary(id: CauseId, findings: readonly Finding[]): string {
  const summaries = unique(findings.map((f) => f.cause!.summary))
  const roles = unique(findings.flatMap((f) => f.roles))
  const protocols = sortedProtocols(findings).map((p) => PROTOCOL_LABEL[p])
  const names = findings.every((f) => f.roles.length > 0) && roles.length > 0 ? roles : protocols
  if (summaries.length === 1 && names.every((n) => summaries[0]!.includes(n))) return summaries[0]!
  return `${CATALOGUE[id].title}: ${names.length > 0 ? names.join(', ') : summaries.join('; ')}`
}

/** One object, as readers expect (`evidence.cmdlet`); when findings disagree on a key, each finding's evidence is
 * kept too, under `findings`, so nothing seen is lost. */
function mergedEvidence(findings: readonly Finding[]): Record<string, unknown> | undefined {
  const all = findings.map((f) => f.cause!.evidence).filter((e): e is Record<string, unknown> => e !== undefined)
  if (all.length === 0) return undefined
  const distinct = unique(all.map((e) => JSON.stringify(e)))
  if (distinct.length === 1) return all[0]
  const flat: Record<string, unknown> = Object.assign({}, ...all)
  const clash = all.some((e) => Object.entries(e).some(([k, v]) => JSON.stringify(flat[k]) !== JSON.stringify(v)))
  return clash ? {...flat, findings: all} : flat
}

function sameApartFrom(values: readonly FixValues[]): boolean {
  const strip = (v: FixValues): string => JSON.stringify(Object.entries(v).filter(([k]) => !PER_FINDING.has(k as keyof FixValues)).sort())
  return new Set(values.map(strip)).size === 1
}

function mergedValues(values: readonly FixValues[]): FixValues {
  const protocols = unique(values.map((v) => v.protocol).filter((p): p is Protocol => p !== undefined))
  const roles = unique(values.flatMap((v) => v.missingRoles ?? []))
  const replies = unique(values.map((v) => v.serverReply).filter((r): r is string => r !== undefined))
  return {
    ...values[0], protocol: protocols.length === 1 ? protocols[0] : undefined,
    missingRoles: roles.length > 0 ? roles : undefined, serverReply: replies.length === 1 ? replies[0] : undefined,
  }
}

function sortedProtocols(findings: readonly Finding[]): Protocol[] {
  return PROTOCOLS.filter((p) => findings.some((f) => f.protocol === p))
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)]
}
