// Start-up loads only what a run uses: the libraries behind the live checks (MSAL, the Graph client, imapflow,
// nodemailer) open at the point of use. The built CLI runs with a preload that logs every module file it loads.
import assert from 'node:assert/strict'
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {describe, it} from 'node:test'
import {repoRoot} from '../support/validate-report.js'

const LIBRARIES = {msal: '/@azure/msal-node/', graph: '/@microsoft/microsoft-graph-client/', imapflow: '/imapflow/', nodemailer: '/nodemailer/'}
type Library = keyof typeof LIBRARIES

async function librariesLoaded(args: string[]): Promise<{code: number | null; loaded: Set<Library>; files: number}> {
  const dir = mkdtempSync(join(tmpdir(), 'o365doctor-modules-'))
  const log = join(dir, 'modules.log')
  try {
    const child = spawn(process.execPath, ['--import', join(repoRoot(), 'test/support/module-log.mjs'), join(repoRoot(), 'bin/run.js'), ...args], {
      cwd: repoRoot(), env: {...process.env, MODULE_LOG: log, NO_COLOR: '1'}, stdio: ['ignore', 'ignore', 'ignore'],
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    clearTimeout(timer)
    const files = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((f) => f.replaceAll('\\', '/'))
    const loaded = new Set((Object.keys(LIBRARIES) as Library[]).filter((l) => files.some((f) => f.includes(LIBRARIES[l]))))
    return {code, loaded, files: files.length}
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

describe('lean start-up', () => {
  it('check --offline opens none of MSAL, the Graph client, imapflow, nodemailer', async () => {
    const r = await librariesLoaded(['check', '--config', 'examples/settings-broken.yaml', '--offline'])
    assert.ok(r.files > 50, `the module log saw only ${r.files} files: the preload did not work`)
    assert.deepEqual([...r.loaded], [])
  })

  it('check --lab healthy --protocols smtp --send-test loads MSAL, Graph and nodemailer (the message) but not imapflow', async () => {
    const r = await librariesLoaded(['check', '--lab', 'healthy', '--protocols', 'smtp', '--send-test'])
    assert.equal(r.code, 0)
    // The positive half shows the log does see these libraries when they are used.
    assert.deepEqual([...r.loaded].sort(), ['graph', 'msal', 'nodemailer'])
  })

  it('--version answers without oclif, exactly as oclif would', async () => {
    const fast = await librariesLoaded(['--version'])
    assert.equal(fast.code, 0)
    const mine = spawnSync(process.execPath, [join(repoRoot(), 'bin/run.js'), '--version'], {encoding: 'utf8'})
    const entry = pathToFileURL(join(repoRoot(), 'bin/run.js')).href
    const script = `const {execute} = await import('@oclif/core'); await execute({dir: ${JSON.stringify(entry)}, args: ['--version']})`
    const oclif = spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8', cwd: repoRoot()})
    assert.match(mine.stdout, /^o365doctor\/\d+\.\d+\.\d+\S* \S+-\S+ node-v\d+/)
    assert.equal(mine.stdout, oclif.stdout, oclif.stderr)
    assert.ok(fast.files < 20, `--version opened ${fast.files} module files`)
  })
})
