#!/usr/bin/env node
// How long each fleet format takes to render 1000 and 10 000 synthetic targets, and how big the output is: figures
// to read, not a test (timings on a shared machine are not assertions); prints figures, never fails. Linear output
// shows as ~10× time for 10× targets. The fleet is test/report/fleet-sample.ts's bigFleet (the golden sample reports,
// cycled). Run after `npm run build`: node scripts/bench-fleet-render.mjs
const dist = new URL('../dist/', import.meta.url)
const {FLEET_FORMATS, renderFleet} = await import(new URL('src/report/render/fleet.js', dist).href)
const {bigFleet} = await import(new URL('test/report/fleet-sample.js', dist).href)

for (const n of [1000, 10_000]) {
  const run = bigFleet(n)
  for (const format of FLEET_FORMATS) {
    const variants = format === 'table' ? [['table', {width: 80}], ['table --all', {width: 80, all: true}]] : [[format, {}]]
    for (const [label, options] of variants) {
      renderFleet(run, format, options) // warm-up
      const start = performance.now()
      const out = renderFleet(run, format, options)
      const ms = performance.now() - start
      console.log(`${String(n).padStart(6)} targets  ${label.padEnd(12)} ${ms.toFixed(0).padStart(6)} ms  ${(Buffer.byteLength(out) / 1e6).toFixed(1).padStart(6)} MB`)
    }
  }
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`)
