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

const SEVERITY_RANK: Record<Severity, number> = {error: 0, warning: 1, info: 2}
const CONFIDENCE_RANK: Record<Confidence, number> = {certain: 0, likely: 1, possible: 2}

/** Most pressing first: severity, then confidence; ties keep their order (the diagnosis's own ranking). */
export function rankCauses<C extends Pick<Cause, 'severity' | 'confidence'>>(causes: readonly C[]): C[] {
  return [...causes].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      CONFIDENCE_RANK[a.confidence] - CONFIDENCE_RANK[b.confidence],
  )
}
