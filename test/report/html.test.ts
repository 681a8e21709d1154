// The HTML renderer on plain data: self-contained, escaped, verdict first, counts as the table's.
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {renderHtml} from '../../src/report/render/html.js'
import {countsLine} from '../../src/report/render/labels.js'
import {HOSTILE, SAMPLE_REPORTS} from '../support/sample-reports.js'

describe('renderHtml', () => {
  for (const [name, build] of Object.entries(SAMPLE_REPORTS)) {
    it(`${name}: one self-contained file that loads nothing and runs nothing`, () => {
      const html = renderHtml(build())
      assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/)
      assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/)
      assert.doesNotMatch(html, /<script|<link|<img|<iframe|<object|<embed|\ssrc=|url\(|@import|@font-face/i)
      // The only attribute that names a URL is a link a person may click, and only to http(s).
      for (const [, href] of html.matchAll(/href="([^"]*)"/g)) assert.match(href!, /^https?:\/\//)
      // No raw control character survives (they are shown as \xNN).
      assert.doesNotMatch(html, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/)
      assert.ok(html.includes(countsLine(build()).replace(/·/g, '·')), 'the counts line of the table')
    })
  }

  it('puts the verdict before the causes, and the causes before the checks', () => {
    const html = renderHtml(SAMPLE_REPORTS.failing())
    const verdict = html.indexOf('<header class="verdict fail"')
    const cause = html.indexOf('<section class="cause')
    const checks = html.indexOf('<h2>Checks</h2>')
    assert.ok(verdict > 0 && cause > verdict && checks > cause)
    assert.match(html, /<pre><code class="powershell">[^<]*New-ServicePrincipal/)
  })

  it('escapes every hostile string: markup, quotes, controls, bidi overrides', () => {
    const html = renderHtml(SAMPLE_REPORTS.hostile())
    assert.ok(!html.includes(HOSTILE.script))
    assert.ok(html.includes('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;'))
    assert.ok(!html.includes('<b>'))
    assert.ok(html.includes('\\u202E'), 'the bidi override is shown, not applied')
    assert.ok(html.includes('esc\\x1B[31mred'))
    // A doc URL with markup in it is still one escaped link.
    assert.ok(html.includes('href="https://learn.microsoft.com/x?a=1&#38;b=&#60;2&#62;"') || !html.includes('href="https://learn.microsoft.com/x'))
  })

  it('folds transcripts and evidence away', () => {
    const report = SAMPLE_REPORTS.failing()
    report.checks[0]!.transcript = [{t: 3, dir: 'S:', text: '220 <hello> & welcome'}]
    const html = renderHtml(report)
    assert.match(html, /<details class="transcript"><summary>Transcript of <code>[^<]+<\/code> \(redacted\)<\/summary><pre>[^<]*220 &#60;hello&#62; &#38; welcome/)
    assert.match(html, /<details><summary>Evidence/)
  })

  it('prints: a print stylesheet keeps blocks whole and shows link targets', () => {
    const html = renderHtml(SAMPLE_REPORTS.passing())
    assert.match(html, /@media print\{[^]*break-inside:avoid[^]*a\[href\]::after/)
  })
})
