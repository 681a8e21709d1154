// The .ps1 files as Windows PowerShell 5.1 reads them: a UTF-8 BOM means UTF-8, no BOM means the ANSI code page
// (Windows-1252 here). Every generated script, with a display name like "Kőbánya", must decode to exactly what was
// generated and parse; the same text without the BOM must not (the test can fail).
import assert from 'node:assert/strict'
import {before, describe, it} from 'node:test'
import {evidenceScript} from '../../src/remedies/evidence-script.js'
import {fixScript} from '../../src/remedies/fix-script.js'
import {ps1File} from '../../src/remedies/ps-script.js'
import type {Report} from '../../src/core/report.js'
import {runLabCheck} from '../support/lab-check.js'
import {parsePowerShell, verbatimStringEnd} from '../support/powershell-parser.js'

const NAME = 'Kőbánya Mailer'

// Windows-1252's 0x80..0x9F (Node's TextDecoder treats 'windows-1252' as Latin-1 there without full ICU).
const CP1252_HIGH = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178'
const windows1252 = (bytes: Uint8Array) => Array.from(bytes, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b))).join('')

/** Windows PowerShell 5.1's choice of encoding for a script file. */
function readAsWindowsPowerShell51(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3))
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  return windows1252(bytes)
}

let report: Report
const scripts = (): [string, string, string][] => [
  ['fix script', fixScript(report, {generatedAt: new Date('2026-01-31T09:00:00Z')}), 'fix.ps1'],
  ['evidence script', evidenceScript({appId: '9a1b2c3d-0000-4000-8000-000000000001', mailboxes: ['kőbánya@contoso.com'], organization: 'contoso.onmicrosoft.com', generatedAt: new Date(0)}), 'evidence.ps1'],
]

describe('generated .ps1 files on Windows', () => {
  before(async () => {
    const original = await runLabCheck('wrong-object-id')
    report = JSON.parse(JSON.stringify(original).replaceAll('Mailer', NAME)) as Report
    assert.ok(fixScript(report).includes(NAME), 'the display name reaches the fix script')
  })

  it('are UTF-8 with a BOM and CRLF line ends, with nothing but CRLF', () => {
    for (const [what, script, file] of scripts()) {
      const bytes = ps1File(script, file)
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], what)
      const text = bytes.subarray(3).toString('utf8')
      assert.ok(!/(?<!\r)\n/.test(text) && !/\r(?!\n)/.test(text), `${what}: a bare LF or CR`)
    }
  })

  it('decode as Windows PowerShell 5.1 does to exactly the script, which parses, non-ASCII names intact', async () => {
    for (const [what, script, file] of scripts()) {
      const decoded = readAsWindowsPowerShell51(ps1File(script, file))
      assert.ok(decoded.replaceAll('\r\n', '\n').endsWith(script), `${what}: decoded text is the script`)
      assert.ok(/Kőbánya|kőbánya/.test(decoded), what)
      assert.deepEqual((await parsePowerShell(decoded)).errors, [], `${what} parses`)
    }
  })

  it('without the BOM, 5.1 would read mojibake whose quote look-alike ends the name\'s string early: why the BOM is there', () => {
    const [, script] = scripts()[0]!
    /** Where PowerShell ends the $DisplayName literal, and where the generator meant it to end. */
    const displayNameLiteral = (text: string) => {
      const line = text.split(/\r?\n/).find((l) => l.startsWith('$DisplayName = '))!
      const start = line.indexOf("'")
      return {ends: verbatimStringEnd(line, start), meant: line.indexOf("Mailer'") + "Mailer'".length}
    }
    const withBom = displayNameLiteral(readAsWindowsPowerShell51(ps1File(script, 'fix.ps1')))
    assert.equal(withBom.ends, withBom.meant)
    const noBom = readAsWindowsPowerShell51(ps1File(script, 'fix.ps1').subarray(3))
    assert.ok(!noBom.includes('Kőbánya') && noBom.includes('\u2018'), 'Windows-1252 turns ő into Å‘')
    const broken = displayNameLiteral(noBom)
    assert.ok(broken.ends < broken.meant, `the literal ends at ${broken.ends}, meant ${broken.meant}`)
  })

  it('say how to run them: Unblock-File, execution policy, -WhatIf for the fix script, named after the file', () => {
    const fix = ps1File(scripts()[0]![1], '/tmp/out/fix-contoso.ps1').toString('utf8')
    assert.match(fix, /^\uFEFF# How to run/)
    assert.match(fix, /# +Unblock-File -Path \.\\fix-contoso\.ps1/)
    assert.match(fix, /# +powershell -ExecutionPolicy Bypass -File \.\\fix-contoso\.ps1 -WhatIf/)
    assert.match(fix, /Set-ExecutionPolicy -Scope Process -ExecutionPolicy Bypass/)
    const evidence = ps1File(scripts()[1]![1], 'my evidence.ps1').toString('utf8')
    assert.match(evidence, /-File "\.\\my evidence\.ps1"\r\n/)
    assert.ok(!evidence.includes('-WhatIf   #'), 'the read-only script has no -WhatIf line')
  })
})
