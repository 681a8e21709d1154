// STAND-IN until src/report/render/fleet.ts (the fleet renderers) lands; the lead deletes this file on merge and
// points the one import in src/doctor/fleet-command.ts at renderFleet there. Same signature.
import type {RenderOptions, ReportFormat} from '../report/render/index.js'
import {worstFirst} from './plan.js'
import type {FleetRun} from './types.js'

export type FleetFormat = ReportFormat | 'jsonl'

export function renderFleet(run: FleetRun, format: FleetFormat, _options: RenderOptions = {}): string {
  if (format === 'jsonl') return run.targets.map((t) => `${JSON.stringify(t.report ?? {name: t.name, index: t.index, outcome: t.outcome, error: t.inputError})}\n`).join('')
  if (format === 'json') return `${JSON.stringify(run, null, 2)}\n`
  const lines = worstFirst(run.targets).map((t) => `${t.outcome.padEnd(11)} ${t.name}  ${t.inputError ?? t.report?.causes.map((c) => c.id).join(', ') ?? ''}`)
  const text = `${lines.join('\n')}\n${run.targets.length} targets, exit ${run.exitCode}; token requests ${run.shared.tokenRequests}, Graph reads ${run.shared.graphReads}\n`
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
  if (format === 'html') return `<!doctype html><meta charset="utf-8"><title>o365doctor fleet</title><pre>${esc(text)}</pre>\n`
  if (format === 'junit') {
    const cases = run.targets.map((t) => `  <testcase name="${esc(t.name)}">${t.outcome === 'pass' || t.outcome === 'warn' ? '' : `<failure message="${esc(t.outcome)}"/>`}</testcase>`)
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="o365doctor fleet" tests="${run.targets.length}">\n${cases.join('\n')}\n</testsuite></testsuites>\n`
  }
  return format === 'markdown' ? `\`\`\`\n${text}\`\`\`\n` : text
}
