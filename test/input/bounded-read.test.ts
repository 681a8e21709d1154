import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, test} from 'node:test'
import {LIMITS, readBoundedFile, readBoundedStdin, UnreadableInput} from '../../src/input/bounded-read.js'
import {InputError} from '../../src/core/input-error.js'
import {parseSettingsText, readSettingsFile} from '../../src/settings/settings-file.js'
import {Readable} from 'node:stream'

const dir = mkdtempSync(join(tmpdir(), 'o365doctor-input-'))
after(() => rmSync(dir, {recursive: true, force: true}))

function refusedQuickly(path: string, limit: number, says: RegExp): void {
  const started = Date.now()
  assert.throws(() => readBoundedFile(path, limit), (e: Error) => e instanceof UnreadableInput && says.test(e.message))
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`)
}

test('a FIFO without a writer, /dev/zero, /dev/urandom and a directory are refused at once', () => {
  const fifo = join(dir, 'fifo')
  execFileSync('mkfifo', [fifo])
  refusedQuickly(fifo, LIMITS.settings, /pipe \(FIFO\)/)
  refusedQuickly('/dev/zero', LIMITS.settings, /device/)
  refusedQuickly('/dev/urandom', LIMITS.settings, /device/)
  refusedQuickly(dir, LIMITS.settings, /directory/)
  refusedQuickly(join(dir, 'missing.yaml'), LIMITS.settings, /not found/)
})

test('a file over its limit is refused with the limit named, one under it is read whole', () => {
  const big = join(dir, 'big.yaml')
  writeFileSync(big, 'x'.repeat(LIMITS.settings + 1))
  refusedQuickly(big, LIMITS.settings, /more than the 1 MB/)
  const ok = join(dir, 'ok.yaml')
  writeFileSync(ok, 'tenant: contoso.onmicrosoft.com\n')
  assert.equal(readBoundedFile(ok, LIMITS.settings).toString(), 'tenant: contoso.onmicrosoft.com\n')
})

test('settings files: 100 MB or a FIFO is exit-2 input, named by --config', () => {
  const huge = join(dir, 'huge.yaml')
  writeFileSync(huge, Buffer.alloc(2 * 1024 * 1024, 0x61))
  assert.throws(() => readSettingsFile(huge), (e: Error) => e instanceof InputError && /--config .*huge\.yaml/.test(e.message) && /1 MB/.test(e.message))
})

test('standard input over its limit is refused without reading on', async () => {
  await assert.rejects(readBoundedStdin(1000, Readable.from([Buffer.alloc(600), Buffer.alloc(600)])), /larger than/)
  assert.equal((await readBoundedStdin(1000, Readable.from([Buffer.from('abc')]))).toString(), 'abc')
})

test('settings values: a hex port, a YAML boolean secret, NUL and control characters, a megabyte value are refused', () => {
  const bad: Array<[string, RegExp]> = [
    ['smtp: {host: smtp.office365.com, port: 0x24B, tls: starttls}\n', /hexadecimal/],
    ['smtp: {host: smtp.office365.com, port: 0o1113}\n', /octal/],
    ['clientSecret: true\n', /must be text/],
    ['tenant: "conto\\0so"\n', /NUL/],
    ['mailbox: "a\\x1b[31m@contoso.com"\n', /control character 0x1b/],
    [`tokenUrl: ${'a'.repeat(5000)}\n`, /5000 characters/],
  ]
  for (const [text, says] of bad) {
    assert.throws(() => parseSettingsText(text, 's.yaml'), (e: Error) => e instanceof InputError && says.test(e.message), text.slice(0, 60))
  }
  assert.equal(parseSettingsText('smtp: {port: 587}\n', 's.yaml').smtp?.port, 587)
})
