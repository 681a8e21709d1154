// Fleet HTML, parsed as text (the single-target page already has the browser test): one self-contained file with
// the single-target CSP, a summary table whose links all land on a target's section, unique ids, escaped text.
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {worstFirst} from '../../src/fleet/plan.js'
import {renderFleet} from '../../src/report/render/fleet.js'
import {reportBody} from '../../src/report/render/html.js'
import {HOSTILE} from '../support/sample-reports.js'
import {bigFleet, sampleFleet} from './fleet-sample.js'

describe('fleet html', () => {
  it('one self-contained file that loads nothing and runs nothing, with the print styles', () => {
    const html = renderFleet(sampleFleet(), 'html', {})
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/)
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/)
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|<object|<embed|\ssrc=|url\(|@import|@font-face/i)
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) assert.match(href!, /^(https?:\/\/|#t\d+$|#summary$)/)
    assert.doesNotMatch(html, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/)
    assert.match(html, /@media print\{[\s\S]*break-inside:avoid/)
    assert.equal(html.match(/<html/g)!.length, 1)
    assert.equal(html.match(/<body>/g)!.length, 1)
  })

  it('every id is unique and every summary link lands on its target\'s section, in worst-first order', () => {
    const run = sampleFleet()
    const html = renderFleet(run, 'html', {})
    const ids = [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!)
    assert.equal(new Set(ids).size, ids.length, 'unique ids')
    const links = [...html.matchAll(/<a href="#(t\d+)">/g)].map((m) => m[1]!)
    const ordered = worstFirst(run.targets)
    assert.deepEqual(links, ordered.map((t) => `t${t.index}`))
    const sections = [...html.matchAll(/<section class="target" id="(t\d+)">/g)].map((m) => m[1]!)
    assert.deepEqual(sections, links)
  })

  it("each section holds the target's own report body, headings one level down, ids prefixed", () => {
    const run = sampleFleet()
    const html = renderFleet(run, 'html', {})
    for (const t of run.targets) {
      const start = html.indexOf(`<section class="target" id="t${t.index}">`)
      if (!t.report) {
        assert.ok(html.indexOf('Not checked: targets.yaml targets[4]: --mailbox: expected an e-mail address, got &#34;sales&#34;') > start)
        continue
      }
      const body = reportBody(t.report, 'error', {shift: 1, idPrefix: `t${t.index}-`}).join('\n')
      assert.ok(html.includes(body), `${t.name}: body`)
      assert.ok(html.indexOf(body) > start, `${t.name}: inside its section`)
      assert.ok(body.includes(`id="t${t.index}-verdict"`) && body.includes('<h2>'))
      assert.ok(!body.includes('<h1>'))
    }
    assert.equal(html.match(/<h1>/g)!.length, 1)
  })

  it('escapes the hostile target name and report text', () => {
    const html = renderFleet(sampleFleet(), 'html', {})
    assert.ok(!html.includes(HOSTILE.script))
    assert.ok(html.includes('<a href="#t5">evil &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; a | b || c bell\\x07'))
    assert.ok(html.includes('\\u202E'), 'the bidi override is shown, not applied')
  })

  it('1000 targets: 1000 rows and 1000 sections', () => {
    const html = renderFleet(bigFleet(1000), 'html', {})
    assert.equal(html.match(/<tr class="o-/g)!.length, 1000)
    assert.equal(html.match(/<section class="target"/g)!.length, 1000)
  })
})
