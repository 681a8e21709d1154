// `check` as a function of plain inputs (check-run.ts, fleet-run.ts): flags, an environment and a standard-input
// reader go in, a report comes back; nothing is printed and no exit code is set (that is the command's output step).
// --offline, so no lab and no network: static checks only.
import assert from 'node:assert/strict'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {InputError} from '../../src/core/input-error.js'
import type {CheckFlags} from '../../src/doctor/check-inputs.js'
import {runCheck} from '../../src/doctor/check-run.js'
import {runFleetCheck} from '../../src/doctor/fleet-run.js'

const flags = (extra: Partial<CheckFlags>): CheckFlags => ({
  'client-secret-stdin': false, offline: true, 'send-test': false, 'secret-warning-days': 30, timeout: 10, format: 'table',
  'fail-on': 'error', verbose: false, ...extra,
})
const IDS = {AZURE_TENANT_ID: 'contoso.onmicrosoft.com', AZURE_CLIENT_ID: '9a1b2c3d-0000-4000-8000-000000000001'}

/** The value of `run`, and whatever it wrote to stdout meanwhile (a run must write nothing). */
async function quiet<T>(run: () => Promise<T>): Promise<{value: T; written: string}> {
  let written = ''
  const write = process.stdout.write
  process.stdout.write = ((chunk: string | Uint8Array) => { written += String(chunk); return true }) as typeof process.stdout.write
  try {
    return {value: await run(), written}
  } finally {
    process.stdout.write = write
  }
}

describe('runCheck: one target from plain inputs', () => {
  it('reads the environment it is given, the secret through the reader it is given, and prints nothing', async () => {
    const asked: string[] = []
    const exitCode = process.exitCode
    const {value: report, written} = await quiet(() => runCheck(flags({mailbox: 'sender@contoso.com', 'client-secret-stdin': true}), {
      env: IDS, version: '0.0.0-test', readSecret: async (flag) => { asked.push(flag); return 'Qx8~stdin.secret-0001' },
    }))
    assert.deepEqual(asked, ['--client-secret-stdin'])
    assert.equal(report.target.tenant, 'contoso.onmicrosoft.com')
    assert.equal(report.target.sources?.tenant, 'env')
    assert.equal(report.target.sources?.clientSecret, 'flag')
    assert.equal(report.target.sources?.mailbox, 'flag')
    assert.ok(report.checks.some((c) => c.summary.startsWith('not run: --offline')))
    assert.equal(written, '')
    assert.equal(process.exitCode, exitCode)
  })

  it('a flag overrides the environment (later wins)', async () => {
    const report = await runCheck(flags({tenant: 'fabrikam.onmicrosoft.com', mailbox: 'a@fabrikam.com', 'client-secret': 'Qx8~flag.secret-0001'}), {
      env: IDS, version: '0.0.0-test', readSecret: async () => assert.fail('no *-stdin flag was given'),
    })
    assert.equal(report.target.tenant, 'fabrikam.onmicrosoft.com')
    assert.equal(report.target.sources?.tenant, 'flag')
    assert.equal(report.target.sources?.clientId, 'env')
  })

  it('both *-stdin flags are refused before standard input is read', async () => {
    await assert.rejects(runCheck(flags({mailbox: 'a@contoso.com', 'client-secret-stdin': true, 'certificate-password-stdin': true}), {
      env: IDS, version: '0.0.0-test', readSecret: async () => assert.fail('standard input was read'),
    }), (e: unknown) => e instanceof InputError && /AZURE_CLIENT_CERTIFICATE_PASSWORD/.test(e.message))
  })
})

describe('runFleetCheck: a fleet from plain inputs', () => {
  it('each target\'s secret by reference from the given environment; AZURE_* is not read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o365-fleet-run-'))
    const targets = join(dir, 'targets.yaml')
    writeFileSync(targets, `defaults:\n  tenant: contoso.onmicrosoft.com\n  clientId: 9a1b2c3d-0000-4000-8000-000000000001\ntargets:\n  - {mailbox: a@contoso.com, clientSecretEnv: A_SECRET}\n  - b@contoso.com\n`)
    const {value: run, written} = await quiet(() => runFleetCheck({...flags({}), targets}, {
      env: {A_SECRET: 'Qx8~fleet.secret-0001', AZURE_CLIENT_SECRET: 'Qx8~ambient-0002'}, version: '0.0.0-test', readSecret: async () => assert.fail('no *-stdin flag was given'),
    }))
    assert.deepEqual(run.targets.map((t) => [t.name, t.outcome === 'input-error']), [['a@contoso.com', false], ['b@contoso.com', true]])
    assert.match(run.targets[1]!.inputError ?? '', /credential/)
    assert.equal(written, '')
  })
})
