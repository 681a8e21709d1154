// Puts the run's pieces into the contract's report shape.
import type {Cause} from '../core/cause.js'
import type {LoadedSettings} from '../settings/types.js'
import {summarize, verdictOf} from './build-report.js'
import type {CheckReport, Report} from '../core/report.js'

export interface AssembleInput {
  version: string
  startedAt: Date
  durationMs: number
  loaded: LoadedSettings
  checks: CheckReport[]
  causes: Cause[]
  lab?: string
}

export function assembleReport(input: AssembleInput): Report {
  const {settings, sources} = input.loaded
  return {
    schemaVersion: '1',
    tool: {name: 'o365doctor', version: input.version},
    startedAt: input.startedAt.toISOString(),
    durationMs: Math.round(input.durationMs),
    target: {
      cloud: settings.cloud,
      tenant: settings.tenant,
      clientId: settings.clientId,
      mailbox: settings.mailbox,
      from: settings.from,
      protocols: settings.protocols,
      sources: sources as Record<string, NonNullable<(typeof sources)[keyof typeof sources]>>,
      ...(input.lab ? {lab: input.lab} : {}),
    },
    checks: input.checks,
    causes: input.causes,
    summary: summarize(input.checks),
    verdict: verdictOf(input.causes),
  }
}
