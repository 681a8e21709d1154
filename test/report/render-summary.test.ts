import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {renderTable} from '../../src/report/render/index.js'
import {clip, displayWidth, wrap} from '../../src/report/render/text.js'
import type {Report} from '../../src/core/report.js'
import {assertGolden} from '../support/golden.js'
import {SAMPLE_REPORTS} from '../support/sample-reports.js'

const samples = Object.entries(SAMPLE_REPORTS).map(([name, build]) => [name, build()] as [string, Report])
const count = (text: string, part: string) => text.split(part).length - 1

describe('the short default rendering', () => {
  for (const width of [80, 120])
    for (const [name, report] of samples)
      it(`${name} at ${width} columns matches its golden file`, () => {
        assertGolden(`test/report/golden/${name}.summary-${width}.txt`, renderTable(report, {color: false, width}))
      })

  it('failing in ASCII at 80 columns matches its golden file', () => {
    assertGolden('test/report/golden/failing.summary-ascii-80.txt', renderTable(SAMPLE_REPORTS.failing(), {color: false, width: 80, ascii: true}))
  })

  it('says each cause headline once and shows every failed, warned or crashed check exactly once', () => {
    for (const [name, report] of samples) {
      const out = renderTable(report, {color: false, width: 200})
      for (const cause of report.causes) assert.equal(count(out, cause.summary), 1, `${name}: "${cause.summary}"`)
      for (const check of report.checks.filter((c) => ['fail', 'warn', 'error'].includes(c.status))) {
        const mentions = out.split('\n').filter((l) => new RegExp(`\\b(FAIL|WARN|ERROR) ${check.id.replace('.', '\\.')}[: ]`).test(l) || l.includes(`${check.id} says so`) || l.includes(`${check.id}, `) && l.includes('say so'))
        assert.equal(mentions.length, 1, `${name}: ${check.id} shown ${mentions.length} times`)
      }
    }
  })

  it('puts what is wrong before the per-area lines, and the passing areas in one line each', () => {
    const report = SAMPLE_REPORTS.failing()
    const out = renderTable(report, {color: false, width: 100})
    const firstCause = out.indexOf('1. ERROR:')
    const areas = out.search(/\n✓ PASS +settings/)
    assert.ok(firstCause > 0 && areas > firstCause, `cause at ${firstCause}, areas at ${areas}`)
    assert.ok(out.indexOf('What to do:') < areas && out.indexOf('Set-CASMailbox') < areas)
    const areaPrefixes = new Set(report.checks.map((c) => c.id.split('.')[0]))
    assert.equal(out.split('\n').filter((l) => /^(✓|!|✗|-|‼) (PASS|WARN|FAIL|SKIP|ERROR) +\S+ {2,}\d/.test(l)).length, areaPrefixes.size)
  })

  it('wraps to the width; only PowerShell lines and URLs may run over', () => {
    for (const [name, report] of samples)
      for (const width of [60, 80, 120]) {
        const keep = report.causes.flatMap((c) => [...c.remediation.powershell, ...c.docs])
        for (const line of renderTable(report, {color: false, width}).split('\n')) {
          if (keep.some((u) => line.includes(u)) || line.trim().startsWith('Docs:')) continue
          assert.ok(displayWidth(line) <= width, `${name} @${width}: "${line}" is ${displayWidth(line)} wide`)
        }
      }
  })

  it('a passing report is short: header, counts, one line per area, verdict', () => {
    const report = SAMPLE_REPORTS.passing()
    const out = renderTable(report, {color: false, width: 100})
    const areas = new Set(report.checks.map((c) => c.id.split('.')[0])).size
    assert.ok(out.split('\n').length <= areas + 9, out)
    assert.ok(!out.includes('┌') && !out.includes('What to do'))
  })

  it('ASCII mode adds no character outside ASCII; the report\'s own text keeps its characters', () => {
    for (const [name, report] of samples)
      for (const all of [false, true]) {
        const out = renderTable(report, {color: false, width: 100, ascii: true, all})
        const own = [...report.checks.flatMap((c) => [c.summary, c.title, JSON.stringify(c.evidence ?? '')]), ...report.causes.flatMap((c) => [c.summary, c.explanation, ...c.remediation.steps, ...c.remediation.powershell])]
        const fromReport = own.some((t) => /[^\x00-\x7f]/.test(t))
        const added = out.split('\n').filter((l) => /[^\x00-\x7f]/.test(l) && !own.some((t) => [...l].some((ch) => ch.charCodeAt(0) > 0x7f && t.includes(ch))))
        assert.deepEqual(added, [], `${name}${all ? ' --all' : ''}: ${fromReport ? 'beyond the report\'s own characters' : ''}`)
        assert.ok(!/[┌│├└─✓✗‼·…]/.test(out.replace(/[^\x00-\x7f]/g, (ch) => (own.some((t) => t.includes(ch)) ? '' : ch))), `${name}: a glyph in ASCII mode`)
      }
  })

  it('cuts long outside text before layout, fast, and says how much was left out', () => {
    const report = SAMPLE_REPORTS.failing()
    const reply = '5'.repeat(200_000)
    report.checks[0]!.summary = reply
    report.checks[0]!.status = 'fail'
    report.checks[0]!.evidence = {reply}
    report.checks[0]!.transcript = Array.from({length: 200_000}, (_, i) => ({t: i, dir: 'S:', text: `line ${i}`}))
    const started = performance.now()
    for (const options of [{}, {all: true}, {verbose: true}]) {
      const out = renderTable(report, {color: false, width: 80, ...options}).replace(/[│\s]+/g, ' ')
      assert.match(out, /… 198000 more bytes/)
    }
    assert.ok(performance.now() - started < 20_000, `took ${Math.round(performance.now() - started)} ms`)
  })
})

describe('text helpers', () => {
  it('clip keeps short text, counts the cut rest in UTF-8 bytes and never splits a surrogate pair', () => {
    assert.equal(clip('short', 10), 'short')
    assert.equal(clip('aaaaőőő', 4), 'aaaa… 6 more bytes')
    assert.equal(clip('a😀b', 2, '...'), 'a... 5 more bytes')
  })

  it('wrap cuts a 100 000-character word in linear time', () => {
    const started = performance.now()
    const lines = wrap('x'.repeat(100_000), 80, '', '', false)
    assert.equal(lines.length, 1250)
    assert.ok(lines.every((l) => displayWidth(l) === 80))
    assert.ok(performance.now() - started < 2000)
  })
})
