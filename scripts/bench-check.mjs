#!/usr/bin/env node
// How well `check` overlaps its work: a full healthy SMTP+IMAP+POP check against a lab with latencyMs: 50 (every
// server reply and handshake waits 50 ms, like a real round trip) versus each single-protocol check. Issue 4 asks
// for full < 1.5 × the slowest single one. Prints figures; never fails. Run after `npm run build`.
import {doctorModules, healthyWithLatency, median} from './bench-support.mjs'

const {startLabForCheck, mergeSettings, defaultRunOptions, runDoctor, checksFor} = await doctorModules()
const RUNS = Number(process.env.RUNS ?? 5)
const LATENCY = Number(process.env.LATENCY_MS ?? 50)
const file = await healthyWithLatency(LATENCY)

async function timeCheck(protocols) {
  const lab = await startLabForCheck(file)
  try {
    // Warm the lab's signing key so the figure is the doctor's, not the lab's one-off key generation.
    await runDoctor({loaded: mergeSettings([lab.layer, {source: 'flag', nameOf: (k) => k, values: {protocols: ['smtp']}}]), checks: checksFor({offline: false}).filter((c) => c.id.startsWith('token.acquire')), network: lab.network, options: defaultRunOptions(), version: 'bench'})
    const loaded = mergeSettings([lab.layer, {source: 'flag', nameOf: (k) => k, values: {protocols}}])
    const t0 = performance.now()
    const report = await runDoctor({loaded, checks: checksFor({offline: false}), network: lab.network, options: defaultRunOptions(), version: 'bench'})
    const elapsed = performance.now() - t0
    if (report.verdict !== 'pass') throw new Error(`${protocols} check did not pass: ${report.causes.map((c) => c.id)}`)
    return elapsed
  } finally {
    await lab.close()
  }
}

const results = {}
for (const protocols of [['smtp'], ['imap'], ['pop'], ['smtp', 'imap', 'pop']]) {
  const times = []
  for (let i = 0; i < RUNS; i++) times.push(await timeCheck(protocols))
  results[protocols.join('+')] = median(times)
  console.log(`check ${protocols.join('+').padEnd(14)} latencyMs ${LATENCY}: median ${median(times).toFixed(0)} ms (n=${RUNS})`)
}
const slowestSingle = Math.max(results.smtp, results.imap, results.pop)
console.log(`full / slowest single = ${(results['smtp+imap+pop'] / slowestSingle).toFixed(2)} (target < 1.5)`)
