// The report as the contract's JSON: the object itself, nothing added or reordered.

import type {Report} from '../../core/report.js'

export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n'
}
