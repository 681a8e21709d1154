// When a fleet run is started again under the heap cap: only `check --targets`, only when nobody chose a cap, and
// never to raise a cap that is already small.
import assert from 'node:assert/strict'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {FLEET_HEAP_MB, fleetHeapFlag, fleetSize, HEAP_CAP_FROM_TARGETS, isFleetRun} from '../../src/fleet/heap-limit.js'

describe('fleet heap cap', () => {
  it('applies to check --targets only', () => {
    assert.equal(isFleetRun(['check', '--targets', 'f.yaml']), true)
    assert.equal(isFleetRun(['check', '--lab', 'healthy', '--targets=f.yaml']), true)
    assert.equal(isFleetRun(['check', '--lab', 'healthy']), false)
    assert.equal(isFleetRun(['explain', '--targets']), false)
    assert.equal(isFleetRun([]), false)
  })

  it('is added when the default cap is large and nobody chose one', () => {
    assert.equal(fleetHeapFlag([], undefined, 4144), `--max-old-space-size=${FLEET_HEAP_MB}`)
    assert.equal(fleetHeapFlag(['--enable-source-maps'], '--trace-warnings', 4144), `--max-old-space-size=${FLEET_HEAP_MB}`)
  })

  it("leaves a user's own cap (flag or NODE_OPTIONS, either spelling) and a small default alone", () => {
    assert.equal(fleetHeapFlag(['--max-old-space-size=4096'], undefined, 4144), undefined)
    assert.equal(fleetHeapFlag([], ' --max_old_space_size=300 ', 4144), undefined)
    assert.equal(fleetHeapFlag([], undefined, 800), undefined, 'a small machine: the default is already below the cap')
    assert.equal(fleetHeapFlag([], '--max-old-space-sizes', 4144), `--max-old-space-size=${FLEET_HEAP_MB}`, 'another flag that merely starts alike')
  })

  it('counts the targets file of either spelling; an unreadable one is left to the command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'o365doctor-heap-'))
    const file = join(dir, 'targets.yaml')
    const n = HEAP_CAP_FROM_TARGETS + 1
    writeFileSync(file, `targets:\n${Array.from({length: n}, (_, i) => `  - user${i}@contoso.com\n`).join('')}`)
    assert.equal(fleetSize(['check', '--targets', file]), n)
    assert.equal(fleetSize(['check', `--targets=${file}`, '--lab', 'healthy']), n)
    assert.equal(fleetSize(['check', '--targets', join(dir, 'missing.yaml')]), undefined)
    assert.equal(fleetSize(['check', '--targets']), undefined)
  })
})
