// Bad input through the built CLI: one line on stderr, exit 2, fast; conflicting flags named together; piped input
// read to its end; no secret in DEBUG output. (Spawns: only what needs a real process.)
import assert from 'node:assert/strict'
import {execFileSync, spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, test} from 'node:test'
import {runCli} from '../support/cli.js'
import {repoRoot} from '../support/validate-report.js'

const dir = mkdtempSync(join(tmpdir(), 'o365doctor-hostile-'))
after(() => rmSync(dir, {recursive: true, force: true}))

const SETTINGS = ['--tenant', 'contoso.onmicrosoft.com', '--client-id', '9a1b2c3d-0000-4000-8000-000000000001', '--mailbox', 'sender@contoso.com']

async function exit2(args: string[], says: RegExp, stdin?: string): Promise<void> {
  const started = Date.now()
  const r = await runCli(args, {stdin})
  assert.equal(r.code, 2, `${args.join(' ').slice(0, 80)}: ${r.stderr}${r.stdout.slice(0, 300)}`)
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
  assert.match(r.stderr, says)
  // The read itself is refused within 2 s (test/input/bounded-read.test.ts); this bounds a whole spawn on a busy machine.
  assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`)
}

test('unusable files and devices: exit 2 naming the input, at once', async () => {
  const fifo = join(dir, 'fifo')
  execFileSync('mkfifo', [fifo])
  await exit2(['check', '--config', fifo, '--offline'], /--config .*fifo.*FIFO/)
  await exit2(['check', '--config', '/dev/zero', '--offline'], /--config \/dev\/zero.*device/)
  await exit2(['check', '--exchange-evidence', '/dev/urandom', '--offline', ...SETTINGS, '--client-secret', 'x'.repeat(12)], /--exchange-evidence \/dev\/urandom.*device/)
  await exit2(['explain', '--file', dir], /directory/)
  await exit2(['decode', '--file', fifo], /FIFO/)
})

test('conflicting flags: one line naming both', async () => {
  await exit2(['check', ...SETTINGS, '--client-secret', 'Sup3rS3cretValue!', '--client-secret-stdin', '--offline'], /--client-secret and --client-secret-stdin/, 'other\n')
  await exit2(['check', ...SETTINGS, '--offline', '--send-test'], /--offline and --send-test/)
  await exit2(['check', ...SETTINGS, '--offline', '--json', '--format', 'junit'], /--json and --format junit/)
})

test('flag values: --timeout outside 1–600, an empty or 100 KB host, NUL-free text, a binary secret on stdin', async () => {
  await exit2(['check', ...SETTINGS, '--offline', '--timeout', '99999999999'], /less than or equal to 600/)
  await exit2(['check', ...SETTINGS, '--offline', '--timeout', '0'], /greater than or equal to 1/)
  await exit2(['check', ...SETTINGS, '--offline', '--smtp-host', ''], /--smtp-host.*empty/)
  await exit2(['check', ...SETTINGS, '--offline', '--smtp-host', 'a'.repeat(100_000)], /--smtp-host.*100000 characters/)
  await exit2(['check', ...SETTINGS.slice(0, 4), '--offline', '--mailbox', 'a\x1b[2J@contoso.com'], /--mailbox.*control character 0x1b/)
  await exit2(['check', ...SETTINGS, '--offline', '--client-secret-stdin'], /--client-secret-stdin.*not a text secret/, '\x00\x01\xff\xfebinary')
})

test('DEBUG=* prints no secret from the command line', async () => {
  const r = await runCli(['check', ...SETTINGS, '--client-secret', 'Sup3rS3cretValue!', '--offline'], {env: {DEBUG: '*'}})
  assert.match(r.stderr, /oclif/, 'debug output is on')
  assert.ok(!`${r.stdout}${r.stderr}`.includes('Sup3rS3cretValue!'), 'the secret is in the debug output')
})

test('explain reads a slow 5 MB pipe to its end (the error is the last line)', async () => {
  const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'run.js'), 'explain', '--json'], {env: {...process.env, NO_COLOR: '1'}})
  let stdout = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr.resume()
  const line = `${'2026-11-30 12:00:00 mailer[42]: queue run finished, nothing to do '.padEnd(99, '.')}\n`
  const total = 5 * 1024 * 1024
  // In bursts with pauses longer than oclif's 10 ms stdin peek.
  for (let sent = 0; sent < total; sent += 256 * 1024) {
    child.stdin.write(line.repeat((256 * 1024) / line.length))
    await new Promise((r) => setTimeout(r, 40))
  }
  child.stdin.end('535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.\n')
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  assert.equal(code, 1, stdout.slice(0, 500))
  assert.match(stdout, /exchange\.smtp-auth-disabled-tenant/)
})

test('--lab of a file that is no scenario does not quote it; lab serve --ca-file into a missing directory is exit 2', async () => {
  const { writeFileSync } = await import('node:fs')
  const notes = join(dir, 'notes.txt')
  writeFileSync(notes, 'Qx8~PastedSecretValue-0001\n')
  await exit2(['check', '--lab', notes], /is not a scenario file/)
  const r = await runCli(['check', '--lab', notes])
  assert.ok(!r.stderr.includes('PastedSecretValue'), r.stderr)
  const keyed = join(dir, 'env.yaml')
  writeFileSync(keyed, 'AZURE_CLIENT_SECRET: Qx8~PastedSecretValue-0002\n')
  const k = await runCli(['check', '--lab', keyed])
  assert.equal(k.code, 2)
  assert.ok(!k.stderr.includes('PastedSecretValue'), k.stderr)
  await exit2(['lab', 'serve', 'healthy', '--ca-file', join(dir, 'no', 'such', 'ca.pem')], /--ca-file .*directory does not exist/)
})

test('raw control characters from a YAML key never reach the terminal', async () => {
  const { writeFileSync } = await import('node:fs')
  const file = join(dir, 'ctl.yaml')
  writeFileSync(file, 'tenant: x\n"\x1b[2J\x07evil": 1\n')
  const r = await runCli(['check', '--config', file, '--offline'])
  assert.equal(r.code, 2)
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(r.stderr, /[\x00-\x08\x0b-\x1f\x7f]/)
  assert.match(r.stderr, /\\x1b\[2J\\x07evil/)
})
