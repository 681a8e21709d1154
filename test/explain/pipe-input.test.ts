// explain --file on a pipe: a FIFO nobody writes to is an input error by a deadline (never a wait forever), and
// `<(cmd)` (bash's process substitution, a pipe under /dev/fd) still streams.
import assert from 'node:assert/strict'
import {execFileSync, spawn} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, describe, it} from 'node:test'
import {openInput, UnreadableInput} from '../../src/explain/read-input.js'
import {decodeStream, explainStream} from '../../src/explain/stream.js'
import {repoRoot} from '../support/validate-report.js'

const dir = mkdtempSync(join(tmpdir(), 'o365doctor-pipe-'))
after(() => rmSync(dir, {recursive: true, force: true}))

const REPLY = '535 5.7.3 Authentication unsuccessful [SN2PR00CA0018.namprd00.prod.outlook.com]\n'

function fifo(name: string): string {
  const path = join(dir, name)
  execFileSync('mkfifo', [path])
  return path
}

async function explainPipe(path: string, waitMs: number) {
  const input = await openInput(undefined, path, 'error text', waitMs)
  assert.ok('bytes' in input)
  return explainStream(decodeStream(input.bytes, input.name))
}

describe('explain --file on a pipe', {timeout: 20_000, skip: process.platform === 'win32' ? 'no mkfifo on Windows' : false}, () => {
  it('a FIFO with no writer: one message naming the file, by the deadline', async () => {
    const path = fifo('no-writer')
    const start = Date.now()
    await assert.rejects(explainPipe(path, 300), (e: unknown) => {
      assert.ok(e instanceof UnreadableInput)
      assert.match(e.message, /no-writer.*nothing was written to this pipe \(FIFO\) within 0\.3 s/)
      return true
    })
    assert.ok(Date.now() - start < 3000, 'the deadline holds')
  })

  it('a writer that opens the FIFO and sends nothing: the same deadline covers the first byte', async () => {
    const path = fifo('silent-writer')
    // Holds the FIFO open for writing without writing.
    const writer = spawn('sh', ['-c', `exec 3>"$1"; sleep 5`, 'sh', path], {stdio: 'ignore'})
    try {
      await assert.rejects(explainPipe(path, 500), /silent-writer.*nothing was written/)
    } finally {
      writer.kill()
    }
  })

  it('a writer that comes within the deadline is read to its end', async () => {
    const path = fifo('late-writer')
    const writer = spawn('sh', ['-c', `sleep 0.2; printf '%s' "$2" > "$1"`, 'sh', path, REPLY], {stdio: 'ignore'})
    const r = await explainPipe(path, 5000)
    writer.kill()
    assert.deepEqual(r.findings.map((f) => f.patternId), ['smtp.535-5.7.3'])
  })

  it('process substitution, explain --file <(cmd), end to end', async () => {
    const log = join(dir, 'product.log')
    writeFileSync(log, `INFO start\n${REPLY}`)
    const bin = join(repoRoot(), 'bin', 'run.js')
    const out = await new Promise<{code: number | null; stdout: string}>((resolve) => {
      const child = spawn('bash', ['-c', `"$1" "$2" explain --json --file <(cat "$3")`, 'bash', process.execPath, bin, log], {stdio: ['ignore', 'pipe', 'inherit']})
      let stdout = ''
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
      child.on('close', (code) => resolve({code, stdout}))
    })
    assert.equal(out.code, 1)
    assert.equal(JSON.parse(out.stdout).findings[0].patternId, 'smtp.535-5.7.3')
  })
})
