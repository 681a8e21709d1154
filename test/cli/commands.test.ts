// The commands end to end, as a support engineer or a CI job runs them: exit codes, JSON, lab list/serve.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {listBuiltInScenarios} from '../../src/lab/scenario/load-scenario.js'
import {runCli} from '../support/cli.js'
import {assertValidReport, repoRoot} from '../support/validate-report.js'

describe('check: exit codes a pipeline can trust', () => {
  it('healthy lab → 0, and --json is a valid report', async () => {
    const r = await runCli(['check', '--lab', 'healthy', '--json'])
    assert.equal(r.code, 0, r.stderr)
    const report = JSON.parse(r.stdout)
    assertValidReport(report)
    assert.equal(report.verdict, 'pass')
  })
  it('an error cause → 1', async () => {
    const r = await runCli(['check', '--lab', 'wrong-secret'])
    assert.equal(r.code, 1)
    assert.match(r.stdout, /token\.invalid-secret/)
    assert.match(r.stdout, /AADSTS7000215/)
  })
  it('a warning → 0, or 1 with --fail-on warn', async () => {
    assert.equal((await runCli(['check', '--lab', 'secret-expiring'])).code, 0)
    assert.equal((await runCli(['check', '--lab', 'secret-expiring', '--fail-on', 'warn'])).code, 1)
  })
  it('--offline sends nothing: a lab-less settings check finishes with only config.* checks', async () => {
    const r = await runCli(['check', '--config', join(repoRoot(), 'examples', 'settings.yaml'), '--offline', '--json'])
    assert.equal(r.code, 0, r.stderr)
    const report = JSON.parse(r.stdout)
    // Only config.* ran; every live check is listed as not run, so nobody reads the PASS as "mail works".
    const notRun = report.checks.filter((c: {id: string}) => !c.id.startsWith('config.'))
    assert.ok(notRun.length > 0 && notRun.every((c: {status: string; summary: string}) => c.status === 'skip' && /^not run: --offline/.test(c.summary)), JSON.stringify(notRun))
    assert.ok(notRun.some((c: {id: string}) => c.id === 'token.acquire') && notRun.some((c: {id: string}) => c.id === 'smtp.login'))
    assert.equal(report.target.sources.clientSecret, 'file')
  })
})

describe('lab commands', () => {
  it('lab list: one line per built-in scenario', async () => {
    const r = await runCli(['lab', 'list'])
    assert.equal(r.code, 0)
    const lines = r.stdout.trim().split('\n')
    assert.equal(lines.length, listBuiltInScenarios().length)
    assert.ok(lines.some((l) => /^healthy\s+\S/.test(l)))
  })
  it('lab serve: prints endpoints and the CA file, stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'run.js'), 'lab', 'serve', 'healthy'], {env: {...process.env, NO_COLOR: '1'}})
    let out = ''
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`lab serve not ready: ${out}`)), 15_000)
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        if (out.includes('Ctrl+C')) { clearTimeout(timer); resolve() }
      })
    })
    await ready
    assert.match(out, /smtp\.office365\.com:587 -> 127\.0\.0\.1:\d+/)
    assert.match(out, /CA certificate: \S+\.pem/)
    assert.ok(!out.includes('Qx8~labSecretValue'), 'the lab secret is masked')
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    child.kill('SIGINT')
    const code = await Promise.race([exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('lab serve did not stop')), 10_000))])
    assert.equal(code, 0)
    assert.match(out, /Lab stopped/)
  })
})

describe('explain and decode', () => {
  it('explain finds the root cause in a log and exits 1', async () => {
    const log = 'MSAL error: invalid_client: Error(s): 7000215 - Timestamp: 2026-01-01 10:00:00Z - Description: AADSTS7000215: Invalid client secret provided.\nSMTP: 535 5.7.3 Authentication unsuccessful'
    const r = await runCli(['explain', '--json'], {stdin: log})
    assert.equal(r.code, 1, r.stderr)
    const result = JSON.parse(r.stdout)
    assert.equal(result.causes[0].id, 'token.invalid-secret')
  })
  it('explain says so plainly for unknown text and exits 0', async () => {
    const r = await runCli(['explain', 'the printer is out of paper'])
    assert.equal(r.code, 0)
    assert.match(r.stdout, /no Microsoft 365 mail\/auth failure recognised/i)
  })
  it('decode judges an XOAUTH2 string without printing the token back', async () => {
    const payload = Buffer.from(JSON.stringify({aud: 'https://graph.microsoft.com', tid: '3f0c8a52-1b6e-4c1e-9a57-2d3c4b5a6f70', idtyp: 'app', roles: ['Mail.Send'], exp: 4102444800})).toString('base64url')
    const token = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${payload}.c2lnbmF0dXJlc2lnbmF0dXJl`
    const blob = Buffer.from(`user=a@contoso.com\x01auth=Bearer ${token}\x01\x01`).toString('base64')
    const r = await runCli(['decode', '--json', blob])
    assert.equal(r.code, 1, r.stderr)
    assert.ok(!r.stdout.includes(payload) && !r.stdout.includes(blob), 'token not echoed')
    assert.match(r.stdout, /claims\.wrong-audience/)
  })
})
