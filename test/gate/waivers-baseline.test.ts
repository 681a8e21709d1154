// Waivers and baseline drift on plain data, and the exit code / verdict they lead to.
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {applyGate} from '../../src/gate/apply.js'
import {driftOf, parseBaseline} from '../../src/gate/baseline.js'
import {parseExpiry, parseWaivers} from '../../src/gate/waivers.js'
import {InputError} from '../../src/core/input-error.js'
import {exitCodeFor} from '../../src/report/build-report.js'
import {renderHtml} from '../../src/report/render/html.js'
import {renderJunit} from '../../src/report/render/junit.js'
import {countsLine} from '../../src/report/render/labels.js'
import {renderMarkdown} from '../../src/report/render/markdown.js'
import {renderTable} from '../../src/report/render/table.js'
import {SAMPLE_REPORTS} from '../support/sample-reports.js'
import {assertValidReport} from '../support/validate-report.js'

const NOW = new Date('2026-11-30T12:00:00Z')
const inputError = (pattern: RegExp) => (error: unknown) => error instanceof InputError && pattern.test(`${error.input}: ${error.message}`)

describe('waivers file', () => {
  it('reads YAML and JSON alike', () => {
    const yaml = parseWaivers('waivers:\n  - cause: exchange.smtp-auth-disabled-tenant\n    reason: CHG-1\n    expires: 2026-12-31\n    checks: [smtp.login]\n', 'w.yaml')
    const json = parseWaivers('{"waivers": [{"cause": "exchange.smtp-auth-disabled-tenant", "reason": "CHG-1", "expires": "2026-12-31", "checks": ["smtp.login"]}]}', 'w.json')
    for (const list of [yaml, json]) {
      assert.equal(list.length, 1)
      assert.deepEqual({...list[0], line: 0}, {cause: 'exchange.smtp-auth-disabled-tenant', reason: 'CHG-1', expires: '2026-12-31', expiresAt: new Date('2027-01-01T00:00:00Z'), checks: ['smtp.login'], line: 0})
    }
  })

  it('names file and line of every problem', () => {
    const cases: [string, RegExp][] = [
      ['waivers:\n  - cause: exchange.nope\n    reason: x\n    expires: 2026-12-31\n', /w\.yaml:2: "exchange\.nope" is not a cause ID/],
      ['waivers:\n  - cause: exchange.pop-disabled\n    expires: 2026-12-31\n', /w\.yaml:2: waiver needs "reason:"/],
      ['waivers:\n  - cause: exchange.pop-disabled\n    reason: x\n    expires: 2026-02-30\n', /w\.yaml:4: expires "2026-02-30" is not a date/],
      ['waivers:\n  - cause: exchange.pop-disabled\n    reason: x\n    expires: soon\n', /w\.yaml:4: expires "soon"/],
      ['waivers:\n  - cause: exchange.pop-disabled\n    reason: x\n    expires: 2026-12-31\n    check: [pop.login]\n', /w\.yaml:5: unknown waiver key "check"/],
      ['waivers:\n  - cause: exchange.pop-disabled\n    reason: x\n    expires: 2026-12-31\n    checks: [POP LOGIN]\n', /w\.yaml:5: "POP LOGIN" is not a check ID/],
      ['waiver:\n  - cause: x\n', /w\.yaml:1: unknown key "waiver"/],
      ['waivers: {}\n', /w\.yaml:1: "waivers:" must be a list/],
      ['waivers:\n  - [unclosed\n', /w\.yaml:\d+: is not valid YAML or JSON/],
      ['', /w\.yaml:1: must be a mapping/],
    ]
    for (const [text, pattern] of cases) assert.throws(() => parseWaivers(text, 'w.yaml'), inputError(pattern), text)
  })

  it('a date holds through its day (UTC); a date-time until that instant', () => {
    assert.equal(parseExpiry('2026-11-30')?.toISOString(), '2026-12-01T00:00:00.000Z')
    assert.equal(parseExpiry('2026-11-30T08:00:00+01:00')?.toISOString(), '2026-11-30T07:00:00.000Z')
    assert.equal(parseExpiry('30.11.2026'), undefined)
  })
})

describe('applying waivers', () => {
  const waivers = (text: string) => ({file: 'w.yaml', list: parseWaivers(text, 'w.yaml')})

  it('a waived cause stays listed, marked, and stops counting; expired and unmatched waivers say so', () => {
    const report = SAMPLE_REPORTS.failing() // two error causes: smtp-auth-disabled-tenant, service-principal-wrong-object-id
    assert.equal(report.verdict, 'fail')
    const gated = applyGate(report, {now: NOW, waivers: waivers(`waivers:
  - {cause: exchange.smtp-auth-disabled-tenant, reason: "CHG-1", expires: 2026-12-31}
  - {cause: exchange.service-principal-wrong-object-id, reason: old, expires: 2026-11-29}
  - {cause: exchange.pop-disabled, reason: gone, expires: 2026-12-31}
`)})
    assert.equal(gated.causes.length, report.causes.length)
    assert.deepEqual(gated.causes.find((c) => c.id === 'exchange.smtp-auth-disabled-tenant')!.waived, {reason: 'CHG-1', expires: '2026-12-31'})
    assert.equal(gated.causes.find((c) => c.id === 'exchange.service-principal-wrong-object-id')!.waived, undefined)
    assert.equal(gated.verdict, 'fail', 'the expired waiver waives nothing')
    assert.deepEqual(gated.waivers!.applied.map((w) => w.cause), ['exchange.smtp-auth-disabled-tenant'])
    assert.match(gated.waivers!.expired[0]!.note!, /expired 2026-11-29; the cause counts again/)
    assert.match(gated.waivers!.unmatched[0]!.note!, /no such cause/)
    assertValidReport(gated)
    assert.equal(report.causes[0]!.waived, undefined, 'the input report is not changed')
  })

  it('waiving every error cause turns the verdict and the exit code', () => {
    const gated = applyGate(SAMPLE_REPORTS.failing(), {now: NOW, waivers: waivers(`waivers:
  - {cause: exchange.smtp-auth-disabled-tenant, reason: a, expires: 2026-12-31}
  - {cause: exchange.service-principal-wrong-object-id, reason: b, expires: 2026-12-31}
`)})
    assert.equal(gated.verdict, 'warn')
    assert.equal(exitCodeFor(gated), 0)
    assert.equal(exitCodeFor(gated, 'warn'), 1)
  })

  it('checks: limits a waiver to a cause that explains only those checks', () => {
    const partial = applyGate(SAMPLE_REPORTS.failing(), {now: NOW, waivers: waivers(`waivers:
  - {cause: exchange.service-principal-wrong-object-id, reason: b, expires: 2026-12-31, checks: [imap.login]}
`)})
    assert.equal(partial.waivers!.applied.length, 0)
    assert.match(partial.waivers!.unmatched[0]!.note!, /also explains graph\.service-principal/)
    const whole = applyGate(SAMPLE_REPORTS.failing(), {now: NOW, waivers: waivers(`waivers:
  - {cause: exchange.service-principal-wrong-object-id, reason: b, expires: 2026-12-31, checks: [imap.login, graph.service-principal]}
`)})
    assert.equal(whole.waivers!.applied.length, 1)
  })

  it('is shown in every format, with counts that agree', () => {
    const gated = applyGate(SAMPLE_REPORTS.failing(), {now: NOW, waivers: waivers(`waivers:
  - {cause: exchange.smtp-auth-disabled-tenant, reason: "CHG-1 <b>", expires: 2026-12-31}
`)})
    const counts = countsLine(gated)
    assert.match(counts, /2 failed \(1 waived\)/)
    const table = renderTable(gated, {color: false, width: 200})
    assert.match(table, /WAIVED until 2026-12-31: CHG-1 <b>/)
    assert.match(table, /Waived: exchange\.smtp-auth-disabled-tenant, until 2026-12-31: CHG-1 <b>/)
    assert.match(table, /1 failed but waived/, 'the default summary says so in its counts')
    const all = renderTable(gated, {color: false, width: 200, all: true})
    assert.match(all, /WAIVED until 2026-12-31: CHG-1 <b>/)
    assert.ok(all.includes(counts), '--all shows the same counts line')
    const md = renderMarkdown(gated)
    assert.match(md, /\*\*Waived\*\* until 2026-12-31: CHG-1 \\<b\\>/)
    assert.ok(md.includes(counts))
    const html = renderHtml(gated)
    assert.match(html, /<span class="badge">WAIVED<\/span>/)
    assert.ok(html.includes('CHG-1 &#60;b&#62;'))
    const junit = renderJunit(gated)
    // The waived failure is accepted: skipped with its reason; the other failure still fails (it carries the verdict).
    assert.match(junit, /<testcase classname="o365doctor.smtp" name="smtp.login[^>]*>\n {6}<skipped message="failed, accepted by a waiver: exchange.smtp-auth-disabled-tenant waived until 2026-12-31: CHG-1 &lt;b&gt;"\/>/)
    assert.match(junit, /<testsuites name="o365doctor" tests="7" failures="1" errors="0"/)
    assert.match(junit, /<testsuite name="o365doctor" tests="7" failures="1" errors="0" time="[\d.]+" skipped="2"/)
    assert.ok(junit.includes(counts))
  })
})

describe('baseline drift', () => {
  const baselineOf = (ids: string[]) => parseBaseline(JSON.stringify({schemaVersion: '1', startedAt: '2026-11-01T00:00:00.000Z', causes: ids.map((id) => ({id}))}), 'b.json')

  it('splits cause IDs into new, resolved and unchanged', () => {
    const drift = driftOf(SAMPLE_REPORTS.failing(), baselineOf(['exchange.smtp-auth-disabled-tenant', 'token.invalid-secret']))
    assert.deepEqual(drift, {
      baseline: '2026-11-01T00:00:00.000Z',
      new: ['config.smtp-host', 'exchange.service-principal-wrong-object-id', 'graph.secret-expiring'],
      resolved: ['token.invalid-secret'],
      unchanged: ['exchange.smtp-auth-disabled-tenant'],
    })
  })

  it('--fail-on new fails only on a new error cause', () => {
    const known = applyGate(SAMPLE_REPORTS.failing(), {now: NOW, baseline: baselineOf(['exchange.smtp-auth-disabled-tenant', 'exchange.service-principal-wrong-object-id'])})
    assert.equal(known.verdict, 'fail')
    assert.equal(exitCodeFor(known, 'new'), 0, 'a new warning alone does not fail')
    assertValidReport(known)
    const added = applyGate(SAMPLE_REPORTS.failing(), {now: NOW, baseline: baselineOf(['exchange.smtp-auth-disabled-tenant'])})
    assert.equal(exitCodeFor(added, 'new'), 1)
    for (const text of [renderTable(added, {color: false, width: 400, failOn: 'new'}), renderMarkdown(added, {failOn: 'new'}), renderHtml(added, {failOn: 'new'}), renderJunit(added, {failOn: 'new'})]) {
      assert.match(text, /new config\.smtp-host, exchange\.service-principal-wrong-object-id, graph\.secret-expiring; resolved none; unchanged exchange\.smtp-auth-disabled-tenant/)
      assert.match(text, /3 causes new since the baseline\. Exit code 1 \(--fail-on new\)/)
    }
    // The JUnit verdict testcase fails on the new error cause only.
    assert.match(renderJunit(added, {failOn: 'new'}), /<failure message="verdict fail: Exchange knows this app under the wrong object ID" type="verdict.fail">/)
    assert.doesNotMatch(renderJunit(known, {failOn: 'new'}), /type="verdict.fail"/)
  })

  it('a file that is not an o365doctor report is bad input naming the file', () => {
    for (const [text, pattern] of [
      ['{', /b\.json: is not JSON/],
      ['[]', /not a JSON object/],
      ['{"schemaVersion":"2","startedAt":"2026-11-01T00:00:00Z","causes":[]}', /schemaVersion "2"/],
      ['{"schemaVersion":"1","causes":[]}', /no startedAt/],
      ['{"schemaVersion":"1","startedAt":"2026-11-01T00:00:00Z","causes":[{}]}', /causes\[0\] has no id/],
    ] as const)
      assert.throws(() => parseBaseline(text, 'b.json'), inputError(pattern), text)
  })
})
