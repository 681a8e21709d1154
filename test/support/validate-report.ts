// Validates a report against schema/report.schema.json (compiled once per process) plus the contract's
// cross-field rules a schema cannot express. Every test that produces a report calls assertValidReport on it.

import {existsSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import Ajv2020Module from 'ajv/dist/2020.js'
import type {ErrorObject, ValidateFunction} from 'ajv/dist/2020.js'

// ajv is CommonJS; under Node16 ESM its class is the default export's `default`.
const Ajv2020 = Ajv2020Module.default

/** The repository root: the nearest folder with a package.json (works from test/ and from dist/test/). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error('validate-report: no package.json above ' + fileURLToPath(import.meta.url))
    dir = up
  }
  return dir
}

export const REPORT_SCHEMA_PATH = join(repoRoot(), 'schema', 'report.schema.json')

let compiled: ValidateFunction | undefined

function validator(): ValidateFunction {
  if (compiled) return compiled
  const ajv = new Ajv2020({allErrors: true, strict: true, strictRequired: false})
  // ajv-formats is not a dependency; these two are all the schema uses.
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i)
  const validate = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')))
  compiled = validate
  return validate
}

function describe(errors: ErrorObject[]): string[] {
  return errors.map((e) => {
    const where = e.instancePath || '(report)'
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String(e.params.additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`
          : ''
    return `${where} ${e.message ?? e.keyword}${extra}`
  })
}

// Shapes that must never appear anywhere in a report: a whole JWT, an XOAUTH2 string (base64 of "user="), a
// private key. Cheap to scan and every test runs it, so a leak fails the test that caused it.
const SECRET_SHAPES: [RegExp, string][] = [
  [/eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, 'a whole JWT (access token)'],
  [/dXNlcj[A-Za-z0-9+/]{20,}={0,2}/, 'a base64 XOAUTH2 string'],
  [/auth=Bearer /, 'a raw XOAUTH2 string'],
  [/PRIVATE KEY-----/, 'a private key'],
]

function invariants(report: Record<string, any>): string[] {
  const problems: string[] = []
  const checks: any[] = report.checks
  const causes: any[] = report.causes
  const counts: Record<string, number> = {pass: 0, warn: 0, fail: 0, skip: 0, error: 0}
  for (const c of checks) counts[c.status]++
  for (const [status, n] of Object.entries(counts))
    if (report.summary[status] !== n) problems.push(`/summary/${status} is ${report.summary[status]}, checks say ${n}`)
  // A waived cause stays listed but does not count toward the verdict ("Waivers and baselines").
  const counted = causes.filter((c) => !c.waived)
  const verdict = counted.some((c) => c.severity === 'error')
    ? 'fail'
    : counted.some((c) => c.severity === 'warning')
      ? 'warn'
      : 'pass'
  if (report.verdict !== verdict) problems.push(`/verdict is "${report.verdict}", the causes say "${verdict}"`)
  const checkIds = new Set(checks.map((c) => c.id))
  const causeIds = new Set(causes.map((c) => c.id))
  if (checkIds.size !== checks.length) problems.push('/checks has a duplicate id')
  checks.forEach((c, i) => {
    for (const id of c.causes) if (!causeIds.has(id)) problems.push(`/checks/${i}/causes names "${id}", not in /causes`)
  })
  causes.forEach((c, i) => {
    for (const id of c.checks) if (!checkIds.has(id)) problems.push(`/causes/${i}/checks names "${id}", not in /checks`)
  })
  const text = JSON.stringify(report)
  for (const [shape, what] of SECRET_SHAPES) if (shape.test(text)) problems.push(`the report contains ${what}`)
  return problems
}

/** Throws an Error listing every problem (schema first, then the contract's cross-field rules). */
export function assertValidReport(report: unknown): void {
  const validate = validator()
  if (!validate(report)) {
    throw new Error('report does not match schema/report.schema.json:\n  ' + describe(validate.errors ?? []).join('\n  '))
  }
  const problems = invariants(report as Record<string, any>)
  if (problems.length > 0) throw new Error('report breaks the report contract:\n  ' + problems.join('\n  '))
}
