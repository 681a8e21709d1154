// The JSON report (../shared/spec/report-and-causes.md): a public contract. Add fields, never rename.

import type {CheckStatus} from './check.js'
import type {Cloud} from './cloud.js'
import type {Cause} from './cause.js'
import type {Protocol} from './protocol.js'

export type Verdict = 'pass' | 'warn' | 'fail'

export interface CheckReport {
  id: string
  title: string
  status: CheckStatus
  durationMs: number
  summary: string
  evidence?: Record<string, unknown>
  /** IDs of the causes this check's evidence produced. */
  causes: string[]
  /** For skip: the needs that did not pass. */
  skippedBecause?: string[]
  /** For error: what crashed (message only; never a stack with secrets). */
  error?: {name: string; message: string}
  /** Redacted protocol transcript, only with --verbose. */
  transcript?: {t: number; dir: string; text: string}[]
}

/** Where a setting's value came from (never the value of a secret). */
export type SettingSource = 'default' | 'file' | 'env' | 'flag' | 'stdin' | 'lab' | 'product'

export interface ReportTarget {
  cloud: Cloud
  tenant?: string
  clientId?: string
  mailbox?: string
  from?: string
  protocols: Protocol[]
  /** Per setting key, where its value came from. */
  sources?: Record<string, SettingSource>
  /** Set when the run was against the lab: the scenario name. */
  lab?: string
  /** Set with `check --product`: whose terms the causes are in, and notes for this run. */
  product?: {id: string; name: string; notes: string[]}
}

export interface Report {
  schemaVersion: '1'
  tool: {name: 'o365doctor'; version: string}
  startedAt: string
  durationMs: number
  target: ReportTarget
  checks: CheckReport[]
  causes: Cause[]
  summary: Record<CheckStatus, number>
  verdict: Verdict
}
