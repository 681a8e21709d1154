// End to end through the built CLI (build first: npx tsc -p tsconfig.json, or npm run build for the manifest):
// `check --product … --lab …` and `--config` in a product's field names, and `o365doctor products`.
import assert from 'node:assert/strict'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import type {Report} from '../../src/core/report.js'
import {runCli} from '../support/cli.js'
import {assertValidReport, repoRoot} from '../support/validate-report.js'

// From the repository, so the compiled copy under dist/ finds the YAML too.
const FIXTURES = join(repoRoot(), 'test', 'products', 'fixtures')

describe('o365doctor check --product (built CLI)', () => {
  it('check --product enaio --lab enaio-send-as-denied --send-test: SendAsDenied, fixed in enaio\'s words, exit 1', async () => {
    const r = await runCli(['check', '--product', 'enaio', '--lab', 'enaio-send-as-denied', '--send-test', '--json'])
    assert.equal(r.code, 1, r.stderr)
    const report = JSON.parse(r.stdout) as Report
    assertValidReport(report)
    assert.equal(report.target.product?.id, 'enaio')
    assert.deepEqual(report.causes.map((c) => c.id), ['exchange.send-as-denied'])
    assert.match(report.causes[0]!.remediation.steps[0]!, /"Send as permissions", tick the SMTP administrator user account enaio-smtp@contoso\.com/)
    assert.ok(!r.stdout.includes('Qx8~labSecretValue'), 'no secret in the output')
  })

  it('check --product ebiss3 --config <eBiss3 field names> --offline: a clean static run', async () => {
    const r = await runCli(['check', '--product', 'ebiss3', '--config', join(FIXTURES, 'ebiss3.yaml'), '--offline', '--json'])
    assert.equal(r.code, 0, r.stderr)
    const report = JSON.parse(r.stdout) as Report
    assert.deepEqual(report.target.protocols, ['smtp', 'pop'])
    assert.equal(report.target.sources?.clientId, 'file')
  })

  it('an unknown key in a product file: exit 2 with file:line:col', async () => {
    const r = await runCli(['check', '--product', 'ebiss3', '--config', join(FIXTURES, 'ebiss3-unknown-key.yaml'), '--offline'])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /ebiss3-unknown-key\.yaml:5:3: unknown eBiss3 'SMTP Send' field "Hostname"/)
  })

  it('o365doctor products lists the five, one line each', async () => {
    const r = await runCli(['products'])
    assert.equal(r.code, 0, r.stderr)
    const lines = r.stdout.trim().split('\n')
    assert.equal(lines.length, 5)
    assert.match(lines.find((l) => l.startsWith('ebiss3'))!, /eBiss3\s+SMTP \+ POP3\s+Client ID vs Tenant ID/)
    assert.match(lines.find((l) => l.startsWith('highstage'))!, /IMAP and\/or POP3/)
  })
})
