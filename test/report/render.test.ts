import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {exitCodeFor} from '../../src/report/build-report.js'
import {renderReport, REPORT_FORMATS, renderJson, renderJunit, renderMarkdown, renderTable} from '../../src/report/render/index.js'
import {displayWidth} from '../../src/report/render/text.js'
import type {Report} from '../../src/core/report.js'
import {assertGolden} from '../support/golden.js'
import {renderHtml} from '../../src/report/render/html.js'
import {findAll, parseXml} from '../support/parse-xml.js'
import {HOSTILE, SAMPLE_REPORTS} from '../support/sample-reports.js'
import {assertValidReport} from '../support/validate-report.js'

const ESC = '\u001b'
const samples = Object.entries(SAMPLE_REPORTS).map(([name, build]) => [name, build()] as [string, Report])

describe('golden files (table at width 100 without colour, markdown, junit, json)', () => {
  for (const [name, report] of samples) {
    it(name, () => {
      assertValidReport(report)
      assertGolden(`test/report/golden/${name}.table.txt`, renderTable(report, {color: false, width: 100, all: true}))
      assertGolden(`test/report/golden/${name}.md`, renderMarkdown(report))
      assertGolden(`test/report/golden/${name}.junit.xml`, renderJunit(report))
      assertGolden(`test/report/golden/${name}.json`, renderJson(report))
      assertGolden(`test/report/golden/${name}.html`, renderHtml(report))
    })
  }
  it('failing, verbose table at width 80', () => {
    assertGolden('test/report/golden/failing.table-verbose-80.txt', renderTable(SAMPLE_REPORTS.failing(), {color: false, width: 80, verbose: true}))
  })
})

describe('renderTable', () => {
  it('has no ANSI escape at all without colour, even when the report itself carries ESC', () => {
    for (const [name, report] of samples)
      for (const verbose of [false, true]) {
        const out = renderTable(report, {color: false, width: 100, verbose})
        assert.ok(!out.includes(ESC), `${name}${verbose ? ' verbose' : ''} has an escape character`)
        assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/.test(out), `${name} has a raw control character`)
      }
    for (const [name, report] of samples)
      for (const verbose of [false, true]) {
        const out = renderTable(report, {color: false, width: 100, verbose, all: true})
        assert.ok(!out.includes(ESC), `${name}${verbose ? ' verbose' : ''} has an escape character`)
        assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/.test(out), `${name} has a raw control character`)
      }
    assert.ok(JSON.stringify(SAMPLE_REPORTS.hostile()).includes('\\u001b'), 'the hostile sample does carry ESC')
    assert.match(renderTable(SAMPLE_REPORTS.hostile(), {color: false, width: 100, all: true}), /esc\\x1B\[31mred/)
  })

  it('colours with ANSI when asked, and decides by the option alone (not NO_COLOR or FORCE_COLOR)', () => {
    const report = SAMPLE_REPORTS.failing()
    const saved = {NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR}
    try {
      process.env.NO_COLOR = '1'
      delete process.env.FORCE_COLOR
      const colored = renderTable(report, {color: true, width: 100, all: true})
      assert.ok(colored.includes(`${ESC}[31m`), 'red for the failures')
      assert.ok(colored.includes(`${ESC}[1m`), 'bold headings')
      delete process.env.NO_COLOR
      process.env.FORCE_COLOR = '3'
      assert.ok(!renderTable(report, {color: false, width: 100, all: true}).includes(ESC))
      // Same text once the colour is taken out.
      assert.equal(colored.replace(/\u001b\[\d+m/g, ''), renderTable(report, {color: false, width: 100, all: true}))
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
    }
  })

  it('wraps to the width; only PowerShell lines and URLs may run over (a wrapped cmdlet would not paste)', () => {
    for (const [name, report] of samples)
      for (const width of [60, 80, 100, 140]) {
        const unwrappable = report.causes.flatMap((c) => [...c.remediation.powershell, ...c.docs])
        const out = renderTable(report, {color: false, width, verbose: true})
        const tableLines = out.split('\n').filter((line) => /^[┌│├└]/.test(line))
        assert.equal(new Set(tableLines.map(displayWidth)).size, 1, `${name} @${width}: table borders line up`)
        assert.ok(displayWidth(tableLines[0]!) <= width, `${name} @${width}: table fits`)
        for (const line of out.split('\n')) {
          if (unwrappable.some((u) => line.includes(u) || line.trim().startsWith('Docs:') || u.includes(line.trim()))) continue
          assert.ok(displayWidth(line) <= width, `${name} @${width}: "${line}" is ${displayWidth(line)} wide`)
        }
      }
  })

  it('says what to do: ranked causes, numbered steps, the PowerShell unwrapped, and the exit code', () => {
    const out = renderTable(SAMPLE_REPORTS.failing(), {color: false, width: 100, all: true})
    const order = ['1. ERROR: SMTP AUTH', '2. ERROR: Exchange knows', '3. WARNING:', '4. INFO:'].map((s) => out.indexOf(s))
    assert.ok(order.every((pos, i) => pos > 0 && (i === 0 || pos > order[i - 1]!)), `ranked: ${order}`)
    assert.match(out, /\n {5}New-ServicePrincipal -AppId 9a1b3c5d-7e9f-4a2b-8c4d-6e8f0a2b4c6d -ObjectId 77e0c2d4-1f3a-4b5c-9d7e-0f1a2b3c4d5e -DisplayName "Contoso Mailer"\n/)
    assert.match(out, /\n {5}1\. Connect to Exchange Online PowerShell/)
    assert.match(out, /✗ FAIL: 2 problems stop mail from working\. Exit code 1\.\n$/)
    assert.match(renderTable(SAMPLE_REPORTS['skip-error'](), {color: false, width: 100, all: true, failOn: 'warn'}), /INCOMPLETE: 1 check did not finish[\s\S]*Exit\s+code 3\./)
    assert.match(renderTable(SAMPLE_REPORTS.passing(), {color: false, width: 100, all: true}), /✓ PASS: no problem found\. Exit code 0\.\n$/)
  })

  it('says which checks the verdict does not cover (a crash has no cause)', () => {
    assert.match(renderTable(SAMPLE_REPORTS['skip-error'](), {color: false, width: 200, all: true}), /Not covered by the verdict: imap\.connect crashed\./)
    assert.ok(!renderTable(SAMPLE_REPORTS.failing(), {color: false, width: 100, all: true}).includes('Not covered'))
  })

  it('shows evidence and transcripts only with verbose', () => {
    const report = SAMPLE_REPORTS.failing()
    const quiet = renderTable(report, {color: false, width: 100, all: true})
    const verbose = renderTable(report, {color: false, width: 100, verbose: true})
    for (const text of ['Transcript of smtp.login', 'aud: https://outlook.office365.com', 'tokenOid:']) {
      assert.ok(!quiet.includes(text), `quiet has ${text}`)
      assert.ok(verbose.includes(text), `verbose lacks ${text}`)
    }
  })
})

describe('renderJson', () => {
  it('is the report itself, 2-space indented, with a trailing newline', () => {
    for (const [name, report] of samples) {
      const out = renderJson(report)
      assert.ok(out.endsWith('}\n') && out.startsWith('{\n  "schemaVersion": "1",'), name)
      assert.deepEqual(JSON.parse(out), report, name)
      assertValidReport(JSON.parse(out))
    }
  })
})

describe('renderJunit', () => {
  it('is well-formed XML 1.0 for every sample, hostile strings included', () => {
    for (const [name, report] of samples) assert.doesNotThrow(() => parseXml(renderJunit(report)), name)
  })

  it('has one testsuite "o365doctor", a testcase per check with the table\'s counts, classname from the check group', () => {
    const report = SAMPLE_REPORTS.failing()
    const root = parseXml(renderJunit(report))
    assert.equal(root.name, 'testsuites')
    const suites = findAll(root, 'testsuite')
    assert.equal(suites.length, 1)
    assert.equal(suites[0]!.attributes.name, 'o365doctor')
    const cases = findAll(root, 'testcase')
    assert.equal(cases.length, report.checks.length)
    assert.deepEqual(cases.map((c) => c.attributes.classname), report.checks.map((c) => `o365doctor.${c.id.split('.')[0]}`))
    assert.equal(cases.find((c) => c.attributes.name!.startsWith('smtp.login'))!.attributes.classname, 'o365doctor.smtp')
    const s = suites[0]!.attributes
    const t = report.summary
    assert.deepEqual([s.tests, s.failures, s.errors, s.skipped], [report.checks.length, t.fail, t.error, t.skip].map(String))
    const props = Object.fromEntries(findAll(root, 'property').map((p) => [p.attributes.name, p.attributes.value]))
    assert.equal(props['target.tenant'], 'contoso.onmicrosoft.com')
    assert.equal(props['target.mailbox'], 'sender@contoso.com')
    assert.equal(props.verdict, 'fail')
  })

  it('maps fail to <failure> with the causes, error to <error>, skip to <skipped/>', () => {
    const failing = parseXml(renderJunit(SAMPLE_REPORTS.failing()))
    const byCheck = (root: ReturnType<typeof parseXml>, id: string) => findAll(root, 'testcase').find((c) => c.attributes.name!.startsWith(`${id}:`))!
    const smtp = byCheck(failing, 'smtp.login')
    const failure = findAll(smtp, 'failure')[0]!
    assert.equal(failure.attributes.message, 'SMTP AUTH is turned off for the whole organisation')
    assert.equal(failure.attributes.type, 'exchange.smtp-auth-disabled-tenant')
    assert.match(failure.text, /Set-CASMailbox -Identity sender@contoso\.com -SmtpClientAuthenticationDisabled \$false/)
    assert.equal(findAll(byCheck(failing, 'imap.inbox'), 'skipped').length, 1)
    assert.equal(byCheck(failing, 'token.acquire').children.length, 0)
    const crashed = byCheck(parseXml(renderJunit(SAMPLE_REPORTS['skip-error']())), 'imap.connect')
    assert.equal(findAll(crashed, 'error')[0]!.attributes.message, "TypeError: Cannot read properties of undefined (reading 'host')")
  })

  it('goes red exactly when the exit code is not 0; a verdict testcase only when no check testcase carries it', () => {
    for (const [name, report] of samples)
      for (const failOn of ['error', 'warn'] as const) {
        const cases = findAll(parseXml(renderJunit(report, {failOn})), 'testcase')
        const red = (c: (typeof cases)[number]) => findAll(c, 'failure').length + findAll(c, 'error').length > 0
        const checkCases = cases.filter((c) => c.attributes.name !== 'diagnosis.verdict')
        const verdict = cases.find((c) => c.attributes.name === 'diagnosis.verdict')
        const exit = exitCodeFor(report, failOn)
        assert.equal(cases.some(red), exit !== 0, `${name} --fail-on ${failOn}: red iff exit ${exit} != 0`)
        assert.equal(verdict !== undefined, exit !== 0 && !checkCases.some(red), `${name} --fail-on ${failOn}: verdict testcase`)
      }
  })

  it('escapes hostile strings so they read back exactly, minus characters XML cannot hold', () => {
    const report = SAMPLE_REPORTS.hostile()
    const xml = renderJunit(report)
    assert.ok(!xml.includes('<script>') && !xml.includes(']]>') && !xml.includes('\u0000') && !xml.includes(ESC))
    const root = parseXml(xml)
    const xmlSafe = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\p{Cs}/gu, '')
    const send = findAll(root, 'testcase')[0]!
    assert.equal(send.attributes.name, `smtp.send: ${xmlSafe(report.checks[0]!.title)}`)
    assert.equal(findAll(send, 'failure')[0]!.attributes.message, xmlSafe(report.causes[0]!.summary))
    assert.ok(findAll(send, 'failure')[0]!.text.includes(xmlSafe(report.causes[0]!.explanation)))
    const props = Object.fromEntries(findAll(root, 'property').map((p) => [p.attributes.name, p.attributes.value]))
    assert.equal(props['target.mailbox'], HOSTILE.script)
    assert.equal(props['target.tenant'], `contoso${HOSTILE.quotes}`)
    const crashed = findAll(root, 'testcase')[1]!
    assert.equal(findAll(crashed, 'error')[0]!.attributes.message, `Error: half  pair ${HOSTILE.script}`)
  })
})

describe('renderMarkdown', () => {
  /** Splits a GFM table row on unescaped pipes. */
  const cells = (row: string) => row.split(/(?<!\\)\|/).slice(1, -1)

  it('has a verdict line, then a 4-column checks table whose rows hostile strings cannot break', () => {
    for (const [name, report] of samples) {
      const out = renderMarkdown(report)
      assert.match(out.split('\n')[0]!, /^## (✅|⚠️|❌|💥) (PASS|WARN|FAIL|INCOMPLETE): .*Exit code [013]/, name)
      const rows = out.split('\n').filter((line) => line.startsWith('| '))
      assert.equal(rows.length, report.checks.length + 2, name) // + header and delimiter rows
      for (const row of rows) assert.equal(cells(row).length, 4, `${name}: ${row}`)
    }
  })

  it('leaves no raw HTML or markup from the report outside code', () => {
    const out = renderMarkdown(SAMPLE_REPORTS.hostile())
    const prose = out
      .replace(/^(`{3,})powershell\n[\s\S]*?\n\1$/gm, '')
      .replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '')
      .replace(/<br>|<https:[^>\s]*>/g, '')
    assert.ok(!/(?<!\\)</.test(prose), 'an unescaped < outside code')
    assert.ok(!/(?<!\\)\*bold/.test(prose) && !/(?<!\\)\[link/.test(prose), 'unescaped emphasis or link')
    assert.ok(!out.includes(ESC) && !out.includes('\u0000'))
  })

  it('puts PowerShell in a fence longer than any backtick run inside it', () => {
    const failing = renderMarkdown(SAMPLE_REPORTS.failing())
    assert.match(failing, /```powershell\nConnect-ExchangeOnline -Organization contoso\.onmicrosoft\.com\nSet-CASMailbox[^\n]*\n```\n/)
    const hostile = renderMarkdown(SAMPLE_REPORTS.hostile())
    assert.match(hostile, /\n````powershell\n[\s\S]*Write-Host "a```b" `\n````\n/)
  })
})

describe('renderReport', () => {
  it('dispatches each format to its renderer, table defaulting to no colour at width 100', () => {
    const report = SAMPLE_REPORTS.failing()
    assert.deepEqual(REPORT_FORMATS, ['table', 'json', 'junit', 'markdown', 'html'])
    assert.equal(renderReport(report, 'table'), renderTable(report, {color: false, width: 100}))
    assert.equal(renderReport(report, 'table', {all: true, ascii: true}), renderTable(report, {color: false, width: 100, all: true, ascii: true}))
    assert.equal(renderReport(report, 'json'), renderJson(report))
    assert.equal(renderReport(report, 'junit', {failOn: 'warn'}), renderJunit(report, {failOn: 'warn'}))
    assert.equal(renderReport(report, 'markdown'), renderMarkdown(report))
    assert.equal(renderReport(report, 'html'), renderHtml(report))
  })
})
