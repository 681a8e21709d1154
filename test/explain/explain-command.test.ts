// `explain` end to end on files (the streaming path): encodings, binary input, unreadable paths. Needs the build.
import assert from 'node:assert/strict'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, describe, it} from 'node:test'
import {spawn} from 'node:child_process'
import {runCli} from '../support/cli.js'
import {repoRoot} from '../support/validate-report.js'

const dir = mkdtempSync(join(tmpdir(), 'o365doctor-explain-'))
after(() => rmSync(dir, {recursive: true, force: true}))

describe('explain --file', () => {
  it('reads a UTF-16 log as Windows PowerShell writes it (Out-File, Tee-Object) and exits 1 on an error cause', async () => {
    const file = join(dir, 'ps.log')
    const text = 'Send-MailMessage : 550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.\r\n'
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))
    const r = await runCli(['explain', '--json', '--file', file])
    assert.equal(r.code, 1, r.stderr)
    assert.equal(JSON.parse(r.stdout).causes[0].id, 'exchange.outbound-blocked')
  })

  it('binary input: one line naming the file, exit 2, no stack trace', async () => {
    const file = join(dir, 'logs.zip')
    writeFileSync(file, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 0)]))
    const r = await runCli(['explain', '--file', file])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /logs\.zip is binary data/)
    assert.doesNotMatch(r.stderr, /\n\s+at /)
  })

  it('a directory or a missing file: one line, exit 2', async () => {
    for (const path of [dir, join(dir, 'missing.log')]) {
      const r = await runCli(['explain', '--file', path])
      assert.equal(r.code, 2, path)
      assert.match(r.stderr, /cannot read/)
    }
  })
})

describe('explain on standard input', () => {
  it('a pipe larger than any read limit (70 MB) streams to its end: the reply on the last line is found, with its line', async () => {
    const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'run.js'), 'explain', '--json'], {env: {...process.env, NO_COLOR: '1'}})
    let stdout = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.resume()
    const line = `${'2026-11-30 12:00:00 mailer[42]: queue run finished, nothing to do '.padEnd(99, '.')}\n`
    const chunk = line.repeat(10_000)
    const chunks = Math.ceil((70 * 1024 * 1024) / chunk.length)
    for (let i = 0; i < chunks; i++) if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r))
    child.stdin.end('535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.\n')
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    assert.equal(code, 1, stdout.slice(0, 500))
    const finding = JSON.parse(stdout).findings[0]
    assert.equal(finding.causeIds[0], 'exchange.smtp-auth-disabled-tenant')
    assert.equal(finding.line, chunks * 10_000 + 1)
  })
})
