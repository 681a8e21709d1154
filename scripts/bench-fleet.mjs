#!/usr/bin/env node
// Fleet throughput (`check --lab --targets`): N healthy mailboxes of one lab tenant at lab latency 0 and 50 ms, for
// N = 1, 10, 100, 1000, with the peak RSS of the doctor's process, the CPU time (user+sys) the run took and the
// requests really made. Issue 19 asks: 100 mailboxes at 50 ms in ≤ 5× one mailbox's time; 1000 targets in ≤ 300 MB.
// Two figures:
//   headline       the lab and the doctor in ONE process (as `check --lab --targets` runs): the issue's measure.
//   lab apart      the lab in its own child process, the doctor alone in the measured one: closer to the field,
//                  where Microsoft's servers do not run on the client's CPU. RSS and "doctor CPU" are the doctor's.
// CPU time is printed because the machine may be shared: a slower wall-clock figure with the same CPU time is the
// neighbours', not ours. Each figure is its own child process (so its peak RSS is its own). Prints; never fails.
// Run after `npm run build`. SIZES=1,10,100 LATENCIES=50 CONCURRENCY=16 MODES=same,apart narrow or change the run.
import {fork, spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {availableParallelism, tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parse, stringify} from 'yaml'

const dist = new URL('../dist/src/', import.meta.url)
const list = (v, d) => (v ?? d).split(',').map(Number)
const MODE_TITLE = {same: 'headline: lab and doctor in one process', apart: 'lab in its own process (doctor alone measured)'}

if (process.argv[2] === '--one') await one(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]), process.argv[6] ?? 'same')
else if (process.argv[2] === '--lab-child') await labChild(process.argv[3])
else await main()

async function main() {
  const sizes = list(process.env.SIZES, '1,10,100,1000')
  const latencies = list(process.env.LATENCIES, '0,50')
  const modes = (process.env.MODES ?? 'same,apart').split(',').filter((m) => m in MODE_TITLE)
  const {defaultConcurrency} = await import(new URL('fleet/run-fleet.js', dist).href)
  // The heap cap `check --targets` starts with (bin/run.js, src/fleet/heap-limit.ts), so RSS is the CLI's. A build
  // from before heap-limit.ts (a before/after comparison) runs as it started.
  const {getHeapStatistics} = await import('node:v8')
  const heapLimit = await import(new URL('fleet/heap-limit.js', dist).href).catch(() => undefined)
  const heapFlag = heapLimit?.fleetHeapFlag(process.execArgv, process.env.NODE_OPTIONS, getHeapStatistics().heap_size_limit / 1048576)
  const concurrency = Number(process.env.CONCURRENCY ?? defaultConcurrency(availableParallelism()))
  console.log(`fleet bench: concurrency ${concurrency}, ${availableParallelism()} CPUs, node ${heapFlag ? `${heapFlag} from ${heapLimit.HEAP_CAP_FROM_TARGETS} targets` : '(heap cap as started)'}; each line one process, healthy SMTP+IMAP+POP checks; CPU = user+sys during the fleet`)
  const ratios = []
  for (const mode of modes) {
    console.log(`-- ${MODE_TITLE[mode]}`)
    const rows = {}
    for (const latency of latencies) {
      for (const n of sizes) {
        const child = spawnSync(process.execPath, [...(heapFlag && n >= heapLimit.HEAP_CAP_FROM_TARGETS ? [heapFlag] : []), fileURLToPath(import.meta.url), '--one', String(n), String(latency), String(concurrency), mode], {encoding: 'utf8', maxBuffer: 16 * 1024 * 1024})
        const line = child.stdout.trim().split('\n').at(-1) ?? ''
        let r
        try {
          r = JSON.parse(line)
        } catch {
          console.log(`latency ${latency} ms, ${n} targets: failed (${child.status}) ${child.stderr.trim().split('\n').at(-1) ?? ''}`)
          continue
        }
        rows[`${latency}/${n}`] = r
        const cpu = mode === 'same' ? `CPU ${(r.cpuMs / 1000).toFixed(2)} s` : `doctor CPU ${(r.cpuMs / 1000).toFixed(2)} s, lab CPU ${(r.labCpuMs / 1000).toFixed(2)} s`
        console.log(`latency ${String(latency).padStart(2)} ms, ${String(n).padStart(4)} targets: ${(r.ms / 1000).toFixed(2)} s, ${(n / (r.ms / 1000)).toFixed(1)} targets/s, ${cpu}, peak RSS ${r.rssMb} MB, token requests ${r.tokenRequests}, Graph reads ${r.graphReads}, outcomes ${JSON.stringify(r.outcomes)}`)
      }
      const a = rows[`${latency}/1`]
      const b = rows[`${latency}/100`]
      if (a && b) ratios.push(`${mode === 'same' ? 'headline (one process)' : 'lab in its own process'}, latency ${latency} ms: 100 mailboxes / one mailbox = ${(b.ms / a.ms).toFixed(2)}× (target ≤ 5× at 50 ms)`)
    }
  }
  for (const r of ratios) console.log(r)
}

/** The lab alone in this (child) process: tells the parent its network map and client settings, then serves. */
async function labChild(scenarioFile) {
  const {startLabForCheck} = await import(new URL('doctor/lab-session.js', dist).href)
  const lab = await startLabForCheck(scenarioFile)
  process.on('message', (m) => {
    if (m === 'cpu') process.send({cpuMs: cpuMs(process.cpuUsage())})
  })
  process.on('disconnect', () => void lab.close().then(() => process.exit(0)))
  process.send({name: lab.name, network: lab.network, values: lab.layer.values, source: scenarioFile})
}

/** A lab in a child process, as the doctor sees it (network map and settings layer), and its CPU time so far. */
async function startLabApart(scenarioFile) {
  const child = fork(fileURLToPath(import.meta.url), ['--lab-child', scenarioFile], {stdio: ['ignore', 'ignore', 'inherit', 'ipc']})
  const first = await new Promise((ok, ko) => {
    child.once('message', ok)
    child.once('exit', (code) => ko(new Error(`lab child exited ${code}`)))
  })
  return {
    name: first.name,
    network: first.network,
    layer: {source: 'lab', nameOf: (key) => `client.${key} in scenario ${first.source}`, values: first.values},
    cpuMs: () => new Promise((ok) => {
      child.once('message', (m) => ok(m.cpuMs))
      child.send('cpu')
    }),
    close: async () => {
      child.disconnect()
      await new Promise((ok) => (child.exitCode === null ? child.once('exit', ok) : ok()))
    },
  }
}

// A declaration (hoisted): the top-level awaits above run before any later `const` exists.
function cpuMs(u) {
  return Math.round((u.user + u.system) / 1000)
}

/**
 * One fleet run in this process: the lab with n mailboxes, the same wiring as `check --lab --targets`; mode 'apart'
 * puts the lab in a child process (same scenario, same settings, reached through the same network map).
 */
async function one(n, latency, concurrency, mode) {
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

  const lab = mode === 'apart' ? await startLabApart(scenarioFile) : await startLabForCheck(scenarioFile)
  try {
    const shared = createSharedRequests()
    const options = defaultRunOptions({shared})
    const checks = checksFor({offline: false})
    // Warm the lab's signing key and the modules once, so the figure is the fleet's, not the one-off start.
    await runDoctor({loaded: (await import(new URL('settings/load-settings.js', dist).href)).mergeSettings([lab.layer]), checks: checks.filter((c) => c.id === 'token.acquire' || c.id.startsWith('config.')), network: lab.network, options: defaultRunOptions(), version: 'bench'})
    const file = parseTargetsText(readFileSync(targetsFile, 'utf8'), targetsFile)
    const cpu0 = process.cpuUsage()
    const labCpu0 = await lab.cpuMs?.()
    const t0 = performance.now()
    const run = await runFleet({
      file, concurrency, failOn: 'error', version: 'bench', counts: shared.counts,
      base: {lab: lab.layer, flags: {source: 'flag', nameOf: (k) => k, values: {}}, env: {}, offline: false},
      runTarget: async ({loaded, product}) => product.speak(await runDoctor({loaded, options, network: lab.network, labName: lab.name, version: 'bench', checks})),
    })
    const out = render.renderFleet(run, 'jsonl', {})
    const ms = performance.now() - t0
    const cpu = cpuMs(process.cpuUsage(cpu0))
    const labCpu = lab.cpuMs ? (await lab.cpuMs()) - labCpu0 : undefined
    const outcomes = {}
    for (const t of run.targets) outcomes[t.outcome] = (outcomes[t.outcome] ?? 0) + 1
    console.log(JSON.stringify({ms: Math.round(ms), cpuMs: cpu, labCpuMs: labCpu, rssMb: Math.round(process.resourceUsage().maxRSS / 1024), tokenRequests: run.shared.tokenRequests, graphReads: run.shared.graphReads, outcomes, jsonlBytes: out.length}))
  } finally {
    await lab.close()
  }
  process.exit(0)
}
