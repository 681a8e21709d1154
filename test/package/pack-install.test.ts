// The package as a user gets it: `npm pack`, installed into an empty prefix from the local npm cache only (no
// registry), then run from another directory. Skips with one line when the cache cannot satisfy the install.
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, describe, it} from 'node:test'
import {repoRoot} from '../support/validate-report.js'

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const dir = mkdtempSync(join(tmpdir(), 'o365doctor-pack-'))
const run = (cmd: string, args: string[], cwd: string, timeout = 120_000) =>
  spawnSync(cmd, args, {cwd, encoding: 'utf8', timeout, env: {...process.env, NO_COLOR: '1', COLUMNS: '100', CI: 'true'}, shell: process.platform === 'win32'})

describe('the packed tarball', () => {
  after(() => rmSync(dir, {recursive: true, force: true}))
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'))
  // The suite has just built dist/; prepack (npm run build) would build it again.
  const packed = run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], repoRoot())
  const info = packed.status === 0 ? JSON.parse(packed.stdout)[0] : undefined

  it('ships the build, LICENSE, docs and the manifest, and no source maps; prepack builds', () => {
    assert.equal(packed.status, 0, packed.stderr)
    const files: string[] = info.files.map((f: {path: string}) => f.path)
    for (const f of ['LICENSE', 'README.md', 'oclif.manifest.json', 'docs/commands.md', 'bin/run.js', 'dist/src/commands/check.js', 'scenarios/healthy.yaml'])
      assert.ok(files.includes(f), `${f} is in the tarball`)
    assert.deepEqual(files.filter((f) => f.endsWith('.map')), [], 'no source maps')
    assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('dist/test/')))
    // Every file the README links to (relative links) is shipped.
    const links = [...readFileSync(join(repoRoot(), 'README.md'), 'utf8').matchAll(/\]\(((?:docs|examples|schema|scenarios)\/[^)#\s]+)\)/g)].map((m) => m[1]!)
    for (const link of links) assert.ok(files.some((f) => f === link || f.startsWith(`${link.replace(/\/$/, '')}/`)), `README links to ${link}, which is not shipped`)
    assert.match(pkg.scripts.prepack, /npm run build/)
    for (const key of ['repository', 'homepage', 'bugs', 'license']) assert.ok(pkg[key], key)
  })

  it('installs into an empty prefix without the registry and runs from another directory', (t) => {
    assert.ok(info, packed.stderr)
    const prefix = join(dir, 'prefix')
    const install = run(npm, ['install', '-g', '--prefix', prefix, join(dir, info.filename), '--offline', '--no-audit', '--no-fund'], dir, 180_000)
    if (install.status !== 0) {
      t.skip(`cannot install offline from the npm cache (${/E[A-Z]+/.exec(install.stderr)?.[0] ?? 'error'}); run npm ci once online`)
      return
    }
    const bin = process.platform === 'win32' ? join(prefix, 'o365doctor.cmd') : join(prefix, 'bin', 'o365doctor')
    const elsewhere = mkdtempSync(join(tmpdir(), 'o365doctor-elsewhere-'))
    try {
      const version = run(bin, ['--version'], elsewhere)
      assert.equal(version.status, 0, version.stderr)
      assert.match(version.stdout, new RegExp(`^o365doctor/${pkg.version.replaceAll('.', '\\.')} `))
      const check = run(bin, ['check', '--lab', 'healthy'], elsewhere, 60_000)
      assert.equal(check.status, 0, check.stderr)
      assert.match(check.stdout, /PASS: no problem found\. Exit code 0\./)
    } finally {
      rmSync(elsewhere, {recursive: true, force: true})
    }
  })
})
