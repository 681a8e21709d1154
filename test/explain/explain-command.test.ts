// `explain` end to end on files (the streaming path): encodings, binary input, unreadable paths. Needs the build.
import assert from 'node:assert/strict'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, describe, it} from 'node:test'
import {runCli} from '../support/cli.js'

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
