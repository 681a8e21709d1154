#!/usr/bin/env node
// Round trips on a check's critical path. The lab charges `latencyMs` per server reply (and handshake), so the
// slope of a check's wall time against latencyMs counts the round trips the doctor waits for in sequence.
// Runs healthy checks (smtp, imap, pop, all three) in-process at latency 0, 25, 50 ms and prints each slope
// (least squares over the medians). Prints figures; never fails. Run after `npm run build`. RUNS=n (default 3).
import {doctorModules, healthyWithLatency, median} from './bench-support.mjs'

const {startLabForCheck, mergeSettings, defaultRunOptions, runDoctor, checksFor} = await doctorModules()
const RUNS = Number(process.env.RUNS ?? 3)
const LATENCIES = [0, 25, 50]

const settings = (lab, protocols) => mergeSettings([lab.layer, {source: 'flag', nameOf: (k) => k, values: {protocols}}])

async function timeCheck(file, protocols) {
  const lab = await startLabForCheck(file)
  try {
    // Warm-up (key generation, module loading, TLS context): the figure is the doctor's waits.
    await runDoctor({loaded: settings(lab, protocols), checks: checksFor({offline: false}), network: lab.network, options: defaultRunOptions(), version: 'bench'})
    const t0 = performance.now()
    const report = await runDoctor({loaded: settings(lab, protocols), checks: checksFor({offline: false}), network: lab.network, options: defaultRunOptions(), version: 'bench'})
    const elapsed = performance.now() - t0
    if (report.verdict !== 'pass') console.log(`  (note: ${protocols} verdict ${report.verdict})`)
    return elapsed
  } finally {
    await lab.close()
  }
}

function slope(points) {
  const n = points.length
  const mx = points.reduce((a, p) => a + p[0], 0) / n
  const my = points.reduce((a, p) => a + p[1], 0) / n
  return points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0) / points.reduce((a, p) => a + (p[0] - mx) ** 2, 0)
}

const files = Object.fromEntries(await Promise.all(LATENCIES.map(async (l) => [l, await healthyWithLatency(l)])))
for (const protocols of [['smtp'], ['imap'], ['pop'], ['smtp', 'imap', 'pop']]) {
  const points = []
  for (const latency of LATENCIES) {
    const times = []
    for (let i = 0; i < RUNS; i++) times.push(await timeCheck(files[latency], protocols))
    points.push([latency, median(times)])
  }
  const figures = points.map(([l, t]) => `${l} ms → ${t.toFixed(0)} ms`).join(', ')
  console.log(`check ${protocols.join('+').padEnd(14)} round trips (slope) ${slope(points).toFixed(1).padStart(5)}   [${figures}; n=${RUNS}]`)
}
