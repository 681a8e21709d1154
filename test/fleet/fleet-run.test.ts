// The fleet runner on plain data (a stub doctor): file order kept, concurrency bounded overall and per mailbox,
// a target with unusable settings is an input-error result and the others still run, the run's exit code.
// Then ONE lab run through the CLI: four targets (two healthy, one broken, one input-error), the per-target
// outcomes, one token request per audience for the whole fleet, and the exit code.
import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import type {Report} from '../../src/core/report.js'
import {defaultConcurrency, runFleet} from '../../src/fleet/run-fleet.js'
import {parseTargetsText} from '../../src/fleet/targets-file.js'
import type {FleetRun} from '../../src/fleet/types.js'
import {fleetProgressLine} from '../../src/progress/fleet-progress.js'
import {runCli} from '../support/cli.js'
import {repoRoot} from '../support/validate-report.js'

const DEFAULTS = 'defaults: {tenant: contoso.onmicrosoft.com, clientId: 9a1b2c3d-0000-4000-8000-000000000001, clientSecretEnv: S}\n'

describe('runFleet', () => {
  it('keeps file order, bounds concurrency (overall and 3 per mailbox), and an input error does not stop the run', async () => {
    const mailboxes = Array.from({length: 30}, (_, i) => (i % 2 ? `same@contoso.com` : `m${i}@contoso.com`))
    const file = parseTargetsText(`${DEFAULTS}targets:\n${mailboxes.map((m) => `  - ${m}\n`).join('')}  - {mailbox: x@contoso.com, clientSecretEnv: UNSET}\n`, '/t.yaml')
    let running = 0
    let peak = 0
    const perMailbox = new Map<string, number>()
    let peakSame = 0
    const run = await runFleet({
      file, concurrency: 8, failOn: 'error', version: 't', counts: () => ({tokenRequests: 0, graphReads: 0}),
      base: {flags: {source: 'flag', nameOf: (k) => k, values: {}}, env: {S: 'Qx8~s'}, offline: false},
      async runTarget({loaded}) {
        const m = loaded.settings.mailbox!
        running++
        perMailbox.set(m, (perMailbox.get(m) ?? 0) + 1)
        peak = Math.max(peak, running)
        peakSame = Math.max(peakSame, perMailbox.get('same@contoso.com') ?? 0)
        await new Promise((r) => setTimeout(r, 3))
        running--
        perMailbox.set(m, perMailbox.get(m)! - 1)
        return {verdict: m === 'm4@contoso.com' ? 'fail' : 'pass'} as Report
      },
    })
    assert.ok(peak <= 8 && peak >= 4, `peak ${peak}`)
    assert.ok(peakSame <= 3, `same mailbox ${peakSame} at once`)
    assert.deepEqual(run.targets.map((t) => t.index), Array.from({length: 31}, (_, i) => i))
    assert.equal(run.targets[4]!.outcome, 'fail')
    assert.equal(run.targets[30]!.outcome, 'input-error')
    assert.match(run.targets[30]!.inputError!, /clientSecretEnv UNSET/)
    assert.equal(run.targets[30]!.report, undefined)
    assert.equal(run.exitCode, 1, 'a found error outranks an input error')
  })

  it('takes only its shard, and names what it took', async () => {
    const file = parseTargetsText(`${DEFAULTS}targets: [a@x.com, b@x.com, c@x.com, d@x.com, e@x.com]\n`, '/t.yaml')
    const run = await runFleet({
      file, shard: {index: 2, count: 2}, concurrency: 2, failOn: 'warn', version: 't', counts: () => ({tokenRequests: 0, graphReads: 0}),
      base: {flags: {source: 'flag', nameOf: (k) => k, values: {}}, env: {S: 'Qx8~s'}, offline: false},
      runTarget: async () => ({verdict: 'warn'}) as Report,
    })
    assert.deepEqual(run.targets.map((t) => t.name), ['b@x.com', 'd@x.com'])
    assert.equal(run.totalTargets, 5)
    assert.equal(run.exitCode, 1, '--fail-on warn')
  })

  it('sizes concurrency to the machine, within 1..48; progress is one line', () => {
    assert.deepEqual([1, 2, 4, 64].map(defaultConcurrency), [24, 48, 48, 48])
    assert.equal(fleetProgressLine({total: 100, done: 12, failing: 3}), '12/100 targets, 3 failing')
    assert.equal(fleetProgressLine({total: 100, done: 12, failing: 0}), '12/100 targets')
  })
})

describe('a small fleet against the lab (one CLI run)', () => {
  it('per-target outcomes, one token request per audience, the worst exit code, no secret in the output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o365-fleet-'))
    const healthy = readFileSync(join(repoRoot(), 'scenarios', 'healthy.yaml'), 'utf8')
    const mailbox = (address: string, imap = true) =>
      `    - {address: ${address}, smtpClientAuthenticationDisabled: null, imapEnabled: ${imap}, popEnabled: true, fullAccess: [Mailer], sendAs: []}\n`
    const scenario = healthy.replace(/ {2}mailboxes:\n( {4}.*\n)+/, `  mailboxes:\n${mailbox('sender@contoso.com')}${mailbox('second@contoso.com')}${mailbox('imapoff@contoso.com', false)}`)
    assert.notEqual(scenario, healthy)
    writeFileSync(join(dir, 'fleet.yaml'), scenario.replace(/expect:[\s\S]*$/, ''))
    writeFileSync(join(dir, 'targets.yaml'), [
      'defaults: {protocols: [smtp, imap]}', 'targets:', '  - sender@contoso.com', '  - {name: second, mailbox: second@contoso.com}',
      '  - imapoff@contoso.com', '  - {name: no-secret, mailbox: sender@contoso.com, clientSecretEnv: FLEET_TEST_UNSET}', '',
    ].join('\n'))
    const r = await runCli(['check', '--lab', join(dir, 'fleet.yaml'), '--targets', join(dir, 'targets.yaml'), '--json'], {timeoutMs: 60_000})
    const run = JSON.parse(r.stdout) as FleetRun
    assert.deepEqual(run.targets.map((t) => [t.name, t.outcome]), [['sender@contoso.com', 'pass'], ['second', 'pass'], ['imapoff@contoso.com', 'fail'], ['no-secret', 'input-error']])
    assert.ok(run.targets[2]!.report!.causes.some((c) => c.id === 'exchange.imap-disabled'), JSON.stringify(run.targets[2]!.report!.causes.map((c) => c.id)))
    assert.equal(run.shared.tokenRequests, 2, 'one Exchange token and one Graph token for three targets of one app')
    assert.equal(run.exitCode, 1)
    assert.equal(r.code, 1)
    assert.doesNotMatch(r.stdout + r.stderr, /Qx8~labSecretValue/)
  })
})
