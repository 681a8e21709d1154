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

/** A cause a waivers file accepted for a while (report-and-causes.md "Waivers and baselines"). */
export interface Waived {
  reason: string
  /** The waiver's expiry, YYYY-MM-DD or an ISO date-time, as written. */
  expires: string
}

/** A cause as the report carries it: the diagnosis's cause, marked when a waiver accepted it. */
export type ReportCause = Cause & {waived?: Waived}

/** One waiver of the file, as the run judged it. */
export interface WaiverOutcome {
  cause: string
  reason: string
  expires: string
  checks?: string[]
  /** For expired and unmatched: why it waived nothing. */
  note?: string
}

export interface WaiversReport {
  /** The waivers file, as given. */
  file: string
  applied: WaiverOutcome[]
  expired: WaiverOutcome[]
  unmatched: WaiverOutcome[]
}

/** Causes compared with an earlier report's (by cause ID). */
export interface Drift {
  /** startedAt of the baseline report. */
  baseline: string
  new: string[]
  resolved: string[]
  unchanged: string[]
}

/** `--wait`: each run of the live checks, and how the wait ended. */
export interface WaitReport {
  limitMs: number
  /** healthy: a run had no propagation-explainable failure left; timed-out: the limit came first;
   *  not-retriable: a failure propagation cannot explain, so waiting could not help. */
  outcome: 'healthy' | 'timed-out' | 'not-retriable'
  /** From the first attempt's start to the start of the first attempt that no longer failed, when one did. */
  healthyAfterMs?: number
  attempts: {n: number; startedAt: string; durationMs: number; verdict: string; retriable: string[]; blocking: string[]}[]
}

export interface Report {
  schemaVersion: '1'
  tool: {name: 'o365doctor'; version: string}
  startedAt: string
  durationMs: number
  target: ReportTarget
  checks: CheckReport[]
  causes: ReportCause[]
  summary: Record<CheckStatus, number>
  verdict: Verdict
  /** With --waivers. */
  waivers?: WaiversReport
  /** With --baseline. */
  drift?: Drift
  /** With --wait. */
  wait?: WaitReport
}
