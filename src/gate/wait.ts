// `--wait DURATION`: Microsoft says permission, consent and service-principal changes take up to an hour to reach
// every server, and Exchange mailbox settings (FullAccess, Send As, SMTP AUTH, IMAP/POP enabled) take a while too.
// A gate run right after the fix would fail for nothing, so the live run is repeated with backoff while every
// failure is one that propagation can explain, until it passes or the time is up. Anything else (a wrong secret,
// a typo'd host) stops the wait at once: waiting cannot fix it.
//
// The loop is around the whole doctor run (the runner stays as it is): each attempt gets a fresh token, which is
// what a product would get after the change reached Entra ID.

import type {CauseId} from '../core/cause-ids.js'
import {exitCodeFor, unexplainedChecks, type FailOn} from '../report/build-report.js'
import type {Report, WaitReport} from '../core/report.js'

/** The one list of causes a change in flight can explain (report-and-causes.md IDs). */
export const PROPAGATING_CAUSES: ReadonlySet<CauseId> = new Set<CauseId>([
  // permissions and consent (Entra ID → token roles, Graph)
  'claims.no-application-roles',
  'claims.missing-role',
  'graph.permission-not-configured',
  'graph.consent-missing',
  'graph.delegated-instead-of-application',
  // service principal (Entra ID enterprise application, Exchange New-ServicePrincipal)
  'graph.service-principal-disabled',
  'exchange.service-principal-missing',
  'exchange.service-principal-wrong-object-id',
  'exchange.authorization-failed',
  // mailbox permissions and protocol settings (Exchange Online)
  'exchange.mailbox-permission-missing',
  'exchange.send-as-denied',
  'exchange.smtp-auth-disabled-tenant',
  'exchange.smtp-auth-disabled-mailbox',
  'exchange.imap-disabled',
  'exchange.pop-disabled',
  // the server could not judge the token at all: transient by definition
  'exchange.temporary-failure',
])

export interface WaitOptions {
  limitMs: number
  failOn: FailOn
  /** First pause between attempts; doubled each time up to maxDelayMs. */
  initialDelayMs?: number
  maxDelayMs?: number
  /** One line per attempt (the command decides where it goes). */
  progress?: (line: string) => void
  sleep?: (ms: number) => Promise<void>
  clock?: () => number
}

/**
 * Failures no catalogue cause explains (a failed check without a cause, or `check.unexplained-failure`) usually
 * follow from the causes that were found: a login fails because the token has no role yet. They are waited on
 * when a propagating cause is present, and stop the wait when nothing else explains them.
 */
const FOLLOWS_OTHERS = 'check.unexplained-failure'

/** What stands between this report and a passing gate, split by whether waiting can help. */
export function classifyFailures(report: Report, failOn: FailOn): {healthy: boolean; retriable: string[]; blocking: string[]} {
  const unexplained = unexplainedChecks(report)
  const healthy = exitCodeFor(report, failOn) === 0 && unexplained.length === 0
  if (healthy) return {healthy, retriable: [], blocking: []}
  const counting = report.causes.filter((c) => !c.waived && (c.severity === 'error' || (failOn === 'warn' && c.severity === 'warning')))
  const retriable = [...new Set(counting.filter((c) => PROPAGATING_CAUSES.has(c.id)).map((c) => c.id as string))]
  const blocking = counting.filter((c) => !PROPAGATING_CAUSES.has(c.id) && (c.id as string) !== FOLLOWS_OTHERS).map((c) => c.id as string)
  // A crash is not a finding: waiting on it would hide a broken check.
  blocking.push(...unexplained.filter((c) => c.status === 'error').map((c) => `${c.id} crashed`))
  if (retriable.length === 0) {
    blocking.push(...counting.filter((c) => (c.id as string) === FOLLOWS_OTHERS).map((c) => c.id as string))
    blocking.push(...unexplained.filter((c) => c.status === 'fail').map((c) => `${c.id} failed without a diagnosis`))
  }
  return {healthy, retriable, blocking: [...new Set(blocking)]}
}

/** Default backoff: 250 ms doubling, capped at a tenth of the wait (between 1 s and 60 s). */
export function defaultMaxDelayMs(limitMs: number): number {
  return Math.min(60_000, Math.max(1_000, Math.round(limitMs / 10)))
}

export async function runUntilHealthy(run: () => Promise<Report>, options: WaitOptions): Promise<Report> {
  const clock = options.clock ?? (() => performance.now())
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const maxDelay = options.maxDelayMs ?? defaultMaxDelayMs(options.limitMs)
  let delay = options.initialDelayMs ?? 250
  const first = clock()
  const attempts: WaitReport['attempts'] = []
  for (let n = 1; ; n++) {
    const startedAt = new Date()
    const began = clock()
    const report = await run()
    const {healthy, retriable, blocking} = classifyFailures(report, options.failOn)
    const durationMs = Math.round(clock() - began)
    attempts.push({n, startedAt: startedAt.toISOString(), durationMs, verdict: report.verdict, retriable, blocking})
    const elapsed = clock() - first
    const finish = (outcome: WaitReport['outcome']): Report => {
      const wait: WaitReport = {limitMs: options.limitMs, outcome, attempts}
      if (outcome === 'healthy') wait.healthyAfterMs = Math.round(elapsed)
      return {...report, wait}
    }
    if (healthy) {
      options.progress?.(`attempt ${n}: ${report.verdict}, healthy after ${seconds(elapsed)}`)
      return finish('healthy')
    }
    if (blocking.length) {
      options.progress?.(`attempt ${n}: ${report.verdict}; not waiting: ${blocking.join(', ')} cannot be explained by propagation`)
      return finish('not-retriable')
    }
    const left = options.limitMs - elapsed
    if (left <= 0) {
      options.progress?.(`attempt ${n}: ${report.verdict} (${retriable.join(', ')}); the ${seconds(options.limitMs)} wait is up`)
      return finish('timed-out')
    }
    const pause = Math.min(delay, left)
    options.progress?.(`attempt ${n}: ${report.verdict}, waiting on ${retriable.join(', ')}; next attempt in ${seconds(pause)} (${seconds(left)} left)`)
    await sleep(pause)
    delay = Math.min(delay * 2, maxDelay)
  }
}

function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)}m ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`
}

/** `15m`, `60s`, `1h`, `500ms`, `1h30m`: the `--wait` value in milliseconds, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (text.length > 32) return undefined
  const m = /^\s*((?:\d+(?:\.\d+)?(?:ms|h|m|s)\s*)+)$/i.exec(text)
  if (!m) return undefined
  let total = 0
  for (const [, value, unit] of m[1]!.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/gi)) {
    const factor = {ms: 1, s: 1000, m: 60_000, h: 3_600_000}[unit!.toLowerCase() as 'ms' | 's' | 'm' | 'h']
    total += Number(value) * factor
  }
  return total > 0 && total <= 24 * 3_600_000 ? Math.round(total) : undefined
}
