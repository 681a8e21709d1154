// A cause: one thing a person can fix, as it appears in the report (report-and-causes.md).

import type {CauseId} from './cause-ids.js'

export type Severity = 'error' | 'warning' | 'info'
export type Confidence = 'certain' | 'likely' | 'possible'

export interface Remediation {
  /** What to do, in order, in plain words (portal clicks, product settings). */
  steps: string[]
  /** Runnable PowerShell with this tenant's real values filled in. */
  powershell: string[]
}

export interface Cause {
  id: CauseId
  severity: Severity
  confidence: Confidence
  /** One line: what is wrong. */
  summary: string
  /** Why, in two or three sentences, with the evidence that shows it. */
  explanation: string
  remediation: Remediation
  /** IDs of the checks whose evidence supports this cause. */
  checks: string[]
  docs: string[]
  /** Facts behind the diagnosis (already redacted; never a secret). */
  evidence?: Record<string, unknown>
  /** For `possible` causes and `exchange.authorization-failed`: the other IDs the evidence cannot yet exclude. */
  candidates?: CauseId[]
}
