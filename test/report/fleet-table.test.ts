// The fleet's terminal summary on plain data: worst first, what each target needs, the counts, the exit-code line,
// and the single-target table's habits (width, colour only when asked, --ascii, hostile text shown not obeyed).
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {rankCauses} from '../../src/core/cause.js'
import {worstFirst} from '../../src/fleet/plan.js'
import {renderFleet} from '../../src/report/render/fleet.js'
import {renderReport} from '../../src/report/render/index.js'
import {displayWidth} from '../../src/report/render/text.js'
import {bigFleet, fleetOf, HOSTILE_NAME, result, sampleFleet, warnReport} from './fleet-sample.js'
import {SAMPLE_REPORTS} from '../support/sample-reports.js'

const ESC = '\u001b'
const table = (run = sampleFleet(), options = {}) => renderFleet(run, 'table', {width: 80, ...options})

/** The line of the summary where a target's entry starts (its name, as cut to the column). */
function entryStart(out: string, name: string): number {
  const lines = out.split('\n')
  return lines.findIndex((l) => /^\S/.test(l) && l.includes(name.slice(0, 4)))
}

describe('fleet table', () => {
  it('lists every target once, worst first, equal outcomes in targets-file order', () => {
    const run = sampleFleet()
    const out = table(run)
    const expected = worstFirst(run.targets).map((t) => t.name)
    const positions = expected.map((name) => entryStart(out, name))
    assert.ok(positions.every((p) => p > 0), `every target has a line: ${positions}`)
    assert.deepEqual([...positions].sort((a, b) => a - b), positions, `worst first: ${expected.join(' / ')}`)
    // Two failures keep the file's order: beta (index 1) before the hostile one (index 5).
    assert.ok(positions[0]! < positions[1]! && expected[0] === 'beta' && expected[1] === HOSTILE_NAME)
  })

  it('gives each target with a problem its cause IDs and the first step of its top cause; a passing one a single line', () => {
    const run = sampleFleet()
    const out = table(run, {width: 200})
    for (const t of run.targets) {
      const start = entryStart(out, t.name)
      const next = out.split('\n').slice(start + 1).findIndex((l) => !l.startsWith(' '))
      const entry = out.split('\n').slice(start, start + 1 + next).join('\n')
      if (t.outcome === 'pass') assert.equal(next, 0, 'a passing target takes one line')
      if (t.outcome === 'fail' || t.outcome === 'warn') {
        const severity = t.outcome === 'fail' ? 'error' : 'warning'
        const causes = rankCauses(t.report!.causes).filter((c) => c.severity === severity)
        for (const c of causes) assert.ok(entry.includes(c.id), `${t.name}: ${c.id}`)
        assert.ok(entry.includes(causes[0]!.remediation.steps[0]!.slice(0, 30).replace(/\u0007/g, '\\x07')), `${t.name}: first step`)
      }
      if (t.outcome === 'incomplete') assert.match(entry, /did not finish: imap\.connect\n.*crashed: TypeError/)
      if (t.outcome === 'input-error') assert.ok(entry.replace(/\n\s+/g, ' ').includes(t.inputError!), 'the whole input error')
      if (t.report?.target.mailbox && t.report.target.mailbox.length < 30) assert.ok(entry.split('\n')[0]!.includes(t.report.target.mailbox))
    }
  })

  it('ends with the counts, the shard and what was shared, and the verdict in the single-target words with the exit code', () => {
    const run = sampleFleet({shard: {index: 2, count: 4}, totalTargets: 24, shared: {tokenRequests: 3, graphReads: 1}})
    const flat = table(run, {width: 300})
    assert.match(flat, /\n6 targets: 2 failed · 1 incomplete · 1 with unusable settings · 1 warned · 1 passed\n/)
    assert.match(flat, /Shard 2\/4 of the 24 targets in targets\.yaml\. 3 token requests and 1 Graph read for 6 targets/)
    assert.match(flat, /\n✗ FAIL: 2 targets have problems that stop mail from working\. Exit code 1\.\n/)
    const passing = fleetOf([result('a', 0, SAMPLE_REPORTS.passing()), result('b', 1, SAMPLE_REPORTS.passing())])
    assert.match(table(passing, {width: 300}), /\n✓ PASS: no problem found in 2 targets\. Exit code 0\.\n/)
    const warn = fleetOf([result('a', 0, warnReport())])
    assert.match(table(warn, {width: 300}), /WARN: no blocking problem found, but 1 target needs attention\. Exit code 0 \(1 with --fail-on warn\)\./)
    const incomplete = fleetOf([result('a', 0, SAMPLE_REPORTS['skip-error']()), result('b', 1, warnReport())])
    assert.match(table(incomplete, {width: 300}), /INCOMPLETE: 1 target did not finish .*Exit code 3\./)
    assert.match(table(fleetOf([]), {width: 300}), /PASS: no target to check in this run\. Exit code 0\./)
  })

  it('fits 80 columns (and 40, 60, 100), with no escape or raw control character unless colour is asked for', () => {
    for (const width of [40, 60, 80, 100])
      for (const ascii of [false, true]) {
        const out = table(sampleFleet(), {width, ascii})
        for (const line of out.split('\n')) assert.ok(displayWidth(line) <= width, `@${width}: "${line}" is ${displayWidth(line)} wide`)
        assert.ok(!out.includes(ESC))
        assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/.test(out), 'no raw control character')
      }
    // The hostile name is shown, escaped and on one line: cut to its column in the summary, whole in its section.
    assert.match(table(), /\n✗ FAIL {8}evil <script>alert\("x"\)<\/sc… /)
    assert.ok(table(sampleFleet(), {width: 300, all: true}).includes('evil <script>alert("x")</script> a | b || c bell\\x07 nul\\x00 esc\\x1B[31mred\\x1B[0m vt\\x0B del\\x7F c1\\x9B second line (✗ FAIL)'))
  })

  it('colours only when asked, and the text is the same once the colour is taken out', () => {
    const plain = table()
    const coloured = table(sampleFleet(), {color: true})
    assert.ok(coloured.includes(`${ESC}[31m`) && coloured.includes(`${ESC}[1m`))
    assert.equal(coloured.replace(/\u001b\[\d+m/g, ''), plain)
  })

  it('--ascii adds no non-ASCII character of its own', () => {
    const run = fleetOf([result('a', 0, SAMPLE_REPORTS.failing()), result('b', 1, SAMPLE_REPORTS['skip-error']()), result('c', 2, SAMPLE_REPORTS.passing())])
    const out = table(run, {ascii: true})
    assert.ok(/^[\x00-\x7f]*$/.test(out), out.match(/[^\x00-\x7f]/)?.[0])
    assert.match(out, /^FAIL {8}a /m)
  })

  it('with --all or --verbose, each target\'s own report follows the summary, worst first, and the verdict comes last', () => {
    const run = sampleFleet()
    for (const flag of ['all', 'verbose'] as const) {
      const out = table(run, {[flag]: true})
      let from = out.indexOf('Exit code 1.')
      for (const t of worstFirst(run.targets)) {
        const own = t.report ? renderReport(t.report, 'table', {width: 80, [flag]: true}).trimEnd() : `Not checked: ${t.inputError!.slice(0, 40)}`
        const at = out.indexOf(own, from)
        assert.ok(at > from, `${flag}: ${t.name}'s report after the previous one`)
        from = at
      }
      assert.match(out, /Exit code 1\.\n$/)
    }
    assert.ok(!table(run).includes('Transcript of'), 'the summary alone has no report body')
  })

  it('stays one entry per target for a large fleet', () => {
    const run = bigFleet(1000)
    const out = table(run)
    const entries = out.split('\n').filter((l) => /^(✓|!|✗|‼) /.test(l) && !l.includes('Exit code'))
    assert.equal(entries.length, 1000)
    assert.match(out, /\n1000 targets: /)
  })
})
