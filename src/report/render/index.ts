// One entry point for the command: a report and a format in, the text to write out.

import type {FailOn} from '../build-report.js'
import type {Report} from '../../core/report.js'
import {renderHtml} from './html.js'
import {renderJson} from './json.js'
import {renderJunit} from './junit.js'
import {renderMarkdown} from './markdown.js'
import {renderTable, type TableOptions} from './table.js'

export type ReportFormat = 'table' | 'json' | 'junit' | 'markdown' | 'html'
export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'junit', 'markdown', 'html']

export interface RenderOptions {
  /** Table only: TTY and no NO_COLOR, decided by the command. Default false. */
  color?: boolean
  /** Table only: columns to wrap to. Default 100. */
  width?: number
  /** Table only: evidence and transcripts (implies all). */
  verbose?: boolean
  /** Table only: every check on its own row. */
  all?: boolean
  /** Table only: no box-drawing or glyphs. */
  ascii?: boolean
  /** What the exit-code wording (table, Markdown) and the JUnit verdict testcase follow. Default 'error'. */
  failOn?: FailOn
}

export function renderReport(report: Report, format: ReportFormat, options: RenderOptions = {}): string {
  const failOn = options.failOn ?? 'error'
  switch (format) {
    case 'table': {
      const table: TableOptions = {color: options.color ?? false, width: options.width ?? 100, verbose: options.verbose, all: options.all, ascii: options.ascii, failOn}
      return renderTable(report, table)
    }
    case 'json':
      return renderJson(report)
    case 'junit':
      return renderJunit(report, {failOn})
    case 'markdown':
      return renderMarkdown(report, {failOn})
    case 'html':
      return renderHtml(report, {failOn})
  }
}

export {renderHtml, renderJson, renderJunit, renderMarkdown, renderTable}
export type {TableOptions}
