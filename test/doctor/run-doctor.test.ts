// The doctor end to end on plain checks (no lab, no spawn): what a gate reads from the verdict and exit code when a
// check times out, fails with nothing to explain it, or was left out with --offline.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import type {Check} from '../../src/checks/check.js'
import {inputErrorJson, InputError} from '../../src/core/input-error.js'
import {LIVE_CHECKS} from '../../src/doctor/check-list.js'
import {defaultRunOptions, runDoctor} from '../../src/doctor/run-doctor.js'
import {exitCodeFor} from '../../src/report/build-report.js'
import {mergeSettings} from '../../src/settings/load-settings.js'
import {assertValidReport} from '../support/validate-report.js'

const loaded = mergeSettings([{source: 'flag', nameOf: (k) => k, values: {
  tenant: 'contoso.onmicrosoft.com', clientId: '9a1b2c3d-0000-4000-8000-000000000001', clientSecret: 'Qx8~doctor.secret-0001', mailbox: 'sender@contoso.com',
}}])
const doctor = (checks: Check[], extra: {notRun?: {checks: readonly Check[]; because: string}} = {}) =>
  runDoctor({loaded, checks, options: defaultRunOptions({timeoutMs: 50}), version: '0.0.0-test', ...extra})

const pass: Check = {id: 'config.values', title: 'values', run: async () => ({status: 'pass', summary: 'fine'})}
const hang: Check = {id: 'token.acquire', title: 'token', run: (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))))}

describe('runDoctor: verdicts a gate can trust', () => {
  it('a check that timed out makes the run incomplete (exit 3), never pass', async () => {
    const report = await doctor([pass, hang])
    assertValidReport(report)
    assert.equal(report.checks.find((c) => c.id === 'token.acquire')!.status, 'error')
    assert.equal(report.verdict, 'incomplete')
    assert.equal(exitCodeFor(report), 3)
  })

  it('a found error still fails (exit 1) when another check timed out', async () => {
    const failing: Check = {id: 'graph.access', title: 'graph', run: async () => ({status: 'fail', summary: 'HTTP 418 teapot'})}
    const report = await doctor([pass, hang, failing])
    assertValidReport(report)
    assert.equal(report.verdict, 'fail')
    assert.equal(exitCodeFor(report), 1)
    assert.deepEqual(report.causes.map((c) => [c.id, c.checks]), [['check.unexplained-failure', ['graph.access']]])
    assert.deepEqual(report.checks.find((c) => c.id === 'graph.access')!.causes, ['check.unexplained-failure'])
  })

  it('--offline lists every live check as not run', async () => {
    const report = await doctor([pass], {notRun: {checks: LIVE_CHECKS, because: '--offline'}})
    assertValidReport(report)
    const notRun = report.checks.filter((c) => c.status === 'skip')
    assert.ok(notRun.some((c) => c.id === 'token.acquire') && notRun.some((c) => c.id === 'smtp.login'), notRun.map((c) => c.id).join(', '))
    assert.ok(notRun.every((c) => c.summary === 'not run: --offline'))
    assert.ok(!notRun.some((c) => c.id === 'exchange.evidence'), 'a check that would not apply is not listed')
    assert.equal(report.summary.skip, notRun.length)
  })
})

describe('inputErrorJson', () => {
  it('names the input and its code, as the contract shows', () => {
    assert.deepEqual(inputErrorJson(new InputError('--smtp-port', 'not a port'), '--smtp-port: not a port'),
      {schemaVersion: '1', error: {code: 'input.smtp-port', message: '--smtp-port: not a port', input: '--smtp-port'}})
    assert.equal(inputErrorJson(new InputError('AZURE_CLIENT_ID', 'not a GUID'), 'm').error.code, 'input.azure-client-id')
    assert.equal(inputErrorJson(new InputError('settings.yaml:3:1', 'bad'), 'm').error.code, 'input.file')
    assert.equal(inputErrorJson(new InputError('clientSecret', 'missing'), 'm').error.code, 'input.client-secret')
    assert.equal(inputErrorJson(new InputError('smtp.port', 'not a port'), 'm').error.code, 'input.smtp-port')
    const oclif = Object.assign(new Error('Parsing --smtp-port\n\tExpected an integer but received: abc\nSee more help with --help'), {oclif: {exit: 2}})
    assert.deepEqual(inputErrorJson(oclif, 'Parsing --smtp-port Expected an integer but received: abc').error,
      {code: 'input.smtp-port', message: 'Parsing --smtp-port Expected an integer but received: abc', input: '--smtp-port'})
    assert.equal(inputErrorJson(new Error('Unexpected argument: x'), 'Unexpected argument: x').error.code, 'input.arguments')
  })
})
