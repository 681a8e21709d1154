// One entry point for `check --targets`: a fleet run and a format in, the text to write out. Each format's
// renderer lives in its own fleet-*.ts file and reuses the single-target renderer's pieces, so a target's section
// reads as its own `check` would.

import type {FleetRun} from '../../fleet/types.js'
import {renderFleetHtml} from './fleet-html.js'
import {renderFleetJson, renderFleetJsonl} from './fleet-json.js'
import {renderFleetJunit} from './fleet-junit.js'
import {renderFleetMarkdown} from './fleet-markdown.js'
import {renderFleetTable} from './fleet-table.js'
import type {RenderOptions} from './index.js'

export type FleetFormat = 'table' | 'json' | 'jsonl' | 'junit' | 'markdown' | 'html'
export const FLEET_FORMATS: readonly FleetFormat[] = ['table', 'json', 'jsonl', 'junit', 'markdown', 'html']

export function renderFleet(run: FleetRun, format: FleetFormat, options: RenderOptions = {}): string {
  const failOn = options.failOn ?? 'error'
  switch (format) {
    case 'table':
      return renderFleetTable(run, options)
    case 'json':
      return renderFleetJson(run)
    case 'jsonl':
      return renderFleetJsonl(run)
    case 'junit':
      return renderFleetJunit(run, failOn)
    case 'markdown':
      return renderFleetMarkdown(run, failOn)
    case 'html':
      return renderFleetHtml(run, failOn)
  }
}

export {fleetJsonLine, fleetSummaryLine} from './fleet-json.js'
