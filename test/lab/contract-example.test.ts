// A scenario written by someone else: the example in the contract itself (../shared/spec/lab-scenario.md) loads and
// the doctor runs against it without code changes.
import assert from 'node:assert/strict'
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {loadScenarioFile} from '../../src/lab/scenario/load-scenario.js'
import {runLabCheck} from '../support/lab-check.js'
import {assertValidReport, repoRoot} from '../support/validate-report.js'

const CONTRACT = join(repoRoot(), '..', 'shared', 'spec', 'lab-scenario.md')

describe('the contract\'s own example scenario', {skip: existsSync(CONTRACT) ? false : `no ${CONTRACT}`}, () => {
  const yamlBlock = readFileSync(CONTRACT, 'utf8').match(/```yaml\n([\s\S]*?)```/)?.[1]
  const file = join(mkdtempSync(join(tmpdir(), 'o365doctor-contract-')), 'contract-example.yaml')

  it('loads as written', async () => {
    assert.ok(yamlBlock, 'the contract has a yaml block')
    writeFileSync(file, yamlBlock)
    const scenario = await loadScenarioFile(file)
    assert.equal(scenario.name, 'wrong-object-id')
    assert.equal(scenario.exchange.rbacForApplications.length, 1)
  })

  it('runs through the doctor: the wrong object ID is found from what the lab answers', async () => {
    const report = await runLabCheck(file)
    assertValidReport(report)
    const ids = report.causes.map((c) => c.id)
    // The example: New-ServicePrincipal got the app registration's object ID (client.exchangeObjectId says so),
    // IMAP.AccessAsApp has no consent, and SMTP works through RBAC for Applications.
    assert.ok(ids.includes('exchange.service-principal-wrong-object-id'), ids.join(', '))
    assert.ok(ids.some((id) => id === 'graph.consent-missing' || id === 'claims.missing-role'), ids.join(', '))
    assert.equal(report.checks.find((c) => c.id === 'smtp.login')?.status, 'pass', 'SMTP through RBAC')
  })
})
