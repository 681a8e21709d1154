// A known secret goes in through every input path and must come out through no output format: not the table,
// --json, --format json/junit/markdown files, --verbose transcripts, nor error messages. Nor may a whole token
// or an XOAUTH2 string.
import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {runCli} from '../support/cli.js'

const LAB_SECRET = 'Qx8~labSecretValue.For.Tests-0001' // scenarios/healthy.yaml: the right secret
const CANARY = 'Canary~Wrong.Secret-7a7a7a7a7a' // a wrong secret: exercises the error paths
const dir = mkdtempSync(join(tmpdir(), 'o365doctor-leak-'))

function assertClean(text: string, secret: string, where: string): void {
  assert.ok(!text.includes(secret), `${where} contains the secret`)
  assert.ok(!text.includes(secret.slice(4, 20)), `${where} contains part of the secret`)
  assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]{20,}\.eyJ[A-Za-z0-9_-]{20,}/, `${where} contains a whole token`)
  assert.doesNotMatch(text, /dXNlcj0[A-Za-z0-9+/=]{16,}/, `${where} contains an XOAUTH2 string`)
  assert.doesNotMatch(text, /auth=Bearer [A-Za-z0-9._-]{12,}/, `${where} contains a bearer token`)
}

const FORMATS = ['json', 'junit', 'markdown'] as const

async function runAllFormats(label: string, args: string[], secret: string, options: {env?: NodeJS.ProcessEnv; stdin?: string} = {}): Promise<void> {
  const table = await runCli([...args, '--verbose'], options)
  assert.notEqual(table.code, 2, `${label}: input accepted (${table.stderr})`)
  assertClean(table.stdout + table.stderr, secret, `${label} table`)
  const json = await runCli([...args, '--json', '--verbose'], options)
  assertClean(json.stdout + json.stderr, secret, `${label} --json`)
  JSON.parse(json.stdout)
  for (const format of FORMATS) {
    const out = join(dir, `${label.replace(/\W+/g, '-')}.${format}`)
    // The HTML report rides along with the JSON run (--report), so it costs no extra run.
    const html = format === 'json' ? [`${out}.html`] : []
    const r = await runCli([...args, '--format', format, '--output', out, '--verbose', ...html.flatMap((f) => ['--report', `html=${f}`])], options)
    assertClean(r.stdout + r.stderr + readFileSync(out, 'utf8') + html.map((f) => readFileSync(f, 'utf8')).join(''), secret, `${label} --format ${format}`)
  }
}

describe('no secret, token or XOAUTH2 string reaches any output', () => {
  it('lab, secret as --client-secret (the right one: tokens and logins flow)', async () => {
    await runAllFormats('flag-right', ['check', '--lab', 'healthy', '--client-secret', LAB_SECRET, '--send-test'], LAB_SECRET)
  })
  it('lab, secret on standard input', async () => {
    await runAllFormats('stdin-right', ['check', '--lab', 'healthy', '--client-secret-stdin'], LAB_SECRET, {stdin: `${LAB_SECRET}\n`})
  })
  it('lab, a wrong secret as a flag (Microsoft refuses it: the error path)', async () => {
    await runAllFormats('flag-wrong', ['check', '--lab', 'healthy', '--client-secret', CANARY], CANARY)
  })
  it('lab, a wrong secret on standard input', async () => {
    await runAllFormats('stdin-wrong', ['check', '--lab', 'wrong-object-id', '--client-secret-stdin'], CANARY, {stdin: CANARY})
  })
  it('settings file and environment (offline)', async () => {
    const file = join(dir, 'settings.yaml')
    writeFileSync(file, `tenant: contoso.onmicrosoft.com\nclientId: 9a1b2c3d-0000-4000-8000-000000000001\nclientSecret: "${CANARY}"\nmailbox: a@contoso.com\n`)
    await runAllFormats('file', ['check', '--config', file, '--offline'], CANARY)
    await runAllFormats('env', ['check', '--offline', '--tenant', 'contoso.com', '--client-id', '9a1b2c3d-0000-4000-8000-000000000001', '--mailbox', 'a@contoso.com'], CANARY, {env: {AZURE_CLIENT_SECRET: CANARY}})
  })
  it('bad input next to a secret: the error line does not echo it', async () => {
    const r = await runCli(['check', '--client-secret', CANARY, '--cloud', 'mars', '--tenant', 'contoso.com', '--client-id', 'x', '--mailbox', 'a@b.com'])
    assert.equal(r.code, 2)
    assertClean(r.stdout + r.stderr, CANARY, 'bad-input error')
  })
})
