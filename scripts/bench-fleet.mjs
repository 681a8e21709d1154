#!/usr/bin/env node
// Fleet throughput (`check --lab --targets`): N healthy mailboxes of one lab tenant, checked in one process, at lab
// latency 0 and 50 ms, for N = 1, 10, 100, 1000, with the peak RSS of that process and the requests really made.
// Issue 19 asks: 100 mailboxes at 50 ms in ≤ 5× one mailbox's time; 1000 targets in ≤ 300 MB RSS.
// Each figure is its own child process (so its peak RSS is its own). Prints figures; never fails.
// Run after `npm run build`. SIZES=1,10,100 LATENCIES=50 CONCURRENCY=16 narrow or change the run.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {availableParallelism, tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parse, stringify} from 'yaml'

const dist = new URL('../dist/src/', import.meta.url)
const list = (v, d) => (v ?? d).split(',').map(Number)

if (process.argv[2] === '--one') await one(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]))
else await main()

async function main() {
  const sizes = list(process.env.SIZES, '1,10,100,1000')
  const latencies = list(process.env.LATENCIES, '0,50')
  const {defaultConcurrency} = await import(new URL('fleet/run-fleet.js', dist).href)
  const concurrency = Number(process.env.CONCURRENCY ?? defaultConcurrency(availableParallelism()))
  console.log(`fleet bench: concurrency ${concurrency}, ${availableParallelism()} CPUs; each line one process (lab + doctor), healthy SMTP+IMAP+POP checks`)
  const rows = {}
  for (const latency of latencies) {
    for (const n of sizes) {
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', String(n), String(latency), String(concurrency)], {encoding: 'utf8', maxBuffer: 16 * 1024 * 1024})
      const line = child.stdout.trim().split('\n').at(-1) ?? ''
      let r
      try {
        r = JSON.parse(line)
      } catch {
        console.log(`latency ${latency} ms, ${n} targets: failed (${child.status}) ${child.stderr.trim().split('\n').at(-1) ?? ''}`)
        continue
      }
      rows[`${latency}/${n}`] = r
      console.log(`latency ${String(latency).padStart(2)} ms, ${String(n).padStart(4)} targets: ${(r.ms / 1000).toFixed(2)} s, ${(n / (r.ms / 1000)).toFixed(1)} targets/s, peak RSS ${r.rssMb} MB, token requests ${r.tokenRequests}, Graph reads ${r.graphReads}, outcomes ${JSON.stringify(r.outcomes)}`)
    }
    const a = rows[`${latency}/1`]
    const b = rows[`${latency}/100`]
    if (a && b) console.log(`latency ${latency} ms: 100 mailboxes / one mailbox = ${(b.ms / a.ms).toFixed(2)}× (target ≤ 5× at 50 ms)`)
  }
}

/** One fleet run in this process: the lab with n mailboxes, the same wiring as `check --lab --targets`. */
async function one(n, latency, concurrency) {
  const {startLabForCheck} = await import(new URL('doctor/lab-session.js', dist).href)
  const {defaultRunOptions, runDoctor} = await import(new URL('doctor/run-doctor.js', dist).href)
  const {checksFor} = await import(new URL('doctor/check-list.js', dist).href)
  const {createSharedRequests} = await import(new URL('fleet/shared-requests.js', dist).href)
  const {runFleet} = await import(new URL('fleet/run-fleet.js', dist).href)
  const {parseTargetsText} = await import(new URL('fleet/targets-file.js', dist).href)
  const render = await import(new URL('report/render/fleet.js', dist).href)

  const doc = parse(readFileSync(new URL('../scenarios/healthy.yaml', import.meta.url), 'utf8'))
  const template = doc.exchange.mailboxes[0]
  const addresses = Array.from({length: n}, (_, i) => `user${i}@contoso.com`)
  doc.exchange.mailboxes = addresses.map((address) => ({...structuredClone(template), address}))
  doc.lab = {latencyMs: latency, failureDelayMs: 0}
  delete doc.expect
  const dir = mkdtempSync(join(tmpdir(), 'o365doctor-bench-fleet-'))
  const scenarioFile = join(dir, `fleet-${n}.yaml`)
  writeFileSync(scenarioFile, stringify(doc))
  const targetsFile = join(dir, 'targets.yaml')
  writeFileSync(targetsFile, stringify({targets: addresses}))

  const lab = await startLabForCheck(scenarioFile)
  try {
    const shared = createSharedRequests()
    const options = defaultRunOptions({shared})
    const checks = checksFor({offline: false})
    // Warm the lab's signing key and the modules once, so the figure is the fleet's, not the one-off start.
    await runDoctor({loaded: (await import(new URL('settings/load-settings.js', dist).href)).mergeSettings([lab.layer]), checks: checks.filter((c) => c.id === 'token.acquire' || c.id.startsWith('config.')), network: lab.network, options: defaultRunOptions(), version: 'bench'})
    const file = parseTargetsText(readFileSync(targetsFile, 'utf8'), targetsFile)
    const t0 = performance.now()
    const run = await runFleet({
      file, concurrency, failOn: 'error', version: 'bench', counts: shared.counts,
      base: {lab: lab.layer, flags: {source: 'flag', nameOf: (k) => k, values: {}}, env: {}, offline: false},
      runTarget: async ({loaded, product}) => product.speak(await runDoctor({loaded, options, network: lab.network, labName: lab.name, version: 'bench', checks})),
    })
    const out = render.renderFleet(run, 'jsonl', {})
    const ms = performance.now() - t0
    const outcomes = {}
    for (const t of run.targets) outcomes[t.outcome] = (outcomes[t.outcome] ?? 0) + 1
    console.log(JSON.stringify({ms: Math.round(ms), rssMb: Math.round(process.resourceUsage().maxRSS / 1024), tokenRequests: run.shared.tokenRequests, graphReads: run.shared.graphReads, outcomes, jsonlBytes: out.length}))
  } finally {
    await lab.close()
  }
  process.exit(0)
}
