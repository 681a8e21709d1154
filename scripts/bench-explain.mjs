#!/usr/bin/env node
// Times `explain` on realistic mixed logs (MSAL errors, SMTP/IMAP/POP transcripts, TLS noise, plenty of unrelated
// lines). Prints the median of 5 in-process runs on 1 MB (explainText), then the streaming path `explain` takes
// (openInput → decodeStream → explainStream) on a file and on a pipe into standard input, at 1, 10 and 100 MB
// (and 1 GB with BIG=1), each in its own process so its peak RSS is its own; then a DENSE log (almost every line an
// error: five lines repeated in random order, as a product retrying a failed login writes) at the same sizes, from
// a file. The files go to a temporary directory, deleted at the end.
// Needs the build: `npm run build` first. `--sizes 1,10` picks the sizes in MB; `--dist DIR` times another build
// (e.g. one of an older commit, for before/after figures).
import {spawnSync} from 'node:child_process'
import {createWriteStream, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const distArg = process.argv.indexOf('--dist')
const dist = distArg > 0 ? pathToFileURL(`${resolve(process.argv[distArg + 1])}/`) : new URL('../dist/', import.meta.url)
const {explainText} = await import(new URL('src/explain/explain-text.js', dist).href)

const APP = '9a1b2c3d-0000-4000-8000-00000000abcd'
const G = () => crypto.randomUUID()
const lines = [
  () => `2024-03-20 10:27:50.123 INFO  [mailer] polling queue, ${Math.floor(Math.random() * 100)} messages waiting`,
  () => `2024-03-20 10:27:50.456 DEBUG [http] GET /api/v1/orders/${Math.floor(Math.random() * 1e6)} 200 12ms`,
  () => '2024-03-20 10:27:51.000 DEBUG [smtp] S: 220 SY5P282CA0097.outlook.office365.com Microsoft ESMTP MAIL Service ready at Sun, 23 Nov 2025 11:12:20 +0000 [08DE2A6028D26C22]',
  () => '2024-03-20 10:27:51.001 DEBUG [smtp] S: 250-AUTH LOGIN XOAUTH2',
  () => `2024-03-20 10:27:51.002 DEBUG [smtp] C: AUTH XOAUTH2 dXNlcj1zZW5kZXJAY29udG9zby5jb20BYXV0aD1CZWFyZXIg${'A'.repeat(60)}AQE=`,
  () => '2024-03-20 10:27:56.998 WARN  [smtp] S: 535 5.7.3 Authentication unsuccessful [SN2PR00CA0018.namprd00.prod.outlook.com 2024-03-20T10:27:56.998Z 08DC48BEE95C08E5]',
  () => `2024-03-20 10:27:57.000 ERROR [auth] ServerError: invalid_client: Error(s): 7000215 - Timestamp: 2024-03-20 10:27:51Z - Description: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${APP}'. Trace ID: ${G()} Correlation ID: ${G()} Timestamp: 2024-03-20 10:27:51Z`,
  () => '2024-03-20 10:27:58.000 DEBUG [imap] S: * OK The Microsoft Exchange IMAP4 service is ready. [TQBSADEAUAAyADYANABDAEEAMAAxADQANgAuAEYAUgBBAFAAMgA2ADQALgBQAFIATwBEAC4ATwBVAFQATABPAE8ASwAuAEMATwBNAA==]',
  () => '2024-03-20 10:27:58.500 WARN  [imap] S: A1 NO AUTHENTICATE failed.',
  () => '2024-03-20 10:27:59.000 INFO  [pop] S: -ERR Authentication failure: unknown user name or bad password.',
  () => '2024-03-20 10:28:00.000 ERROR [tls] Error: C0D7A2F0B67F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number',
  () => '2024-03-20 10:28:01.000 INFO  [app] user logged in, session refreshed, certificate store loaded, timeout 30s, authentication module ok, lib 4.59.0',
  () => '2024-03-20 10:28:02.000 WARN  [smtp] S: 550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.',
  () => '2024-03-20 10:28:03.000 DEBUG [graph] {"error":{"code":"ErrorAccessDenied","message":"Access is denied. Check credentials and try again."}}',
]
const weights = [30, 30, 3, 3, 2, 2, 1, 2, 2, 1, 1, 30, 1, 1]
const total = weights.reduce((a, b) => a + b)

function line() {
  const r = Math.random() * total
  let acc = 0
  for (let i = 0; i < lines.length; i++) {
    acc += weights[i]
    if (r < acc) return lines[i]()
  }
  return lines[0]()
}

// The dense log: an INFO line, a 535, an ordinary line, an AADSTS7000215 line and a NO AUTHENTICATE failed.
const denseLines = [
  '2026-11-30 10:00:00 INFO connecting to smtp.office365.com:587',
  '2026-11-30 10:00:01 ERROR 535 5.7.3 Authentication unsuccessful [SN4PR0501CA0054.namprd05.prod.outlook.com]',
  '2026-11-30 10:00:02 DEBUG some ordinary line with nothing interesting in it at all, just words and numbers 12345',
  '2026-11-30 10:00:03 WARN AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID',
  '2026-11-30 10:00:04 INFO NO AUTHENTICATE failed.',
]
function makeDenseLog(bytes) {
  const out = []
  let size = 0
  while (size < bytes) {
    const l = denseLines[Math.floor(Math.random() * denseLines.length)]
    out.push(l)
    size += l.length + 1
  }
  return `${out.join('\n')}\n`
}

function makeLog(bytes) {
  let log = ''
  while (log.length < bytes) log += line() + '\n'
  return log
}

// In-process: 1 MB through explainText (the path for an argument or a small paste).
const log = makeLog(1_000_000)
const times = []
let result
for (let i = 0; i < 5; i++) {
  const start = performance.now()
  result = explainText(log)
  times.push(performance.now() - start)
}
times.sort((a, b) => a - b)
console.log(
  `explainText: ${(log.length / 1e6).toFixed(2)} MB, ${log.split('\n').length} lines, ${result.findings.length} findings, ` +
    `${result.findings.reduce((n, f) => n + f.occurrences, 0)} matches; median of 5: ${times[2].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[4].toFixed(1)}); top cause: ${result.causes[0]?.id}`,
)

// Streaming, one process per size and input: wall and CPU time, that process's peak RSS.
const sizesArg = process.argv.indexOf('--sizes')
const sizes = sizesArg > 0 ? process.argv[sizesArg + 1].split(',').map(Number) : [1, 10, 100, ...(process.env.BIG ? [1024] : [])]
const dir = mkdtempSync(join(tmpdir(), 'o365doctor-bench-'))
const readInput = new URL('src/explain/read-input.js', dist).href
const stream = new URL('src/explain/stream.js', dist).href
const child = `
  import {openInput} from '${readInput}'
  import {decodeStream, explainStream} from '${stream}'
  const start = performance.now()
  const input = await openInput(undefined, process.argv[1] === '-' ? undefined : process.argv[1], 'error text')
  const r = await explainStream(decodeStream(input.bytes, input.name))
  const ms = performance.now() - start
  const cpu = process.cpuUsage()
  console.log(JSON.stringify({ms, cpuMs: (cpu.user + cpu.system) / 1000, rssMB: process.resourceUsage().maxRSS / 1024, findings: r.findings.length, top: r.causes[0]?.id}))`
try {
  for (const [kind, block, vias] of [
    ['mixed', makeLog(1_000_000), ['file', 'stdin']],
    ['dense', makeDenseLog(1_000_000), ['file']],
  ])
  for (const mb of sizes) {
    const file = join(dir, `${kind}-${mb}mb.txt`)
    const out = createWriteStream(file)
    for (let i = 0; i < mb; i++) if (!out.write(block)) await new Promise((r) => out.once('drain', r))
    await new Promise((r) => out.end(r))
    for (const via of vias) {
      // stdin: the file is piped in by a shell, as `cat log | o365doctor explain` would.
      const args = ['--input-type=module', '-e', child, via === 'file' ? file : '-']
      const run = spawnSync(via === 'file' ? process.execPath : 'sh', via === 'file' ? args : ['-c', 'cat "$F" | "$0" "$@"', process.execPath, ...args], {
        encoding: 'utf8',
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: {...process.env, F: file},
        stdio: via === 'file' ? 'pipe' : ['ignore', 'pipe', 'pipe'],
      })
      if (run.status !== 0) {
        console.log(`explain ${kind} ${via} ${mb} MB: failed: ${run.stderr.trim().split('\n').pop()}`)
        continue
      }
      const r = JSON.parse(run.stdout.trim().split('\n').pop())
      console.log(
        `explain ${kind} ${via.padEnd(5)} ${String(mb).padStart(4)} MB: ${r.ms.toFixed(0).padStart(6)} ms wall, ${r.cpuMs.toFixed(0).padStart(6)} ms process CPU (${(mb / (r.ms / 1000)).toFixed(1)} MB/s), peak RSS ${r.rssMB.toFixed(0)} MB, ${r.findings} findings, top cause ${r.top}`,
      )
    }
    rmSync(file)
  }
} finally {
  rmSync(dir, {recursive: true, force: true})
}
