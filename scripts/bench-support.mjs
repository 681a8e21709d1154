// What the bench scripts share: the median, timed runs, the compiled modules (run `npm run build` first), and the
// healthy scenario with a round-trip latency for in-process `check --lab` runs. Bench scripts print figures only.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parse, stringify} from 'yaml'

/** The middle value (the upper one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** Wall times in ms of `runs` calls of `fn`, one after another. */
export async function timeRuns(runs, fn) {
  const times = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn(i)
    times.push(performance.now() - t0)
  }
  return times
}

const dist = new URL('../dist/src/', import.meta.url)

/** A compiled module of src/, by its path there ('doctor/run-doctor.js'). */
export const fromDist = (path) => import(new URL(path, dist).href)

/** What an in-process `check --lab` needs, from the build. */
export async function doctorModules() {
  const [{resolveScenario}, {startLabForCheck}, {mergeSettings}, {defaultRunOptions, runDoctor}, {checksFor}] = await Promise.all([
    fromDist('lab/scenario/load-scenario.js'),
    fromDist('doctor/lab-session.js'),
    fromDist('settings/load-settings.js'),
    fromDist('doctor/run-doctor.js'),
    fromDist('doctor/check-list.js'),
  ])
  return {resolveScenario, startLabForCheck, mergeSettings, defaultRunOptions, runDoctor, checksFor}
}

/** The scenario `healthy` with every server reply and handshake `latencyMs` late and no failure tarpit, as a file. */
export async function healthyWithLatency(latencyMs, dir = mkdtempSync(join(tmpdir(), 'o365doctor-bench-'))) {
  const {resolveScenario} = await fromDist('lab/scenario/load-scenario.js')
  const doc = parse(readFileSync((await resolveScenario('healthy')).source, 'utf8'))
  doc.lab = {...doc.lab, latencyMs, failureDelayMs: 0}
  delete doc.expect
  const file = join(dir, `healthy-${latencyMs}.yaml`)
  writeFileSync(file, stringify(doc))
  return file
}
