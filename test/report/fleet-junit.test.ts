// Fleet JUnit: one <testsuites>, one <testsuite> per target holding exactly the single-target suite's testcases,
// counts that sum, valid against the same junit-10.xsd rules as the single-target output.
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {renderFleet} from '../../src/report/render/fleet.js'
import {renderJunit} from '../../src/report/render/junit.js'
import {findAll, parseXml, type XmlElement} from '../support/parse-xml.js'
import {validate} from '../support/junit-schema.js'
import {bigFleet, fleetOf, HOSTILE_NAME, result, sampleFleet, warnReport} from './fleet-sample.js'
import {SAMPLE_REPORTS} from '../support/sample-reports.js'

const xmlSafe = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\p{Cs}/gu, '')
const has = (c: XmlElement, kind: string) => c.children.some((x) => x.name === kind)
const count = (el: XmlElement, attr: string) => Number(el.attributes[attr])

describe('fleet junit', () => {
  for (const failOn of ['error', 'warn'] as const)
    it(`valid, one suite per target named after it, counts on <testsuites> the sums (--fail-on ${failOn})`, () => {
      const run = sampleFleet()
      const root = parseXml(renderFleet(run, 'junit', {failOn}))
      assert.deepEqual(validate(root), [])
      assert.equal(root.name, 'testsuites')
      const suites = root.children
      assert.deepEqual(suites.map((s) => s.attributes.name), run.targets.map((t) => xmlSafe(t.name)))
      const cases = findAll(root, 'testcase')
      assert.equal(count(root, 'tests'), cases.length)
      assert.equal(count(root, 'failures'), cases.filter((c) => has(c, 'failure')).length)
      assert.equal(count(root, 'errors'), cases.filter((c) => has(c, 'error')).length)
      for (const key of ['tests', 'failures', 'errors'])
        assert.equal(count(root, key), suites.reduce((n, s) => n + count(s, key), 0), `${key} sum`)
      // Red exactly when the run's exit code is not 0.
      const red = cases.some((c) => has(c, 'failure') || has(c, 'error'))
      assert.equal(red, run.exitCode !== 0)
    })

  it("each target's suite is the single-target suite: same testcases, same properties, plus the target's", () => {
    const run = sampleFleet()
    const suites = parseXml(renderFleet(run, 'junit', {})).children
    for (const [i, t] of run.targets.entries()) {
      const suite = suites[i]!
      const props = Object.fromEntries(findAll(suite, 'property').map((p) => [p.attributes.name, p.attributes.value]))
      assert.deepEqual([props['fleet.target.name'], props['fleet.target.index'], props['fleet.target.outcome']], [xmlSafe(t.name), String(t.index), t.outcome])
      if (!t.report) {
        const [only, ...rest] = suite.children.filter((c) => c.name === 'testcase')
        assert.equal(rest.length, 0)
        assert.equal(only!.attributes.name, 'target.settings')
        assert.equal(findAll(only!, 'error')[0]!.attributes.message, t.inputError)
        continue
      }
      const single = parseXml(renderJunit(t.report)).children[0]!
      assert.deepEqual(suite.children.filter((c) => c.name !== 'properties'), single.children.filter((c) => c.name !== 'properties'))
      const singleProps = findAll(single, 'property')
      assert.deepEqual(findAll(suite, 'property').slice(-singleProps.length), singleProps)
      for (const key of ['tests', 'failures', 'errors', 'skipped', 'time', 'timestamp']) assert.equal(suite.attributes[key], single.attributes[key], key)
    }
  })

  it('a warn-only fleet goes red only with --fail-on warn', () => {
    const run = fleetOf([result('a', 0, warnReport()), result('b', 1, SAMPLE_REPORTS.passing())])
    assert.equal(count(parseXml(renderFleet(run, 'junit', {})), 'failures'), 0)
    assert.equal(count(parseXml(renderFleet({...run, exitCode: 1}, 'junit', {failOn: 'warn'})), 'failures'), 1)
  })

  it('escapes a hostile target name into a well-formed attribute', () => {
    const xml = renderFleet(sampleFleet(), 'junit', {})
    assert.ok(!xml.includes('<script>') && !xml.includes('\u0007'))
    assert.equal(parseXml(xml).children[5]!.attributes.name, xmlSafe(HOSTILE_NAME))
  })

  it('1000 targets: 1000 suites, still valid', () => {
    const root = parseXml(renderFleet(bigFleet(1000), 'junit', {}))
    assert.equal(root.children.length, 1000)
    assert.deepEqual(validate(root), [])
  })
})
