// Issue 16's promise for the default output: a healthy `check --lab healthy` fits in 15 lines at 100 columns, and
// still says what it could not look at (graph.mailbox without its optional Graph permissions) in one line.
// One in-process lab run (no CLI spawn), rendered as `check` renders it.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {renderTable} from '../../src/report/render/index.js'
import {runLabCheck} from '../support/lab-check.js'

const lines = (text: string) => text.replace(/\n$/, '').split('\n')

describe('the short output of a healthy lab run', () => {
  it('fits in 15 lines at 100 columns and still shows every warning, the mailbox one on one line', async () => {
    const report = await runLabCheck('healthy')
    assert.equal(report.verdict, 'pass')
    const out = lines(renderTable(report, {color: false, width: 100}))
    assert.ok(out.length <= 15, `${out.length} lines:\n${out.join('\n')}`)
    const warned = report.checks.filter((c) => c.status === 'warn')
    assert.ok(warned.some((c) => c.id === 'graph.mailbox'), 'the healthy lab grants no User.Read.All: graph.mailbox warns')
    for (const check of warned) assert.ok(out.some((l) => l.includes(`WARN ${check.id}: ${check.summary}`)), `${check.id} is not shown whole on one line`)
    assert.ok(out.some((l) => l.includes('WARN graph.mailbox: not checked: mailbox kind (needs Graph User.Read.All, MailboxSettings.Read)')))
    assert.ok(out.every((l) => l.length <= 100), 'a line wider than 100 columns')
  })
})
