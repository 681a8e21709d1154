// For every built-in scenario, `check --lab` (with --send-test, so Send As is proven too) reports exactly the
// causes the scenario expects, and every report validates against the schema.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {listBuiltInScenarios, resolveScenario} from '../../src/lab/scenario/load-scenario.js'
import {actionableCauseIds, runLabCheck, SCENARIO_CHECK_OPTIONS} from '../support/lab-check.js'
import {assertValidReport} from '../support/validate-report.js'

describe('check --lab, every built-in scenario', () => {
  for (const {name} of listBuiltInScenarios()) {
    it(name, async () => {
      const scenario = await resolveScenario(name)
      assert.ok(scenario.expect, `scenario ${name} has no expect: block`)
      const report = await runLabCheck(name, {sendTest: true, ...SCENARIO_CHECK_OPTIONS[name]})
      assertValidReport(report)
      assert.deepEqual(actionableCauseIds(report), [...scenario.expect.causes].sort(), `causes of ${name}`)
      if (scenario.expect.verdict) assert.equal(report.verdict, scenario.expect.verdict, `verdict of ${name}`)
      if (report.verdict === 'pass') {
        const bad = report.checks.filter((c) => c.status === 'fail' || c.status === 'error')
        assert.deepEqual(bad.map((c) => c.id), [], `no check fails in ${name}`)
      }
      for (const cause of report.causes) {
        assert.ok(cause.remediation.steps.length + cause.remediation.powershell.length > 0, `${cause.id} has a fix`)
      }
    })
  }
})
