// Runs checks in dependency order, independent ones at the same time, each with a timeout and an AbortSignal.
// The runner alone marks `skip` (a need did not pass) and `error` (the check threw or timed out).
import type {Check, CheckContext, RunOptions, SharedFacts} from '../checks/check.js'
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
}

export type ProgressEvent =
  | {type: 'start'; id: string; title: string}
  | {type: 'finish'; id: string; title: string; status: CheckReport['status']; durationMs: number}

export interface RunOutput {
  reports: CheckReport[]
  outcomes: Map<CheckId, CheckOutcome>
  facts: SharedFacts
}

class CheckTimeout extends Error {
  override readonly name = 'CheckTimeout'
}

export async function runChecks(input: RunInput): Promise<RunOutput> {
  const applicable = input.checks.filter((c) => !c.applies || c.applies(input))
  const ids = new Set(applicable.map((c) => c.id))
  const outcomes = new Map<CheckId, CheckOutcome>()
  const reports = new Map<CheckId, CheckReport>()
  const facts: SharedFacts = new Map()
  const done = new Map<CheckId, Promise<void>>()

  const finish = (id: CheckId, report: CheckReport): void => {
    reports.set(id, report)
    input.onProgress?.({type: 'finish', id: report.id, title: report.title, status: report.status, durationMs: report.durationMs})
  }

  const runOne = async (check: Check): Promise<void> => {
    const needs = (check.needs ?? []).filter((n) => ids.has(n))
    await Promise.all(needs.map((n) => done.get(n)))
    const failedNeeds = needs.filter((n) => !['pass', 'warn'].includes(reports.get(n)?.status ?? 'skip'))
    if (failedNeeds.length > 0) {
      finish(check.id, {
        id: check.id, title: check.title, status: 'skip', durationMs: 0, causes: [], skippedBecause: failedNeeds,
        summary: `skipped: needs ${failedNeeds.map((n) => `${n} (${reports.get(n)?.status ?? 'not run'})`).join(', ')}`,
      })
      return
    }
    input.onProgress?.({type: 'start', id: check.id, title: check.title})
    const started = performance.now()
    const controller = new AbortController()
    const onOuterAbort = (): void => controller.abort(input.signal?.reason)
    input.signal?.addEventListener('abort', onOuterAbort, {once: true})
    const timeoutMs = check.timeoutMs ?? input.options.timeoutMs
    let timer: NodeJS.Timeout | undefined
    const ctx: CheckContext = {
      settings: input.settings, sources: input.sources, options: input.options, network: input.network,
      results: outcomes, facts, signal: controller.signal,
    }
    try {
      const outcome = await Promise.race([
        check.run(ctx),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            controller.abort(new CheckTimeout(`timed out after ${timeoutMs} ms`))
            reject(new CheckTimeout(`timed out after ${timeoutMs} ms`))
          }, timeoutMs)
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
      const message = redactText(err.message)
      finish(check.id, {
        id: check.id, title: check.title, status: 'error', durationMs: Math.round(performance.now() - started),
        summary: err instanceof CheckTimeout ? `the check ${message}` : `the check crashed: ${message}`,
        causes: [], error: {name: err.name, message},
      })
    } finally {
      clearTimeout(timer)
      input.signal?.removeEventListener('abort', onOuterAbort)
      if (!controller.signal.aborted) controller.abort()
    }
  }

  // Registering every promise first lets each check wait on its needs in any declaration order.
  let release!: () => void
  const gate = new Promise<void>((resolve) => { release = resolve })
  for (const check of applicable) done.set(check.id, gate.then(() => runOne(check)))
  release()
  await Promise.all(done.values())
  return {reports: applicable.map((c) => reports.get(c.id)!), outcomes, facts}
}
