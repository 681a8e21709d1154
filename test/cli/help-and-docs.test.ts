// Help, did-you-mean and the generated command reference: oclif's own plugins, and docs/commands.md kept in step
// with the commands (this test is the CI step that fails when it is stale).
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {describe, it} from 'node:test'
import {suggestCommand} from '../../src/hooks/not-found-hint.js'
import {runCli} from '../support/cli.js'
import {repoRoot} from '../support/validate-report.js'

describe('help', () => {
  it('"help", "check -h" and "check --help" exit 0 with the usage on stdout', async () => {
    for (const args of [['help'], ['check', '-h'], ['check', '--help'], ['help', 'lab', 'serve']]) {
      const r = await runCli(args)
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`)
      assert.match(r.stdout, /USAGE/, args.join(' '))
    }
  })

  it('a mistyped command is named and points to help (exit 127, no stack trace)', async () => {
    const r = await runCli(['chek'])
    assert.equal(r.code, 127)
    assert.match(r.stderr, /chek is not a o365doctor command/)
    assert.match(r.stderr, /o365doctor help/)
    assert.match(r.stderr, /Did you mean "o365doctor check"\?/)
    assert.doesNotMatch(r.stderr, /\n\s+at /)
  })

  it('did-you-mean suggests only what is close', () => {
    const ids = ['check', 'decode', 'explain', 'evidence-script', 'products', 'lab:list', 'lab:serve', 'lab:evidence']
    assert.equal(suggestCommand('chek', ids), 'check')
    assert.equal(suggestCommand('lab:lsit', ids), 'lab:list')
    assert.equal(suggestCommand('explian', ids), 'explain')
    assert.equal(suggestCommand('zzzzzz', ids), undefined)
    assert.equal(suggestCommand('x'.repeat(10_000), ids), undefined)
  })
})

describe('docs/commands.md', () => {
  it('is what the commands generate (npm run build && npm run docs rewrites it)', async () => {
    const {currentDoc, DOC_PATH} = await import(pathToFileURL(join(repoRoot(), 'scripts', 'commands-doc.mjs')).href)
    const committed = readFileSync(DOC_PATH, 'utf8')
    assert.equal(committed, currentDoc(), 'docs/commands.md is stale: run `npm run build && npm run docs` and commit it')
    for (const flag of ['--lab', '--all', '--[no-]ascii', '--client-secret-stdin']) assert.ok(committed.includes(flag), flag)
  })
})
