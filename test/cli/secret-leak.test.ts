// A known secret goes in through every input path and must come out through no output format: not the table,
// --json, --format json/junit/markdown files, --verbose transcripts, nor error messages. Nor may a whole token
// or an XOAUTH2 string.
import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {runCli} from '../support/cli.js'

const LAB_SECRET = 'Qx8~labSecretValue.For.Tests-0001' // scenarios/healthy.yaml: the right secret
const CANARY = 'Canary~Wrong.Secret-7a7a7a7a7a' // a wrong secret: exercises the error paths
const dir = mkdtempSync(join(tmpdir(), 'o365doctor-leak-'))
const PFX_PASSWORD = 'Canary~Pfx.Password-5b5b5b5b5b'
const FEDERATED_CANARY = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2NhbmFyeSJ9.Q2FuYXJ5U2lnbmF0dXJlLTljOWM5YzljOWM'

/** A line from the middle of a PEM private key: enough to recognise the key in any output. */
function keyBody(file: string): string {
  const pem = readFileSync(`scenarios/certs/${file}`, 'utf8')
  return pem.slice(pem.indexOf('PRIVATE KEY-----')).split('\n')[3]!
}

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
}

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
  it('lab, a certificate\'s private key (accepted, then refused as not registered)', async () => {
    await runAllFormats('cert-right', ['check', '--lab', 'certificate-healthy', '--send-test'], keyBody('mailer-with-key.pem'))
    await runAllFormats('cert-refused', ['check', '--lab', 'certificate-not-registered'], keyBody('other-with-key.pem'))
  })
  it('a PFX password from the settings file, the environment and standard input (offline)', {skip: !hasOpenssl() && 'openssl not installed'}, async () => {
    const pfx = join(dir, 'mailer.pfx')
    execFileSync('openssl', ['pkcs12', '-export', '-in', 'scenarios/certs/mailer.pem', '-inkey', 'scenarios/certs/mailer-with-key.pem', '-out', pfx, '-passout', `pass:${PFX_PASSWORD}`, '-legacy'], {stdio: 'ignore'})
    const base = 'tenant: contoso.onmicrosoft.com\nclientId: 9a1b2c3d-0000-4000-8000-000000000001\nmailbox: a@contoso.com\n'
    const file = join(dir, 'pfx-settings.yaml')
    writeFileSync(file, `${base}certificate: {file: ${pfx}, password: "${PFX_PASSWORD}"}\n`)
    await runAllFormats('pfx-file', ['check', '--config', file, '--offline'], PFX_PASSWORD)
    const ids = ['--tenant', 'contoso.com', '--client-id', '9a1b2c3d-0000-4000-8000-000000000001', '--mailbox', 'a@contoso.com']
    // A wrong password goes the error path: the message names the problem, never the password.
    await runAllFormats('pfx-env-wrong', ['check', '--offline', ...ids], `${PFX_PASSWORD}-wrong`, {env: {AZURE_CLIENT_CERTIFICATE_PATH: pfx, AZURE_CLIENT_CERTIFICATE_PASSWORD: `${PFX_PASSWORD}-wrong`}})
    await runAllFormats('pfx-stdin', ['check', '--offline', ...ids, '--certificate', pfx, '--certificate-password-stdin'], PFX_PASSWORD, {stdin: `${PFX_PASSWORD}\n`})
  })
  it('lab, a federated token refused, and one from a file', async () => {
    // The lab mints the token: assertClean's whole-token pattern is what finds it.
    await runAllFormats('federated-refused', ['check', '--lab', 'federation-subject-case'], 'eyJ-no-such-token')
    const token = join(dir, 'token.jwt')
    writeFileSync(token, `${FEDERATED_CANARY}\n`)
    await runAllFormats('federated-file', ['check', '--offline', '--tenant', 'contoso.com', '--client-id', '9a1b2c3d-0000-4000-8000-000000000001', '--mailbox', 'a@contoso.com', '--federated-token-file', token], FEDERATED_CANARY)
  })
  it('bad input next to a secret: the error line does not echo it', async () => {
    const r = await runCli(['check', '--client-secret', CANARY, '--cloud', 'mars', '--tenant', 'contoso.com', '--client-id', 'x', '--mailbox', 'a@b.com'])
    assert.equal(r.code, 2)
    assertClean(r.stdout + r.stderr, CANARY, 'bad-input error')
  })
})
