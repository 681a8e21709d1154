#!/usr/bin/env node
// Runs every compiled test (dist/test/**/*.test.js) with Node's own test runner.
// Node 20's --test takes no globs, so the files are listed here. `--skip-integration` leaves out the tier
// that needs Dovecot and Postfix (test/integration), `--skip-clients` the real-client tier (test/clients: curl,
// Python, msmtp/mpop, fetchmail, Jakarta Mail against the lab). Both run by default; each skips itself, one line
// per client, where its tools are missing.
import {spawnSync} from 'node:child_process'
import {readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'

const skipIntegration = process.argv.includes('--skip-integration')
const skipClients = process.argv.includes('--skip-clients')
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'))

function collect(dir) {
  const out = []
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) {
      if (skipIntegration && entry === 'integration') continue
      if (skipClients && entry === 'clients') continue
      out.push(...collect(path))
    } else if (entry.endsWith('.test.js')) out.push(path)
  }
  return out
}

let files = collect('dist/test').sort()
if (only.length > 0) files = files.filter((f) => only.some((o) => f.includes(o)))
if (files.length === 0) {
  console.error('run-tests: no test files found under dist/test (did the build run?)')
  process.exit(1)
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0', COLUMNS: '120'},
})
process.exit(result.status ?? 1)
