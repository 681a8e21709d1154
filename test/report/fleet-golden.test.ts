// Golden files of every fleet format for the sample fleet (test/report/fleet-sample.ts): a reviewer reads the
// formats here, and any change to them shows as a diff (UPDATE_GOLDEN=1 rewrites them).
import {describe, it} from 'node:test'
import {renderFleet} from '../../src/report/render/fleet.js'
import {assertGolden} from '../support/golden.js'
import {sampleFleet} from './fleet-sample.js'

describe('fleet golden files', () => {
  const run = () => sampleFleet({shard: {index: 2, count: 4}, totalTargets: 24})
  it('table at 80 columns, Unicode and --ascii', () => {
    assertGolden('test/report/golden/fleet.table-80.txt', renderFleet(run(), 'table', {width: 80}))
    assertGolden('test/report/golden/fleet.table-ascii-80.txt', renderFleet(run(), 'table', {width: 80, ascii: true}))
  })
  it('jsonl, junit, markdown, html', () => {
    assertGolden('test/report/golden/fleet.jsonl', renderFleet(run(), 'jsonl', {}))
    assertGolden('test/report/golden/fleet.junit.xml', renderFleet(run(), 'junit', {}))
    assertGolden('test/report/golden/fleet.md', renderFleet(run(), 'markdown', {}))
    assertGolden('test/report/golden/fleet.html', renderFleet(run(), 'html', {}))
  })
})
