// Loads the captured observations of every built-in scenario (fixtures/observations.json, written by
// capture-observations.ts) back into the shapes the diagnosis reads: outcomes by check ID, and settings.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {repoRoot} from '../support/validate-report.js'
import type {Cause} from '../../src/core/cause.js'
import type {CauseId} from '../../src/core/cause-ids.js'
import type {CheckId, CheckOutcome, CheckStatus} from '../../src/core/check.js'
import type {CheckReport} from '../../src/core/report.js'
import {buildCause, type BuildCauseOptions, type FixValues} from '../../src/diagnosis/catalogue.js'
import type {Settings} from '../../src/settings/types.js'

/** In the source tree (tsc does not copy JSON into dist/). */
export const FIXTURE = join(repoRoot(), 'test', 'diagnosis', 'fixtures', 'observations.json')

export interface StoredFinding {
  id: CauseId
  options: BuildCauseOptions
  values: FixValues
}

export interface ObservationFixture {
  scenario: string
  sendTest: boolean
  settings: Omit<Settings, 'clientSecret'> & {clientSecretLength?: number}
  checks: {
    id: string
    status: CheckStatus
    summary: string
    evidence?: Record<string, unknown>
    skippedBecause?: string[]
    error?: {name: string; message: string}
    causes: StoredFinding[]
  }[]
}

export interface Observed {
  scenario: string
  sendTest: boolean
  settings: Settings
  reports: CheckReport[]
  outcomes: Map<CheckId, CheckOutcome>
}

export function loadObservations(): Observed[] {
  const raw = JSON.parse(readFileSync(FIXTURE, 'utf8')) as ObservationFixture[]
  return raw.map(toObserved)
}

export function toObserved(f: ObservationFixture): Observed {
  const {clientSecretLength: _length, ...settings} = f.settings
  const outcomes = new Map<CheckId, CheckOutcome>()
  const reports: CheckReport[] = []
  for (const c of f.checks) {
    const causes: Cause[] = c.causes.map((s) => buildCause(s.id, s.options, s.values))
    if (c.status === 'pass' || c.status === 'warn' || c.status === 'fail') {
      outcomes.set(c.id as CheckId, {status: c.status, summary: c.summary, evidence: c.evidence, causes})
    }
    reports.push({
      id: c.id, title: c.id, status: c.status, durationMs: 0, summary: c.summary, evidence: c.evidence,
      causes: causes.map((x) => x.id), skippedBecause: c.skippedBecause, error: c.error,
    })
  }
  return {scenario: f.scenario, sendTest: f.sendTest, settings: settings as Settings, reports, outcomes}
}
