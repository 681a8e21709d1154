// Terminal rendering of `explain` and `decode` results: a findings table, then each cause with what to do.
// Pure functions of the result; colour only when the command says so (TTY and no NO_COLOR).

import Table from 'cli-table3'
import type {Cause} from '../core/cause.js'
import type {DecodeResult} from '../decode/decode-input.js'
import type {MicrosoftIds} from '../knowledge/extract.js'
import {glyphs} from '../report/render/labels.js'
import {clip, painter, visible, wrap, type Paint} from '../report/render/text.js'
import type {ExplainResult} from './explain-text.js'

export interface RenderOptions {
  color: boolean
  width: number
  /** No box-drawing or glyphs (src/io/terminal-options.ts decides). */
  ascii?: boolean
}

const SEVERITY_PAINT: Record<Cause['severity'], Paint[]> = {error: ['red', 'bold'], warning: ['yellow', 'bold'], info: ['blue']}

function idsLine(ids: MicrosoftIds): string | undefined {
  const parts: string[] = []
  if (ids.correlationId) parts.push(`Correlation ID ${ids.correlationId}`)
  if (ids.traceId) parts.push(`Trace ID ${ids.traceId}`)
  if (ids.timestamp) parts.push(`Timestamp ${ids.timestamp}`)
  if (ids.server) parts.push(`Server ${[ids.server.server, ids.server.time, ids.server.id].filter(Boolean).join(' ')}`)
  return parts.length > 0 ? parts.join(' · ') : undefined
}

/** The causes, numbered, each with explanation, steps, PowerShell and docs. */
export function renderCauses(causes: Cause[], options: RenderOptions): string {
  const paint = painter(options.color)
  const out: string[] = []
  causes.forEach((c, i) => {
    out.push('')
    out.push(
      `${paint(`${i + 1}. ${c.severity.toUpperCase()}`, ...SEVERITY_PAINT[c.severity])} ${paint(visible(c.summary), 'bold')} ${paint(`[${c.id}, ${c.confidence}]`, 'gray')}`,
    )
    out.push(...wrap(visible(c.explanation), options.width, '   '))
    if (c.candidates && c.candidates.length > 0) out.push(...wrap(`Could also be: ${c.candidates.join(', ')}`, options.width, '   '))
    if (typeof c.evidence?.tellApart === 'string') out.push(...wrap(`What settles it: ${visible(c.evidence.tellApart)}`, options.width, '   '))
    if (c.remediation.steps.length > 0) {
      out.push(paint('   What to do:', 'bold'))
      for (const s of c.remediation.steps) out.push(...wrap(visible(s), options.width, '      ', '    - '))
    }
    if (c.remediation.powershell.length > 0) {
      out.push(paint('   PowerShell:', 'bold'))
      for (const line of c.remediation.powershell) out.push(paint(`     ${visible(line)}`, 'cyan'))
    }
    if (c.docs.length > 0) out.push(paint(`   Docs: ${c.docs[0]}`, 'gray'))
  })
  return out.join('\n')
}

export function renderExplain(result: ExplainResult, options: RenderOptions): string {
  const paint = painter(options.color)
  if (!result.recognised) return paint(result.summary, 'bold')
  const quoteWidth = Math.max(30, options.width - 12 - 32 - 7)
  const table = new Table({
    head: ['Line', 'What the text says', 'Points to'].map((h) => paint(h, 'bold')),
    colWidths: [8, quoteWidth, 32],
    wordWrap: true,
    style: {head: [], border: []},
    chars: glyphs(options.ascii).tableChars,
    truncate: glyphs(options.ascii).ellipsis,
  })
  for (const f of result.findings) {
    // Cut before layout: cli-table3's wrapping is super-linear on long unbroken text.
    const quoted = visible(clip(f.matchedText, undefined, glyphs(options.ascii).ellipsis))
    const count = f.occurrences > 1 ? ` (×${f.occurrences})` : ''
    const ids = idsLine(f.ids)
    table.push([
      `${f.line}${count}`,
      [paint(f.label, f.rootness === 'root' ? 'bold' : 'dim'), quoted, ids ? paint(ids, 'gray') : ''].filter(Boolean).join('\n'),
      `${f.causeIds.join(', ')}\n${paint(`${f.rootness}, ${f.confidence}`, 'gray')}`,
    ])
  }
  const out = [paint(result.summary, 'bold'), table.toString(), renderCauses(result.causes, options)]
  const next = result.findings.find((f) => f.rootness === 'symptom')?.next
  if (next && result.findings.every((f) => f.rootness === 'symptom')) {
    out.push('', paint('Next checks:', 'bold'), ...next.flatMap((n) => wrap(n, options.width, '    ', '  - ')))
  }
  return out.join('\n')
}

export function renderDecode(result: DecodeResult, options: RenderOptions): string {
  const paint = painter(options.color)
  const out: string[] = []
  out.push(paint(`${result.kind === 'jwt' ? 'Access token' : result.kind === 'xoauth2' ? 'XOAUTH2 string' : 'Input'} ${result.inputPreview}`, 'bold'))
  if (result.xoauth2?.user !== undefined) out.push(`  user= ${visible(result.xoauth2.user)}`)
  if (result.tokenPreview && result.kind === 'xoauth2') out.push(`  token ${result.tokenPreview}`)
  for (const p of result.problems) out.push(...wrap(visible(p), options.width, '    ', `  ${paint(options.ascii ? 'x' : '✗', 'red', 'bold')} `))
  if (result.claims) {
    const table = new Table({head: ['Claim', 'Value'].map((h) => paint(h, 'bold')), colWidths: [18, Math.max(30, options.width - 21)], wordWrap: true, style: {head: [], border: []}, chars: glyphs(options.ascii).tableChars, truncate: glyphs(options.ascii).ellipsis})
    for (const key of ['aud', 'iss', 'tid', 'oid', 'appid', 'azp', 'app_displayname', 'idtyp', 'roles', 'scp', 'ver', 'iat', 'nbf', 'exp']) {
      const value = result.claims[key]
      if (value === undefined) continue
      const shown = typeof value === 'number' && ['iat', 'nbf', 'exp'].includes(key) ? `${value} (${new Date(value * 1000).toISOString()})` : Array.isArray(value) ? value.join(', ') : String(value)
      table.push([key, visible(clip(shown))])
    }
    out.push(table.toString())
  }
  for (const n of result.notes) out.push(...wrap(visible(n), options.width, '    ', options.ascii ? '  - ' : '  · '))
  if (result.causes.length > 0) out.push(renderCauses(result.causes, options))
  else if (result.problems.length === 0) out.push('', paint('No problem found in the token for app-only Exchange Online mail.', 'green', 'bold'))
  return out.join('\n')
}
