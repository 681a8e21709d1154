// JUnit XML for a fleet run: ONE <testsuites> with one <testsuite> per target, named after the target, in
// targets-file order. Each suite is exactly the single-target suite (junitSuite: a testcase per check, the verdict
// testcase when the gate needs it, the same properties) plus the target's fleet properties; <testsuites> carries
// the sums. A target whose settings were unusable is a suite with one testcase, `target.settings`, in <error>: the
// gate goes red for it as the exit code (2) does. Valid against junit-10.xsd, as the single-target output is.

import type {FleetRun, FleetTargetResult} from '../../fleet/types.js'
import type {FailOn} from '../build-report.js'
import {attrs, junitSuite, seconds, testsuitesOpen, XML_DECLARATION, xmlText} from './junit.js'

function fleetProperties(t: FleetTargetResult): Record<string, string> {
  return {'fleet.target.name': t.name, 'fleet.target.index': String(t.index), 'fleet.target.outcome': t.outcome, 'fleet.target.exitCode': String(t.exitCode)}
}

function inputErrorSuite(run: FleetRun, t: FleetTargetResult): string[] {
  const message = t.inputError ?? 'the settings are unusable'
  const props = Object.entries(fleetProperties(t)).map(([name, value]) => `      <property${attrs({name, value})}/>`)
  return [
    `  <testsuite${attrs({name: t.name, tests: 1, failures: 0, errors: 1, time: seconds(t.durationMs), skipped: 0, timestamp: run.startedAt})}>`,
    '    <properties>',
    ...props,
    '    </properties>',
    `    <testcase${attrs({classname: 'o365doctor.target', name: 'target.settings', time: seconds(t.durationMs)})}>`,
    `      <error${attrs({message, type: 'input-error'})}>${xmlText(`Not checked: ${message}`)}</error>`,
    '    </testcase>',
    '  </testsuite>',
  ]
}

export function renderFleetJunit(run: FleetRun, failOn: FailOn): string {
  const out: string[] = [XML_DECLARATION, '']
  const totals = {tests: 0, failures: 0, errors: 0}
  for (const t of run.targets) {
    let lines: string[]
    if (t.report) {
      const suite = junitSuite(t.report, failOn, {name: t.name, properties: fleetProperties(t)})
      totals.tests += suite.counts.tests
      totals.failures += suite.counts.failures
      totals.errors += suite.counts.errors
      lines = suite.lines
    } else {
      totals.tests += 1
      totals.errors += 1
      lines = inputErrorSuite(run, t)
    }
    for (const line of lines) out.push(line)
  }
  // The root's counts are known only after the suites; the slot kept for it is filled now (no re-copying).
  out[1] = testsuitesOpen('o365doctor fleet', totals, run.durationMs)
  out.push('</testsuites>', '')
  return out.join('\n')
}
