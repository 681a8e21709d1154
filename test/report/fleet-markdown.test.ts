// Fleet Markdown: the verdict, a summary table whose rows hostile names cannot break, and one section per target
// that is the single-target Markdown one heading level down.
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {worstFirst} from '../../src/fleet/plan.js'
import {renderFleet} from '../../src/report/render/fleet.js'
import {renderMarkdown} from '../../src/report/render/markdown.js'
import {bigFleet, sampleFleet} from './fleet-sample.js'

/** Splits a GFM table row on unescaped pipes (as render.test.ts does). */
const cells = (row: string) => row.split(/(?<!\\)\|/).slice(1, -1)

describe('fleet markdown', () => {
  it('opens with the fleet verdict and its exit code, then one 5-cell row per target, worst first', () => {
    const run = sampleFleet()
    const out = renderFleet(run, 'markdown', {})
    assert.match(out.split('\n')[0]!, /^# ❌ FAIL: 2 targets have problems that stop mail from working\. Exit code 1\.$/)
    const start = out.indexOf('| Outcome | Target |')
    const rows = out.slice(start).split('\n\n')[0]!.split('\n').slice(2)
    assert.equal(rows.length, run.targets.length)
    for (const row of rows) assert.equal(cells(row).length, 5, row)
    const ordered = worstFirst(run.targets)
    for (const [i, row] of rows.entries()) assert.match(cells(row)[0]!, new RegExp(`^ ${i + 1}\\. \\S+ ${ordered[i]!.outcome} $`))
    assert.match(rows[0]!, /`exchange\.smtp-auth-disabled-tenant`, `exchange\.service-principal-wrong-object-id`<br>/)
    assert.match(rows[2]!, /did not finish: `imap\.connect`/)
    // The hostile name stays inside its cell, markup escaped.
    assert.ok(cells(rows[1]!)[1]!.includes('evil \\<script\\>alert("x")\\</script\\> a \\| b \\|\\| c bell\\\\x07'))
  })

  it("has one section per target, in the table's order, each the target's own Markdown one level down", () => {
    const run = sampleFleet()
    const out = renderFleet(run, 'markdown', {})
    let from = 0
    for (const [i, t] of worstFirst(run.targets).entries()) {
      const heading = out.indexOf(`\n## ${i + 1}. `, from)
      assert.ok(heading > from, `section ${i + 1}`)
      const own = t.report ? renderMarkdown(t.report, {headingShift: 1}).trimEnd() : `Not checked: ${t.inputError!.replace(/\[/g, '\\[').replace(/\]/g, '\\]')}`
      const at = out.indexOf(own, heading)
      assert.ok(at > heading, `${t.name}: its own report in its section`)
      from = at
    }
    // Only the fleet's verdict is a level-1 heading; a report's verdict is level 3, its causes level 4.
    assert.equal(out.split('\n').filter((l) => l.startsWith('# ')).length, 1)
    assert.ok(!out.split('\n').some((l) => l.startsWith('## ') && /(PASS|FAIL|WARN|INCOMPLETE):/.test(l)))
    assert.match(out, /\n#### 1\. 🔴 SMTP AUTH is turned off/)
  })

  it('1000 targets: 1000 rows and 1000 sections', () => {
    const out = renderFleet(bigFleet(1000), 'markdown', {})
    assert.equal(out.split('\n').filter((l) => /^\| \d+\. /.test(l)).length, 1000)
    assert.equal(out.split('\n').filter((l) => /^## \d+\. /.test(l)).length, 1000)
  })
})
