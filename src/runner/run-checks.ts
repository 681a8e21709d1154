// Runs checks in dependency order, independent ones at the same time, each with a timeout and an AbortSignal.
// The runner alone marks `skip` (a need did not pass) and `error` (the check threw or timed out).
import type {Check, CheckContext, RunOptions, RunFacts} from '../checks/check.js'
import type {CheckId, CheckOutcome} from '../core/check.js'
import type {NetworkMap} from '../net/routes.js'
import type {CheckReport} from '../core/report.js'
import {redactText} from '../core/redact.js'
import type {SettingSources, Settings} from '../settings/types.js'

export interface RunInput {
  checks: readonly Check[]
  settings: Settings
  sources: SettingSources
  options: RunOptions
  network?: NetworkMap
  signal?: AbortSignal
  /** Told when each check starts and when it ends (skips included); for live progress. Must not throw. */
  onProgress?: (event: ProgressEvent) => void
  /** Bound of the whole run in ms (default: four checks in a row, the longest dependency chain, plus slack). */
  runTimeoutMs?: number
}

export type ProgressEvent =
  | {type: 'start'; id: string; title: string}
  | {type: 'finish'; id: string; title: string; status: CheckReport['status']; durationMs: number}

/** How long a check may take to report after its deadline aborted it (it then names the step it was waiting for). */
export const GRACE_MS = 500

export interface RunOutput {
  reports: CheckReport[]
  outcomes: Map<CheckId, CheckOutcome>
  facts: RunFacts
}

export class CheckTimeout extends Error {
  override readonly name = 'CheckTimeout'
}

/**
 * The reason a finished check's signal is aborted with (releasing whatever it left waiting). One shared instance:
 * `abort()` without a reason builds a DOMException with a stack per check, a measurable cost in a fleet run.
 */
const CHECK_FINISHED = Object.freeze(Object.assign(new Error('the check had finished'), {name: 'AbortError'}))

export async function runChecks(input: RunInput): Promise<RunOutput> {
  const applicable = input.checks.filter((c) => !c.applies || c.applies(input))
  const ids = new Set(applicable.map((c) => c.id))
  const outcomes = new Map<CheckId, CheckOutcome>()
  const reports = new Map<CheckId, CheckReport>()
  const facts: RunFacts = {}
  const done = new Map<CheckId, Promise<void>>()
  const runDeadline = Date.now() + (input.runTimeoutMs ?? input.options.timeoutMs * 4 + 2000)

  const finish = (id: CheckId, report: CheckReport): void => {
    reports.set(id, report)
    input.onProgress?.({type: 'finish', id: report.id, title: report.title, status: report.status, durationMs: report.durationMs})
  }

  const runOne = async (check: Check): Promise<void> => {
    const needs = (check.needs ?? []).filter((n) => ids.has(n))
    await Promise.all([...needs, ...(check.after ?? []).filter((n) => ids.has(n))].map((n) => done.get(n)))
    const failedNeeds = needs.filter((n) => !['pass', 'warn'].includes(reports.get(n)?.status ?? 'skip'))
    if (failedNeeds.length > 0) {
      finish(check.id, {
        id: check.id, title: check.title, status: 'skip', durationMs: 0, causes: [], skippedBecause: failedNeeds,
        summary: `skipped: needs ${failedNeeds.map((n) => `${n} (${reports.get(n)?.status ?? 'not run'})`).join(', ')}`,
      })
      return
    }
    if (Date.now() >= runDeadline) {
      finish(check.id, {
        id: check.id, title: check.title, status: 'error', durationMs: 0, causes: [],
        summary: 'not run: the run\'s deadline had passed', error: {name: 'RunTimeout', message: 'the run\'s deadline had passed'},
      })
      return
    }
    input.onProgress?.({type: 'start', id: check.id, title: check.title})
    const started = performance.now()
    const controller = new AbortController()
    const onOuterAbort = (): void => controller.abort(input.signal?.reason)
    input.signal?.addEventListener('abort', onOuterAbort, {once: true})
    const timeoutMs = Math.max(1, Math.min(check.timeoutMs ?? input.options.timeoutMs, runDeadline - Date.now()))
    const deadline = Date.now() + timeoutMs
    const timers: NodeJS.Timeout[] = []
    const ctx: CheckContext = {
      settings: input.settings, sources: input.sources, options: input.options, network: input.network,
      results: outcomes, facts, signal: controller.signal, deadline,
    }
    // Built only when the deadline fires (an Error captures a stack; most checks never time out).
    let timeout: CheckTimeout | undefined
    const timeoutText = `timed out after ${timeoutMs} ms`
    try {
      // At the deadline the signal aborts every wait in the check; the check then has GRACE_MS to report where it
      // was (a probe names its step). A check that does not come back by then is cut off as `error`.
      const outcome = await Promise.race([
        check.run(ctx),
        new Promise<never>((_, reject) => {
          timers.push(setTimeout(() => {
            const reason = new CheckTimeout(timeoutText)
            timeout = reason
            controller.abort(reason)
            timers.push(setTimeout(() => reject(reason), GRACE_MS))
          }, timeoutMs))
        }),
      ])
      outcomes.set(check.id, outcome)
      finish(check.id, {
        id: check.id, title: check.title, status: outcome.status, durationMs: Math.round(performance.now() - started),
        summary: outcome.summary, evidence: outcome.evidence, causes: (outcome.causes ?? []).map((c) => c.id),
        transcript: input.options.verbose ? outcome.transcript : undefined,
      })
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error))
      // A check that threw because its deadline aborted it timed out; it did not crash.
      const timedOut = err instanceof CheckTimeout || (timeout !== undefined && controller.signal.reason === timeout)
      const message = redactText(err.message)
      const said = timedOut && err !== timeout && message ? ` (${message})` : ''
      finish(check.id, {
        id: check.id, title: check.title, status: 'error', durationMs: Math.round(performance.now() - started),
        summary: timedOut ? `the check ${timeoutText}${said}` : `the check crashed: ${message}`,
        causes: [], error: timedOut ? {name: 'CheckTimeout', message: `${timeoutText}${said}`} : {name: err.name, message},
      })
    } finally {
      for (const t of timers) clearTimeout(t)
      input.signal?.removeEventListener('abort', onOuterAbort)
      if (!controller.signal.aborted) controller.abort(CHECK_FINISHED)
    }
  }

  // Registering every promise first lets each check wait on its needs in any declaration order.
  let release!: () => void
  const gate = new Promise<void>((resolve) => { release = resolve })
  for (const check of applicable) done.set(check.id, gate.then(() => runOne(check)))
  release()
  try {
    await Promise.all(done.values())
  } finally {
    for (const hook of facts.atRunEnd ?? []) {
      try {
        hook()
      } catch {
        // A release that fails (a socket already gone) must not turn a finished run into a crash.
      }
    }
  }
  return {reports: applicable.map((c) => reports.get(c.id)!), outcomes, facts}
}
