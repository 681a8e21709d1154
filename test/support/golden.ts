// Golden files: compare rendered output with test/report/golden/<name>; UPDATE_GOLDEN=1 rewrites them instead.
// Paths resolve from the repository root, so the same files serve test/ (tsx) and dist/test/ (compiled) runs.

import assert from 'node:assert/strict'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {repoRoot} from './validate-report.js'

export function assertGolden(relativePath: string, actual: string): void {
  const path = join(repoRoot(), relativePath)
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), {recursive: true})
    writeFileSync(path, actual)
    return
  }
  assert.ok(existsSync(path), `${relativePath} is missing: run the test once with UPDATE_GOLDEN=1, then review it`)
  assert.equal(actual, readFileSync(path, 'utf8'), `${relativePath} differs (UPDATE_GOLDEN=1 rewrites it; review the diff)`)
}
