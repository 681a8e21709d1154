// Turns the causes a static check found into its outcome: fail on an error, warn on a warning, else pass.
import type {Cause} from '../../core/cause.js'
import type {CheckOutcome} from '../../core/check.js'

export function outcomeFromCauses(causes: Cause[], passSummary: string, evidence?: Record<string, unknown>): CheckOutcome {
  const worst = causes.some((c) => c.severity === 'error') ? 'fail' : causes.some((c) => c.severity === 'warning') ? 'warn' : 'pass'
  return {
    status: worst,
    summary: causes.length === 0 ? passSummary : causes.map((c) => c.summary).join('; '),
    evidence,
    causes,
  }
}
