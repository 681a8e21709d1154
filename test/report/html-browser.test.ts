// The HTML report in a real browser: `check --format html --output` against the lab, opened in headless Chromium.
// Reads the DOM Chromium built and keeps a screenshot under test-artifacts/ for a person to look at.
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {renderHtml} from '../../src/report/render/html.js'
import {dumpDom, findChromium, printToPdf, screenshot} from '../support/chromium.js'
import {runCli} from '../support/cli.js'
import {HOSTILE, SAMPLE_REPORTS} from '../support/sample-reports.js'
import {repoRoot} from '../support/validate-report.js'

const chromium = findChromium()
const skip = chromium ? false : 'no Chromium installed (apt-get install chromium; .ci/run does it): HTML browser test skipped'

/** Text content of the first element whose opening tag matches, tags stripped (good enough for our own markup). */
function textOf(dom: string, open: RegExp, close: string): string {
  const start = dom.search(open)
  assert.ok(start >= 0, `no element matching ${open}`)
  const end = dom.indexOf(close, start)
  return dom.slice(start, end).replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
}

describe('HTML report in headless Chromium', {skip}, () => {
  it('shows the verdict first, then the cause with its fix and PowerShell; a screenshot is kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o365doctor-html-'))
    try {
      const file = join(dir, 'r.html')
      const result = await runCli(['check', '--lab', 'wrong-object-id', '--verbose', '--format', 'html', '--output', file], {timeoutMs: 60_000})
      assert.equal(result.code, 1, result.stderr)
      const dom = await dumpDom(chromium as string, file)
      const verdictAt = dom.indexOf('id="verdict"')
      const causeAt = dom.indexOf('class="cause error')
      assert.ok(verdictAt > 0 && causeAt > verdictAt, 'the verdict comes before the causes')
      assert.match(textOf(dom, /<header[^>]*id="verdict"/, '</header>'), /^\s*FAIL: 1 problem stops mail from working\. Exit code 1\./)
      const cause = textOf(dom, /<section class="cause error/, '</section>')
      assert.match(cause, /exchange\.service-principal-wrong-object-id/)
      assert.match(cause, /What to do/)
      // The fix is runnable PowerShell in a code block, with the tenant's real IDs.
      const code = textOf(dom, /<pre><code class="powershell">/, '</code>')
      assert.match(code, /New-ServicePrincipal -AppId '[0-9a-f-]{36}' -ObjectId '[0-9a-f-]{36}'/)
      assert.doesNotMatch(dom, /<script|<link|<img|<iframe/i, 'nothing executable or fetched')
      // Checks are grouped and each group is a table.
      // Redacted transcripts are there, folded away (a closed <details>).
      const transcripts = [...dom.matchAll(/<details class="transcript"([^>]*)>/g)]
      assert.ok(transcripts.length >= 3, 'one per protocol login')
      assert.ok(transcripts.every((m) => !/\bopen\b/.test(m[1]!)), 'folded')
      for (const group of ['Settings', 'Token', 'Microsoft Graph', 'Mail (SMTP, IMAP, POP)']) assert.ok(dom.includes(`<h3>${group}</h3>`), group)

      const artifacts = join(repoRoot(), 'test-artifacts')
      mkdirSync(artifacts, {recursive: true})
      const png = join(artifacts, 'html-report-wrong-object-id.png')
      await screenshot(chromium as string, file, png)
      assert.ok(existsSync(png) && statSync(png).size > 10_000, 'a real screenshot')
      console.log(`# screenshot of the HTML report: ${png}`)
      // And on paper: the print stylesheet gives a real PDF, kept beside the screenshot.
      const pdf = join(artifacts, 'html-report-wrong-object-id.pdf')
      await printToPdf(chromium as string, file, pdf)
      assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-')
      console.log(`# printed HTML report: ${pdf}`)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('hostile report text stays text: no element created from it, quotes and controls shown, not obeyed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o365doctor-html-'))
    try {
      const file = join(dir, 'hostile.html')
      writeFileSync(file, renderHtml(SAMPLE_REPORTS.hostile()))
      const dom = await dumpDom(chromium as string, file)
      assert.doesNotMatch(dom, /<script|<b>|<img/i)
      const summary = textOf(dom, /<section class="cause error/, '</section>')
      assert.ok(summary.includes(HOSTILE.script), 'the <script> text reads back as text')
      assert.ok(summary.includes(`Grant Send As to ${HOSTILE.quotes}`))
      assert.ok(summary.includes('esc\\x1B[31mred'), 'ESC shown as an escape')
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
