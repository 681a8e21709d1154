#!/usr/bin/env node
// Prints how long `o365doctor --version` and `--help` take to start (median of 10 runs). Run after `npm run build`.
import {spawnSync} from 'node:child_process'
import {median, timeRuns} from './bench-support.mjs'

for (const args of [['--version'], ['--help'], ['check', '--help']]) {
  const times = await timeRuns(10, () => {
    const r = spawnSync(process.execPath, ['bin/run.js', ...args], {encoding: 'utf8'})
    if (r.status !== 0) throw new Error(`o365doctor ${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  })
  console.log(`o365doctor ${args.join(' ').padEnd(14)} median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}, n=10)`)
}
