import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {performance} from 'node:perf_hooks'
import type {Report} from '../../src/core/report.js'
import {CAUSE_IDS} from '../../src/core/cause-ids.js'
import {SAMPLE_REPORTS} from '../support/sample-reports.js'
import {assertValidReport, REPORT_SCHEMA_PATH} from '../support/validate-report.js'

/** A failing sample, broken by `mutate`. */
function broken(mutate: (report: any) => void): unknown {
  const report = structuredClone(SAMPLE_REPORTS.failing()) as any
  mutate(report)
  return report
}

function rejects(report: unknown, pattern: RegExp) {
  assert.throws(() => assertValidReport(report), (error: Error) => {
    assert.match(error.message, pattern)
    return true
  })
}

describe('report schema', () => {
  it('accepts every sample report, and its JSON round trip', () => {
    for (const [name, build] of Object.entries(SAMPLE_REPORTS)) {
      const report = build()
      assert.doesNotThrow(() => assertValidReport(report), name)
      assert.doesNotThrow(() => assertValidReport(JSON.parse(JSON.stringify(report))), name)
    }
  })

  it('is draft 2020-12 and its cause ID pattern admits every catalogue ID', () => {
    const schema = JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8'))
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema')
    const pattern = new RegExp(schema.$defs.causeId.pattern)
    for (const id of CAUSE_IDS) assert.match(id, pattern)
  })

  it('rejects a bad check status, naming where', () => {
    rejects(broken((r) => (r.checks[0].status = 'ok')), /\/checks\/0\/status must be equal to one of the allowed values \("pass", "warn", "fail", "skip", "error"\)/)
  })

  it('rejects a cause ID outside the catalogue format', () => {
    rejects(broken((r) => (r.causes[0].id = 'Graph.SecretExpiring')), /\/causes\/0\/id must match pattern/)
    rejects(broken((r) => (r.causes[0].id = 'smtp.auth-failed')), /\/causes\/0\/id must match pattern/)
    rejects(broken((r) => (r.checks[4].causes = ['exchange'])), /\/checks\/4\/causes\/0 must match pattern/)
  })

  it('rejects a report without a verdict', () => {
    rejects(broken((r) => delete r.verdict), /must have required property 'verdict'/)
  })

  it('rejects bad enums for severity, confidence, verdict and cloud', () => {
    rejects(broken((r) => (r.causes[0].severity = 'critical')), /\/causes\/0\/severity/)
    rejects(broken((r) => (r.causes[0].confidence = 'high')), /\/causes\/0\/confidence/)
    rejects(broken((r) => (r.verdict = 'error')), /\/verdict/)
    rejects(broken((r) => (r.target.cloud = 'azure')), /\/target\/cloud/)
  })

  it('rejects a stray field on our own objects (a secret, say) but not in evidence', () => {
    rejects(broken((r) => (r.target.clientSecret = 'x')), /\/target must NOT have additional properties \(clientSecret\)/)
    rejects(broken((r) => (r.checks[0].skipedBecause = [])), /additional properties \(skipedBecause\)/)
    assert.doesNotThrow(() => assertValidReport(broken((r) => (r.checks[0].evidence = {anything: {goes: [1, 'two']}}))))
  })

  it('rejects an error check without its error, and a cause without remediation', () => {
    rejects(broken((r) => (r.checks[6] = {...r.checks[6], status: 'error'})), /\/checks\/6 must have required property 'error'/)
    rejects(broken((r) => delete r.causes[0].remediation), /\/causes\/0 must have required property 'remediation'/)
  })

  it('rejects a summary or verdict that contradicts the checks and causes', () => {
    rejects(broken((r) => (r.summary.fail = 3)), /\/summary\/fail is 3, checks say 2/)
    rejects(broken((r) => (r.verdict = 'warn')), /\/verdict is "warn", the causes say "fail"/)
  })

  it('rejects dangling links between checks and causes', () => {
    rejects(broken((r) => r.checks[1].causes.push('token.invalid-secret')), /\/checks\/1\/causes names "token.invalid-secret", not in \/causes/)
    rejects(broken((r) => r.causes[0].checks.push('pop.login')), /names "pop.login", not in \/checks/)
  })

  it('rejects a report that carries a whole token or an XOAUTH2 string', () => {
    const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL291dGxvb2sub2ZmaWNlMzY1LmNvbSJ9.c2ln'
    rejects(broken((r) => (r.checks[1].evidence = {token: jwt})), /a whole JWT/)
    const xoauth2 = Buffer.from('user=sender@contoso.com\x01auth=Bearer abc\x01\x01').toString('base64')
    rejects(broken((r) => (r.checks[4].summary = `sent ${xoauth2}`)), /XOAUTH2/)
  })

  it('is fast enough to run on every report of every test (compiled once)', () => {
    const reports: Report[] = Object.values(SAMPLE_REPORTS).map((build) => build())
    assertValidReport(reports[0]) // warm: compile
    const runs = 2000
    const start = performance.now()
    for (let i = 0; i < runs; i++) assertValidReport(reports[i % reports.length])
    const perReport = (performance.now() - start) / runs
    console.log(`# assertValidReport: ${perReport.toFixed(3)} ms per report`)
    assert.ok(perReport < 2, `${perReport} ms per report`)
  })
})
