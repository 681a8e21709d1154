// With password authentication, the doctor reads the security-defaults policy from Graph (Policy.Read.All,
// §8.3.3); without the permission it says what would tell; with OAuth the check does not run at all (§8.3.2).
import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {decideSecurityDefaults} from '../../src/checks/graph/security-defaults.js'
import {runLabCheck} from '../support/lab-check.js'

const dir = mkdtempSync(join(tmpdir(), 'o365doctor-secdef-'))

function tenant(securityDefaults: boolean, policyRead: boolean): string {
  let text = readFileSync(join('scenarios', 'healthy.yaml'), 'utf8').replace('  cloud: global\n', `  cloud: global\n  securityDefaults: ${securityDefaults}\n`)
  if (policyRead) {
    text = text.replace('      - { api: graph, name: Application.Read.All, type: application, consented: true }\n',
      '      - { api: graph, name: Application.Read.All, type: application, consented: true }\n      - { api: graph, name: Policy.Read.All, type: application, consented: true }\n')
  }
  const file = join(dir, `t-${securityDefaults}-${policyRead}.yaml`)
  writeFileSync(file, text)
  return file
}

describe('security defaults', () => {
  it('decides on isEnabled only', () => {
    assert.equal(decideSecurityDefaults({ok: true, value: {isEnabled: true}}), 'on')
    assert.equal(decideSecurityDefaults({ok: true, value: {isEnabled: false}}), 'off')
    assert.equal(decideSecurityDefaults({ok: true, value: {}}), 'not-checked')
    assert.equal(decideSecurityDefaults({ok: false, failure: {status: 403, code: 'Authorization_RequestDenied', message: ''}}), 'not-checked')
  })
  it('--auth basic, security defaults on, Policy.Read.All: named as what blocks the password login', async () => {
    const report = await runLabCheck(tenant(true, true), {flags: {auth: 'basic'}})
    const check = report.checks.find((c) => c.id === 'graph.security-defaults')!
    assert.equal(check.status, 'fail')
    const cause = report.causes.find((c) => c.id === 'config.basic-auth')!
    assert.ok(cause.checks.includes('graph.security-defaults'))
  })
  it('--auth basic without Policy.Read.All: not checked, naming the permission', async () => {
    const report = await runLabCheck(tenant(true, false), {flags: {auth: 'basic'}})
    const check = report.checks.find((c) => c.id === 'graph.security-defaults')!
    assert.equal(check.status, 'warn')
    assert.match(check.summary, /Policy\.Read\.All/)
  })
  it('OAuth: security defaults on change nothing and are never checked', async () => {
    const report = await runLabCheck(tenant(true, true), {sendTest: true})
    assert.equal(report.checks.find((c) => c.id === 'graph.security-defaults'), undefined)
    assert.equal(report.verdict, 'pass')
  })
})
