// The terminal summary of a fleet run: one entry per target, worst first (a passing target is one line; a target
// with something to fix adds the cause IDs and the first thing to do), then the counts, what the run shared, and
// the verdict line with the exit code. With `verbose` or `all`, each target's own report follows, in the same order.
// Readable at 80 columns; colour only when asked; `ascii` adds no non-ASCII character of its own.

import type {FleetRun, FleetTargetResult} from '../../fleet/types.js'
import {worstFirst} from '../../fleet/plan.js'
import type {FailOn} from '../build-report.js'
import {
  ASCII_OUTCOME_LABEL,
  fleetCountsLine,
  fleetScopeLine,
  fleetSharedLine,
  fleetVerdictSentence,
  gistLead,
  OUTCOME_LABEL,
  OUTCOME_PAINT,
  targetGist,
} from './fleet-labels.js'
import {renderReport, type RenderOptions} from './index.js'
import {glyphs} from './labels.js'
import {append, displayWidth, formatDuration, painter, visible, wrap} from './text.js'

/** The name column never takes more than this; a longer name is cut with an ellipsis (the sections show it whole). */
const NAME_MAX = 28
/** At most this many cause IDs on a target's line; the rest are counted. */
const IDS_MAX = 3

/** Cuts text to `width` display columns, ending in the ellipsis when something was cut (linear in the text). */
export function fitWidth(text: string, width: number, ellipsis: string): string {
  if (displayWidth(text) <= width) return text
  const room = Math.max(0, width - displayWidth(ellipsis))
  let out = ''
  let used = 0
  for (const ch of text) {
    const w = displayWidth(ch)
    if (used + w > room) break
    out += ch
    used += w
  }
  return out + ellipsis
}

export function renderFleetTable(run: FleetRun, options: RenderOptions): string {
  const width = options.width ?? 100
  const g = glyphs(options.ascii)
  const paint = painter(options.color ?? false)
  const failOn = options.failOn ?? 'error'
  const labels = options.ascii ? ASCII_OUTCOME_LABEL : OUTCOME_LABEL
  const ordered = worstFirst(run.targets)

  const lines: string[] = []
  append(lines, wrap(visible(`o365doctor ${run.tool.version}${g.sep}fleet run of ${run.targetsFile}${g.sep}started ${run.startedAt}`), width))
  lines[0] = paint('o365doctor', 'bold') + lines[0]!.slice('o365doctor'.length)
  lines.push('')

  // Loops, not Math.max(...list): a spread of 100 000 targets would overflow the call stack.
  let labelWidth = 0
  let nameWidth = 4
  for (const t of ordered) {
    labelWidth = Math.max(labelWidth, labels[t.outcome].length)
    nameWidth = Math.max(nameWidth, displayWidth(oneLine(t.name)))
  }
  // On a narrow terminal the name gives way (down to 8 columns) before the line overflows; the mailbox goes first.
  // 7: the widest duration ("59.9 s", "1m 05s") and a space; 6: the gaps between the columns.
  nameWidth = Math.max(8, Math.min(NAME_MAX, nameWidth, width - labelWidth - 7 - 6))
  const indent = ' '.repeat(labelWidth + 2)
  for (const target of ordered) append(lines, targetLines(target, {labelWidth, nameWidth, indent, width, labels, paint, g, ascii: options.ascii ?? false}))

  lines.push('')
  append(lines, wrap(fleetCountsLine(run, g.sep), width).map((l) => paint(l, 'bold')))
  append(lines, wrap(visible(`${fleetScopeLine(run)}. ${fleetSharedLine(run)}.`), width).map((l) => paint(l, 'dim')))
  const verdict = verdictLines(run, failOn, width, paint, g)
  append(lines, verdict)
  const more = options.verbose || options.all
  if (!more) {
    append(lines, wrap("--all shows each target's report; --format jsonl gives one JSON report per target.", width).map((l) => paint(l, 'dim')))
    return lines.join('\n') + '\n'
  }
  // Each target's own report, worst first; the verdict is said again at the end, where the eye lands.
  const rule = options.ascii ? '=' : '━'
  for (const [i, target] of ordered.entries()) {
    lines.push('', paint(fitWidth(`${rule.repeat(2)} ${i + 1}/${ordered.length} ${oneLine(target.name)} (${labels[target.outcome]}) ${rule.repeat(width)}`, width, ''), 'bold'), '')
    if (target.report) lines.push(renderReport(target.report, 'table', options).trimEnd())
    else append(lines, wrap(visible(`Not checked: ${target.inputError ?? 'the settings are unusable'}`), width))
  }
  lines.push('')
  append(lines, verdict)
  return lines.join('\n') + '\n'
}

function verdictLines(run: FleetRun, failOn: FailOn, width: number, paint: ReturnType<typeof painter>, g: ReturnType<typeof glyphs>): string[] {
  const worst = worstFirst(run.targets)[0]?.outcome ?? 'pass'
  const glyph = worst === 'input-error' ? g.verdict.fail : g.verdict[worst]
  return wrap(`${glyph} ${fleetVerdictSentence(run, failOn)}`, width).map((l) => paint(l, ...OUTCOME_PAINT[worst]))
}

interface Layout {
  labelWidth: number
  nameWidth: number
  indent: string
  width: number
  labels: Record<FleetTargetResult['outcome'], string>
  paint: ReturnType<typeof painter>
  g: ReturnType<typeof glyphs>
  ascii: boolean
}

/** Text for one line: control characters shown, line breaks folded. */
const oneLine = (text: string) => visible(text).replace(/[\r\n]+/g, ' ')

/** Line 1: outcome, name, mailbox, duration (right-aligned). Then, unless it passed: cause IDs, and what to do first. */
function targetLines(target: FleetTargetResult, l: Layout): string[] {
  const label = l.labels[target.outcome]
  const name = fitWidth(oneLine(target.name), l.nameWidth, l.g.ellipsis)
  const time = formatDuration(target.durationMs)
  const mailbox = oneLine(target.report?.target.mailbox ?? '')
  // What is left for the mailbox: the width less label, name, time and the three two-space gaps.
  const room = l.width - l.labelWidth - l.nameWidth - displayWidth(time) - 6
  const shownMailbox = room >= 8 ? fitWidth(mailbox, room, l.g.ellipsis) : ''
  const gap = ' '.repeat(Math.max(2, room - displayWidth(shownMailbox) + 2))
  const first =
    l.paint(label.padEnd(l.labelWidth), ...OUTCOME_PAINT[target.outcome]) +
    '  ' +
    l.paint(name, 'bold') +
    ' '.repeat(l.nameWidth - displayWidth(name) + 2) +
    shownMailbox +
    gap +
    time
  const lines = [first.trimEnd()]
  const gist = targetGist(target)
  if (target.outcome === 'input-error') {
    // The whole message: it names the input to fix, so it is wrapped, never cut.
    append(lines, wrap(visible(gist.hint ?? ''), l.width, l.indent))
    return lines
  }
  if (gist.ids.length) {
    const shown = gist.ids.slice(0, IDS_MAX).join(', ')
    const rest = gist.ids.length > IDS_MAX ? `, +${gist.ids.length - IDS_MAX} more` : ''
    const prefix = gistLead(target.outcome)
    append(lines, wrap(visible(prefix + shown + rest), l.width, l.indent).map((line) => l.paint(line, 'dim')))
  }
  if (gist.hint) {
    const arrow = l.ascii ? '-> ' : '→ '
    // One line: the target's own report (--all, --format html) has the rest.
    lines.push(l.indent + fitWidth(arrow + oneLine(gist.hint), l.width - l.indent.length, l.g.ellipsis))
  }
  return lines
}
