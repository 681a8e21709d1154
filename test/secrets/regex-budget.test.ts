// Every regex literal in src/** against adversarial 1 MB strings (`eyJ-eyJ-…`, one long word, spaces, digits and
// dots, XOAUTH2 prefixes, and the regex's own literal characters), within a time budget: no pattern may be
// super-linear on text from outside. A worker runs them, so a pattern that blocks is named, not waited for forever.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {Worker} from 'node:worker_threads'

/** A linear pass over 1 MB takes milliseconds; the old JWT patterns took minutes on a third of that. */
const PER_RUN_MS = 1500
const TOTAL_MS = 120_000

test('every regex in src/ is fast on 1 MB of adversarial text', {timeout: TOTAL_MS + 10_000}, async () => {
  // The worker sits beside this file and reads the TypeScript sources in src/ either way: TypeScript under tsx (tsx's loader registered inside it first), JavaScript in
  // dist/ where npm test runs it.
  const worker_ = new URL(`./regex-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href
  const boot = import.meta.url.endsWith('.ts')
    ? `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(worker_)}) })`
    : `import(${JSON.stringify(worker_)})`
  const worker = new Worker(boot, {eval: true, workerData: {root: new URL(import.meta.url.endsWith('.ts') ? '../../src' : '../../../src', import.meta.url).pathname}})
  let current = ''
  let count = 0
  let runs = 0
  const slow: string[] = []
  await new Promise<void>((resolve, reject) => {
    let watchdog: NodeJS.Timeout | undefined
    const arm = (ms = PER_RUN_MS * 4): void => {
      clearTimeout(watchdog)
      watchdog = setTimeout(() => {
        void worker.terminate()
        reject(new Error(`blocked for more than ${ms} ms: ${current || 'collecting the regexes'}`))
      }, ms)
    }
    // Loading TypeScript and parsing src/ comes first (seconds on a busy machine).
    arm(60_000)
    worker.on('message', (m: {type: string; at?: string; ms?: number; count?: number}) => {
      if (m.type === 'count') count = m.count!
      if (m.type === 'start') (current = m.at!), arm()
      if (m.type === 'done') {
        runs++
        if (m.ms! > PER_RUN_MS) slow.push(`${Math.round(m.ms!)} ms: ${current}`)
      }
      if (m.type === 'end') {
        clearTimeout(watchdog)
        void worker.terminate().then(() => resolve())
      }
    })
    worker.on('error', (e) => (clearTimeout(watchdog), reject(e)))
  })
  assert.ok(count > 100, `found only ${count} regex literals`)
  assert.ok(runs >= count * 5, `ran ${runs} of ${count * 7}`)
  assert.deepEqual(slow, [])
})
