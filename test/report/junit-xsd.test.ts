// JUnit that CI gates accept: the rules of the common JUnit schema (Jenkins' junit-10.xsd, which GitLab, Azure
// Pipelines and the GitHub test-report actions follow) checked element by element, and counts that agree with the
// table's. The schema's element, attribute and order rules are in test/support/junit-schema.ts (shared with the fleet tests).
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {applyGate} from '../../src/gate/apply.js'
import {parseWaivers} from '../../src/gate/waivers.js'
import {renderJunit} from '../../src/report/render/junit.js'
import type {Report} from '../../src/core/report.js'
import {parseXml, type XmlElement} from '../support/parse-xml.js'
import {validate} from '../support/junit-schema.js'
import {SAMPLE_REPORTS} from '../support/sample-reports.js'

function gated(report: Report): Report {
  const waivers = parseWaivers('waivers:\n  - {cause: exchange.smtp-auth-disabled-tenant, reason: CHG-1, expires: 2099-01-01}\n', 'w.yaml')
  return applyGate(report, {now: new Date('2026-11-30T00:00:00Z'), waivers: {file: 'w.yaml', list: waivers}})
}

describe('JUnit against the common schema', () => {
  const reports: [string, Report][] = [...Object.entries(SAMPLE_REPORTS).map(([n, b]) => [n, b()] as [string, Report]), ['failing, waived', gated(SAMPLE_REPORTS.failing())]]

  for (const [name, report] of reports) {
    it(`${name}: valid, and the counts are the table's`, () => {
      for (const failOn of ['error', 'warn'] as const) {
        const root = parseXml(renderJunit(report, {failOn}))
        assert.deepEqual(validate(root), [], `${name} --fail-on ${failOn}`)
        assert.equal(root.attributes.skipped, undefined, 'no skipped on <testsuites>')
        const suite = root.children[0]!
        const cases = suite.children.filter((c) => c.name === 'testcase')
        const checkCases = cases.filter((c) => c.attributes.name !== 'diagnosis.verdict')
        const has = (c: XmlElement, kind: string) => c.children.some((x) => x.name === kind)
        const waived = checkCases.filter((c) => has(c, 'skipped') && /accepted by a waiver/.test(c.children.find((x) => x.name === 'skipped')!.attributes.message ?? '')).length
        // Check testcases carry exactly the table's counts (a waived failure is the one documented difference).
        assert.equal(checkCases.length, report.checks.length)
        assert.equal(checkCases.filter((c) => has(c, 'failure')).length + waived, report.summary.fail)
        assert.equal(checkCases.filter((c) => has(c, 'error')).length, report.summary.error)
        assert.equal(checkCases.filter((c) => has(c, 'skipped')).length - waived, report.summary.skip)
        // The suite's own counts are the sums over its testcases.
        assert.equal(Number(suite.attributes.tests), cases.length)
        assert.equal(Number(suite.attributes.failures), cases.filter((c) => has(c, 'failure')).length)
        assert.equal(Number(suite.attributes.errors), cases.filter((c) => has(c, 'error')).length)
        assert.equal(Number(suite.attributes.skipped), cases.filter((c) => has(c, 'skipped')).length)
        assert.equal(root.attributes.failures, suite.attributes.failures)
        const props = Object.fromEntries(suite.children.find((c) => c.name === 'properties')!.children.map((p) => [p.attributes.name, p.attributes.value]))
        for (const status of ['pass', 'warn', 'fail', 'skip', 'error'] as const) assert.equal(props[`summary.${status}`], String(report.summary[status]))
      }
    })
  }

  it('warnings are visible: in the warn check and in the suite output', () => {
    const report = SAMPLE_REPORTS.failing()
    const warning = report.causes.find((c) => c.severity === 'warning')!
    const suite = parseXml(renderJunit(report)).children[0]!
    const out = suite.children.find((c) => c.name === 'system-out')!.text
    assert.ok(out.includes(`Warning: ${warning.id}: ${warning.summary}`))
    assert.match(out, /^FAIL: 2 problems stop mail from working\. Exit code 1\./)
  })

  it('the validator catches what the schema forbids', () => {
    const bad = parseXml('<testsuites skipped="1"><testsuite name="x" tests="1"><testcase name="a"><failure/><skipped/></testcase><properties/></testsuite></testsuites>')
    const problems = validate(bad)
    assert.ok(problems.some((p) => /attribute skipped not allowed/.test(p)))
    assert.ok(problems.some((p) => /<skipped> out of order/.test(p)))
    assert.ok(problems.some((p) => /<properties> out of order/.test(p)))
  })
})
