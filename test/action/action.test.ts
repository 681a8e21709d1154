// The GitHub Action, run locally: action/run.sh with the environment GitHub gives a composite step (GITHUB_* files,
// RUNNER_TEMP, INPUT_* from action.yml's env:) against the lab, using the built CLI instead of an npm download.
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parse} from 'yaml'
import type {Report} from '../../src/core/report.js'
import {parseXml} from '../support/parse-xml.js'
import {assertValidReport, repoRoot} from '../support/validate-report.js'

interface StepResult {
  code: number | null
  stdout: string
  stderr: string
  summary: string
  outputs: Record<string, string>
  dir: string
}

/** Runs the action's step as GitHub would, in a clean environment with only what GitHub and action.yml set. */
function runStep(inputs: Record<string, string>): Promise<StepResult> {
  const dir = mkdtempSync(join(tmpdir(), 'o365doctor-action-'))
  writeFileSync(join(dir, 'summary.md'), '')
  writeFileSync(join(dir, 'output'), '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: dir, NO_COLOR: '1', CI: 'true',
    GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir, GITHUB_ACTION_PATH: repoRoot(), RUNNER_TEMP: dir,
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), GITHUB_OUTPUT: join(dir, 'output'),
    O365DOCTOR_BIN: join(repoRoot(), 'bin', 'run.js'),
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] = value
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(repoRoot(), 'action', 'run.sh')], {env, cwd: dir})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('action/run.sh did not finish in time')) }, 60_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      const outputs = Object.fromEntries(readFileSync(join(dir, 'output'), 'utf8').trim().split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
      resolve({code, stdout, stderr, summary: readFileSync(join(dir, 'summary.md'), 'utf8'), outputs, dir})
    })
  })
}

describe('GitHub Action (action/run.sh)', () => {
  it('healthy tenant: the step passes, the summary and outputs are written, the report files are there', async () => {
    const step = await runStep({lab: 'healthy', format: 'junit,html'})
    try {
      assert.equal(step.code, 0, step.stderr)
      assert.match(step.summary, /^## ✅ PASS: no problem found\. Exit code 0\./)
      assert.deepEqual({verdict: step.outputs.verdict, code: step.outputs['exit-code']}, {verdict: 'pass', code: '0'})
      const report = JSON.parse(readFileSync(step.outputs['report-path']!, 'utf8')) as Report
      assertValidReport(report)
      assert.equal(report.verdict, 'pass')
      assert.ok(existsSync(join(step.outputs['report-dir']!, 'o365doctor.html')))
      assert.doesNotThrow(() => parseXml(readFileSync(join(step.outputs['report-dir']!, 'o365doctor.junit.xml'), 'utf8')))
      assert.match(step.stdout, /✓ PASS/, 'the table goes to the job log')
      // Untrusted text (the table) is printed with workflow commands paused, and they are resumed after it.
      const pause = /^::stop-commands::([0-9a-f]{32})$/m.exec(step.stdout)
      assert.ok(pause, 'commands paused')
      assert.ok(step.stdout.indexOf(`\n::${pause[1]}::\n`) > step.stdout.indexOf('✓ PASS'), 'resumed after the table')
    } finally {
      rmSync(step.dir, {recursive: true, force: true})
    }
  })

  it('wrong object ID: the step fails with exit code 1 and the summary names the cause and its fix', async () => {
    const step = await runStep({lab: 'wrong-object-id', 'client-secret': 'Qx8~labSecretValue.For.Tests-0001'})
    try {
      assert.equal(step.code, 1)
      assert.equal(step.outputs.verdict, 'fail')
      assert.equal(step.outputs['exit-code'], '1')
      assert.match(step.summary, /^## ❌ FAIL/)
      assert.match(step.summary, /`exchange\.service-principal-wrong-object-id`/)
      assert.match(step.summary, /```powershell\n[^`]*New-ServicePrincipal/)
      // An annotation on the run's page names the cause.
      assert.match(step.stdout, /^::error title=o365doctor exchange\.service-principal-wrong-object-id::New-ServicePrincipal was given /m)
      // The secret input went through the environment, never into the summary, the log or a report.
      for (const text of [step.summary, step.stdout, step.stderr, readFileSync(step.outputs['report-path']!, 'utf8')])
        assert.ok(!text.includes('labSecretValue'))
    } finally {
      rmSync(step.dir, {recursive: true, force: true})
    }
  })

  it('unusable input: exit code 2, verdict error, and the summary says why', async () => {
    const step = await runStep({lab: 'healthy', 'fail-on': 'new'})
    try {
      assert.equal(step.code, 2)
      assert.equal(step.outputs.verdict, 'error')
      assert.equal(step.outputs['report-path'], '')
      assert.match(step.summary, /o365doctor could not run \(exit code 2\)[\s\S]*--fail-on new: needs --baseline/)
    } finally {
      rmSync(step.dir, {recursive: true, force: true})
    }
  })

  it('action.yml: composite, every input reaches the script, every output comes from it', () => {
    const action = parse(readFileSync(join(repoRoot(), 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>; outputs: Record<string, {value: string}>; runs: {using: string; steps: {id: string; run: string; env: Record<string, string>}[]}
    }
    const script = readFileSync(join(repoRoot(), 'action', 'run.sh'), 'utf8')
    assert.equal(action.runs.using, 'composite')
    const step = action.runs.steps.find((s) => s.id === 'run')!
    assert.match(step.run, /action\/run\.sh/)
    for (const name of Object.keys(action.inputs)) {
      const variable = `INPUT_${name.toUpperCase().replace(/-/g, '_')}`
      assert.equal(step.env[variable], `\${{ inputs.${name} }}`, `${name} is passed`)
      assert.ok(script.includes(variable), `run.sh reads ${variable}`)
    }
    for (const variable of script.match(/INPUT_[A-Z_]+/g) ?? []) assert.ok(variable in step.env, `${variable} is an input`)
    for (const [name, output] of Object.entries(action.outputs)) {
      assert.equal(output.value, `\${{ steps.run.outputs.${name} }}`)
      assert.ok(script.includes(`echo "${name}=`), `run.sh writes ${name}`)
    }
    for (const required of ['config', 'product', 'protocols', 'mailbox', 'format', 'waivers', 'baseline', 'wait', 'fail-on', 'client-secret', 'certificate', 'federated'])
      assert.ok(required in action.inputs, required)
  })
})
