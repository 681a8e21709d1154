import assert from 'node:assert/strict'
import {existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, test} from 'node:test'
import {writeOutput} from '../../src/doctor/write-output.js'
import {InputError} from '../../src/core/input-error.js'

const dir = mkdtempSync(join(tmpdir(), 'o365doctor-out-'))
after(() => rmSync(dir, {recursive: true, force: true}))

test('a symbolic link is refused without --force; the file it points to is untouched', () => {
  const target = join(dir, 'target.txt')
  writeFileSync(target, 'keep me')
  const link = join(dir, 'link.json')
  symlinkSync(target, link)
  assert.throws(() => writeOutput('--output', link, 'report'), (e: Error) => e instanceof InputError && /--output .*link\.json.*symbolic link/.test(e.message))
  assert.equal(readFileSync(target, 'utf8'), 'keep me')
  const notes: string[] = []
  writeOutput('--output', link, 'report', {force: true, note: (l) => notes.push(l)})
  assert.equal(readFileSync(target, 'utf8'), 'report')
  assert.match(notes.join(), /replaced .*link\.json/)
})

test("a dangling link's target is never created, even with --force", () => {
  const missing = join(dir, 'elsewhere', 'created.txt')
  const link = join(dir, 'dangling.json')
  symlinkSync(missing, link)
  for (const force of [false, true]) {
    assert.throws(() => writeOutput('--output', link, 'x', {force}), /does not exist; refusing to create its target/)
  }
  assert.ok(!existsSync(missing))
  assert.ok(lstatSync(link).isSymbolicLink())
})

test('replacing a file is said; a new file is not; a directory or a missing directory is one clear error', () => {
  const file = join(dir, 'report.json')
  const notes: string[] = []
  writeOutput('--output', file, 'one', {note: (l) => notes.push(l)})
  assert.equal(notes.length, 0)
  writeOutput('--output', file, 'two', {note: (l) => notes.push(l)})
  assert.equal(readFileSync(file, 'utf8'), 'two')
  assert.match(notes[0]!, /replaced/)
  assert.throws(() => writeOutput('--output', dir, 'x'), /is a directory/)
  assert.throws(() => writeOutput('--ca-file', join(dir, 'no', 'such', 'ca.pem'), 'x'), (e: Error) => e instanceof InputError && /--ca-file .*directory does not exist/.test(e.message))
})
