// lab.switchTo (lab-scenario.md "Additions"): the target is read with the scenario, relative to its file, and the
// running lab takes the target's tenant state after afterMs.
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {listBuiltInScenarios, loadScenarioFile, parseScenario, resolveScenario, ScenarioError} from '../../src/lab/scenario/load-scenario.js'
import {startLab} from '../../src/lab/start-lab.js'

const TENANT = `tenant: {id: 3f0c8a52-1b6e-4c1e-9a57-2d3c4b5a6f70}
applications:
  - appId: 9a1b2c3d-0000-4000-8000-000000000001
    permissions: [{name: SMTP.SendAsApp, consented: CONSENTED}]
client: {clientId: 9a1b2c3d-0000-4000-8000-000000000001}
`

describe('lab.switchTo', () => {
  it('the built-in propagating-consent switches to a target in a subfolder that lab list does not show', async () => {
    const s = await resolveScenario('propagating-consent')
    assert.equal(s.lab.switchTo?.scenario, 'propagating/consent-granted.yaml')
    assert.ok(s.lab.switchTo!.afterMs >= 1000)
    assert.ok(s.applications[0]!.permissions.some((p) => p.api === 'exchange' && !p.consented))
    assert.ok(s.lab.switchTo!.target.applications[0]!.permissions.every((p) => p.consented))
    assert.equal(s.lab.switchTo!.target.tenant.id, s.tenant.id, 'the same tenant, once the fix took effect')
    assert.ok(!listBuiltInScenarios().some((b) => b.name.includes('consent-granted')))
  })

  it('names file and line when the target is missing, and refuses a target that switches again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o365doctor-switch-'))
    try {
      const main = join(dir, 'main.yaml')
      writeFileSync(main, `${TENANT.replace('CONSENTED', 'false')}lab:\n  switchTo: {afterMs: 10, scenario: later.yaml}\n`)
      await assert.rejects(loadScenarioFile(main), (e: unknown) => e instanceof ScenarioError && /main\.yaml:7:\d+: lab\.switchTo\.scenario names .*later\.yaml, which cannot be read \(ENOENT\)/.test(e.message))
      writeFileSync(join(dir, 'later.yaml'), `${TENANT.replace('CONSENTED', 'true')}lab:\n  switchTo: {afterMs: 10, scenario: main.yaml}\n`)
      await assert.rejects(loadScenarioFile(main), (e: unknown) => e instanceof ScenarioError && /later\.yaml:7:\d+: lab\.switchTo is not allowed in a scenario that is itself a switchTo target/.test(e.message))
      writeFileSync(join(dir, 'later.yaml'), TENANT.replace('CONSENTED', 'true'))
      const ok = await loadScenarioFile(main)
      assert.equal(ok.lab.switchTo!.target.applications[0]!.permissions[0]!.consented, true)
      // Text without a file has nothing to resolve the path against.
      assert.throws(() => parseScenario(`${TENANT.replace('CONSENTED', 'false')}lab:\n  switchTo: {afterMs: 10, scenario: later.yaml}\n`, 'inline'), /cannot be resolved/)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('the running lab answers as the target after afterMs, not before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o365doctor-switch-'))
    const lines: string[] = []
    try {
      const main = join(dir, 'main.yaml')
      writeFileSync(main, `${TENANT.replace('CONSENTED', 'false')}lab:\n  switchTo: {afterMs: 300, scenario: later.yaml}\n`)
      writeFileSync(join(dir, 'later.yaml'), TENANT.replace('CONSENTED', 'true'))
      const lab = await startLab(await loadScenarioFile(main), {mail: false, log: (l) => lines.push(l)})
      try {
        assert.equal(lab.scenario.applications[0]!.permissions[0]!.consented, false)
        await new Promise((resolve) => setTimeout(resolve, 450))
        assert.equal(lab.scenario.applications[0]!.permissions[0]!.consented, true)
        assert.ok(lines.some((l) => /switched to later\.yaml after 300 ms/.test(l)), lines.join('\n'))
      } finally {
        await lab.close()
      }
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
