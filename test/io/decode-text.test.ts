// Inputs saved on Windows: UTF-8 with or without BOM, UTF-16 LE/BE by BOM, and BOM-less UTF-16 that is evidently so.
import assert from 'node:assert/strict'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {decodeText, detectEncoding, readTextFileSync} from '../../src/io/decode-text.js'
import {runCli} from '../support/cli.js'

const TEXT = 'Kőbánya: 535 5.7.139 Authentication unsuccessful 😀\r\nline 2\n'
const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16()
const BOM = {utf8: Buffer.from([0xef, 0xbb, 0xbf]), le: Buffer.from([0xff, 0xfe]), be: Buffer.from([0xfe, 0xff])}

const dir = mkdtempSync(join(tmpdir(), 'o365doctor-decode-'))

describe('decodeText', () => {
  it('reads every encoding Windows tools write, and drops the BOM', () => {
    const cases: [string, Buffer][] = [
      ['UTF-8', Buffer.from(TEXT, 'utf8')],
      ['UTF-8 with BOM', Buffer.concat([BOM.utf8, Buffer.from(TEXT, 'utf8')])],
      ['UTF-16 LE with BOM', Buffer.concat([BOM.le, Buffer.from(TEXT, 'utf16le')])],
      ['UTF-16 BE with BOM', Buffer.concat([BOM.be, utf16be(TEXT)])],
      ['UTF-16 LE without BOM', Buffer.from(TEXT, 'utf16le')],
      ['UTF-16 BE without BOM', utf16be(TEXT)],
    ]
    for (const [what, bytes] of cases) assert.equal(decodeText(bytes), TEXT, what)
  })

  it('does not take UTF-8 for UTF-16 on a stray NUL, nor on a short input', () => {
    assert.equal(detectEncoding(Buffer.from('abc\u0000def ghi jkl', 'utf8')).encoding, 'utf-8')
    assert.equal(detectEncoding(Buffer.from('a')).encoding, 'utf-8')
    assert.equal(decodeText(Buffer.alloc(0)), '')
    // An odd trailing byte of UTF-16 is dropped, not turned into garbage.
    assert.equal(decodeText(Buffer.concat([BOM.le, Buffer.from('ab', 'utf16le'), Buffer.from([0x41])])), 'ab')
  })

  it('a file over the limit is refused with EFBIG before it is read', () => {
    const file = join(dir, 'big.txt')
    writeFileSync(file, 'x'.repeat(2000))
    assert.throws(() => readTextFileSync(file, 1000), (e: NodeJS.ErrnoException) => e.code === 'EFBIG')
    assert.equal(readTextFileSync(file).length, 2000)
  })
})

describe('readers use it', () => {
  it('explain --file on a UTF-16 LE log (Windows PowerShell 5.1\'s ">") finds the failure', async () => {
    const log = '2026-11-30 10:00:01 INFO connecting\r\n2026-11-30 10:00:02 ERROR 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.\r\n'
    const file = join(dir, 'product.log')
    writeFileSync(file, Buffer.concat([BOM.le, Buffer.from(log, 'utf16le')]))
    const fromFile = await runCli(['explain', '--file', file, '--json'])
    assert.equal(fromFile.code, 1, fromFile.stderr)
    assert.ok(JSON.parse(fromFile.stdout).causes.some((c: {id: string}) => c.id === 'exchange.smtp-auth-disabled-tenant'))
  })

  it('check --config reads a settings file saved as UTF-16 LE with BOM', async () => {
    const file = join(dir, 'settings.yaml')
    const yaml = 'tenant: contoso.onmicrosoft.com\nclientId: 9a1b2c3d-0000-4000-8000-000000000001\nclientSecret: "Qx8~x.y-z"\nmailbox: kőbánya@contoso.com\n'
    writeFileSync(file, Buffer.concat([BOM.le, Buffer.from(yaml, 'utf16le')]))
    const r = await runCli(['check', '--config', file, '--offline', '--json'])
    assert.notEqual(r.code, 2, r.stderr)
    assert.equal(JSON.parse(r.stdout).target.mailbox, 'kőbánya@contoso.com')
  })
})
