// lab serve stops cleanly, and its temporary CA folder goes, on every way a terminal ends a foreground process:
// Ctrl+C (SIGINT), kill (SIGTERM), a closed terminal window (SIGHUP). (Windows' SIGBREAK cannot be sent here.)
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {describe, it} from 'node:test'
import {repoRoot} from '../support/validate-report.js'

async function serveThenSignal(signal: NodeJS.Signals): Promise<{code: number | null; caFile: string; out: string}> {
  const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'run.js'), 'lab', 'serve', 'healthy', '--no-mail'], {env: {...process.env, NO_COLOR: '1'}})
  let out = ''
  child.stdout.on('data', (d: Buffer) => { out += d.toString() })
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  const deadline = Date.now() + 20_000
  while (!out.includes('Ctrl+C') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  const caFile = /CA certificate: (\S+\.pem)/.exec(out)?.[1]
  assert.ok(caFile, `no CA file in: ${out}`)
  assert.ok(existsSync(caFile), 'the CA file exists while serving')
  child.kill(signal)
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  const code = await exited
  clearTimeout(timer)
  return {code, caFile, out}
}

describe('lab serve cleans up', () => {
  it('on SIGINT, SIGTERM and SIGHUP: exit 0, "Lab stopped", the temporary CA folder removed', async () => {
    const results = await Promise.all((['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map(async (signal) => [signal, await serveThenSignal(signal)] as const))
    for (const [signal, r] of results) {
      assert.equal(r.code, 0, `${signal}: ${r.out}`)
      assert.match(r.out, new RegExp(`${signal}: stopping the lab`))
      assert.match(r.out, /Lab stopped/)
      assert.ok(!existsSync(dirname(r.caFile)), `${signal}: ${dirname(r.caFile)} is left behind`)
    }
  })
})
