#!/usr/bin/env node
// Cold start: wall time of whole processes against the `node -e 0` floor (median of N runs; N from argv[2],
// default 7). Run after `npm run build`. Prints figures only; never fails. The machine may be shared: compare
// figures taken back to back, not across days.
import {spawnSync} from 'node:child_process'
import {median, timeRuns} from './bench-support.mjs'

const runs = Number(process.argv[2] ?? 7)
const cases = [
  ['node -e 0 (floor)', ['-e', '0'], ''],
  ['--version', ['bin/run.js', '--version'], ''],
  ['explain (stdin, 1 line)', ['bin/run.js', 'explain'], '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.\n'],
  ['check --offline', ['bin/run.js', 'check', '--config', 'examples/settings-broken.yaml', '--offline'], ''],
  ['check --lab healthy', ['bin/run.js', 'check', '--lab', 'healthy'], ''],
]
let floor
for (const [name, args, input] of cases) {
  const times = await timeRuns(runs, () => spawnSync(process.execPath, args, {input, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}}))
  const m = median(times)
  floor ??= m
  console.log(`${name.padEnd(26)} median ${m.toFixed(0).padStart(5)} ms  (${(m / floor).toFixed(2)}× floor; min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}, n=${runs})`)
}
