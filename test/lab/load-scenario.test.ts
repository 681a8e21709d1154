import assert from 'node:assert/strict'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {CAUSE_IDS} from '../../src/core/cause-ids.js'
import {
  listBuiltInScenarios,
  loadScenarioFile,
  parseScenario,
  resolveScenario,
  ScenarioError,
} from '../../src/lab/scenario/load-scenario.js'

const MINIMAL = `tenant:
  id: 3F0C8A52-1b6e-4c1e-9a57-2d3c4b5a6f70
applications:
  - appId: 9a1b2c3d-0000-4000-8000-000000000001
client:
  tenant: contoso.onmicrosoft.com
`

function errorOf(text: string): ScenarioError {
  try {
    parseScenario(text, 'scenarios/x.yaml')
  } catch (error) {
    assert.ok(error instanceof ScenarioError, `expected a ScenarioError, got ${String(error)}`)
    return error
  }
  throw new Error('expected the scenario to be rejected')
}

describe('scenario loader: defaults', () => {
  const now = new Date('2026-01-01T00:00:00Z')
  const s = parseScenario(MINIMAL, 'scenarios/minimal.yaml', {now})

  it('names the scenario after the file and normalises IDs', () => {
    assert.equal(s.name, 'minimal')
    assert.equal(s.description, '')
    assert.equal(s.source, 'scenarios/minimal.yaml')
    assert.equal(s.tenant.id, '3f0c8a52-1b6e-4c1e-9a57-2d3c4b5a6f70')
  })

  it('gives the tenant its neutral defaults', () => {
    assert.deepEqual(s.tenant, {
      id: '3f0c8a52-1b6e-4c1e-9a57-2d3c4b5a6f70',
      domains: [],
      cloud: 'global',
      exchangeOnline: true,
      smtpClientAuthenticationDisabled: false,
      conditionalAccessBlocksApps: false,
    })
  })

  it('derives stable object IDs for an application that gives only its appId', () => {
    const app = s.applications[0]!
    assert.equal(app.displayName, 'Mailer')
    assert.match(app.objectId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    assert.notEqual(app.objectId, app.servicePrincipalId)
    assert.equal(parseScenario(MINIMAL, 'other.yaml').applications[0]!.servicePrincipalId, app.servicePrincipalId)
    assert.equal(app.servicePrincipalEnabled, true)
    assert.equal(app.publicClient, false)
    assert.deepEqual(app.secrets, [])
    assert.deepEqual(app.permissions, [])
  })

  it('starts Exchange empty, the lab knobs at zero, and keeps the client as typed', () => {
    assert.deepEqual(s.exchange, {servicePrincipals: [], rbacForApplications: [], mailboxes: []})
    assert.deepEqual(s.lab, {latencyMs: 0, failureDelayMs: 0})
    assert.deepEqual(s.client, {tenant: 'contoso.onmicrosoft.com'})
    assert.equal(s.expect, undefined)
  })

  it('fills nested defaults: secret expiry, permission fields, mailbox flags, endpoint host/port/tls', () => {
    const full = parseScenario(
      `${MINIMAL}  smtp: {}
  imap: { port: 143 }
tenant_placeholder: 1
`.replace('tenant_placeholder: 1\n', ''),
      'x.yaml',
      {now},
    )
    assert.deepEqual(full.client.smtp, {host: 'smtp.office365.com', port: 587, tls: 'starttls'})
    assert.deepEqual(full.client.imap, {host: 'outlook.office365.com', port: 143, tls: 'starttls'})
    const t = parseScenario(
      `tenant: { id: 3f0c8a52-1b6e-4c1e-9a57-2d3c4b5a6f70, cloud: usgov }
applications:
  - appId: 9a1b2c3d-0000-4000-8000-000000000001
    secrets: [{ value: abc }, { value: def, expires: "+10d" }, { value: ghi, expires: "2027-06-30" }]
    permissions: [{ name: IMAP.AccessAsApp }]
exchange:
  mailboxes: [{ address: Sender@Contoso.com }]
  servicePrincipals: [{ appId: 9a1b2c3d-0000-4000-8000-000000000001, objectId: 77e08f90-0000-4000-8000-000000000003 }]
client: { pop: { host: x.example } }
`,
      'x.yaml',
      {now},
    )
    const [a, b, c] = t.applications[0]!.secrets
    assert.equal(a!.expires.toISOString(), '2028-01-01T00:00:00.000Z')
    assert.equal(b!.expires.toISOString(), '2026-01-11T00:00:00.000Z')
    assert.equal(c!.expires.toISOString(), '2027-06-30T00:00:00.000Z')
    assert.notEqual(a!.id, b!.id)
    assert.deepEqual(t.applications[0]!.permissions, [{api: 'exchange', name: 'IMAP.AccessAsApp', type: 'application', consented: true}])
    assert.deepEqual(t.exchange.mailboxes[0], {
      address: 'sender@contoso.com',
      smtpClientAuthenticationDisabled: null,
      imapEnabled: true,
      popEnabled: true,
      fullAccess: [],
      sendAs: [],
    })
    assert.equal(t.exchange.servicePrincipals[0]!.displayName, 'Mailer')
    assert.deepEqual(t.client.pop, {host: 'x.example', port: 995, tls: 'implicit'})
  })

  it('reads YAML timestamps and keeps unquoted numbers in string fields as typed', () => {
    const t = parseScenario(
      `tenant: { id: 3f0c8a52-1b6e-4c1e-9a57-2d3c4b5a6f70 }
applications:
  - appId: 9a1b2c3d-0000-4000-8000-000000000001
    secrets: [{ value: 123e4567, expires: 2027-06-30T00:00:00Z }]
client: { clientSecret: 00123 }
expect: { causes: [token.invalid-secret], verdict: fail }
`,
      'x.yaml',
    )
    assert.equal(t.applications[0]!.secrets[0]!.value, '123e4567')
    assert.equal(t.applications[0]!.secrets[0]!.expires.toISOString(), '2027-06-30T00:00:00.000Z')
    assert.equal(t.client.clientSecret, '00123')
    assert.deepEqual(t.expect, {causes: ['token.invalid-secret'], verdict: 'fail'})
  })
})

describe('scenario loader: bad input names the key path and position', () => {
  const base = (extra: string) => `${MINIMAL}${extra}`

  it('a wrong boolean', () => {
    const e = errorOf(base(`exchange:
  mailboxes:
    - address: a@contoso.com
      imapEnabled: yes
`))
    assert.equal(e.message, 'scenarios/x.yaml:10:20: exchange.mailboxes[0].imapEnabled must be true or false (got "yes")')
    assert.equal(e.keyPath, 'exchange.mailboxes[0].imapEnabled')
    assert.deepEqual([e.file, e.line, e.column], ['scenarios/x.yaml', 10, 20])
  })

  it('an unknown key, at the key itself', () => {
    const e = errorOf(base('lab:\n  latencyMS: 5\n'))
    assert.equal(e.keyPath, 'lab.latencyMS')
    assert.equal(e.line, 8)
    assert.equal(e.column, 3)
    assert.match(e.message, /is not a known key \(expected one of: latencyMs, failureDelayMs[,)]/)
  })

  it('an unknown top-level key', () => {
    const e = errorOf(base('tenants: {}\n'))
    assert.equal(e.keyPath, 'tenants')
    assert.equal(e.line, 7)
  })

  it('a missing required value points at its parent', () => {
    const e = errorOf('tenant:\n  cloud: global\napplications: [{ appId: 9a1b2c3d-0000-4000-8000-000000000001 }]\nclient: {}\n')
    assert.equal(e.keyPath, 'tenant.id')
    assert.match(e.message, /^scenarios\/x\.yaml:2:3: tenant\.id is required$/)
  })

  it('a missing client block', () => {
    const e = errorOf('tenant: { id: 3f0c8a52-1b6e-4c1e-9a57-2d3c4b5a6f70 }\napplications: [{ appId: 9a1b2c3d-0000-4000-8000-000000000001 }]\n')
    assert.equal(e.keyPath, 'client')
    assert.match(e.message, /client is required/)
  })

  it('no application', () => {
    const e = errorOf('tenant: { id: 3f0c8a52-1b6e-4c1e-9a57-2d3c4b5a6f70 }\napplications: []\nclient: {}\n')
    assert.equal(e.keyPath, 'applications')
    assert.match(e.message, /at least one application/)
  })

  it('an enum value out of range', () => {
    const e = errorOf(MINIMAL.replace('tenant:\n', 'tenant:\n  cloud: germany\n'))
    assert.equal(e.message, 'scenarios/x.yaml:2:10: tenant.cloud must be one of global, usgov, usgovdod, china (got "germany")')
  })

  it('a GUID that is not one', () => {
    const e = errorOf(MINIMAL.replace('- appId: 9a1b2c3d-0000-4000-8000-000000000001', '- appId: my-app'))
    assert.equal(e.keyPath, 'applications[0].appId')
    assert.equal(e.line, 4)
  })

  it('a bad date', () => {
    const e = errorOf(MINIMAL.replace('- appId: 9a1b2c3d-0000-4000-8000-000000000001', '- appId: 9a1b2c3d-0000-4000-8000-000000000001\n    secrets: [{ value: x, expires: next year }]'))
    assert.equal(e.keyPath, 'applications[0].secrets[0].expires')
    assert.match(e.message, /must be a date/)
  })

  it('a string where a list belongs, and a list where a string belongs', () => {
    assert.equal(errorOf(base('exchange: { mailboxes: a@contoso.com }\n')).keyPath, 'exchange.mailboxes')
    const e = errorOf(MINIMAL.replace('  tenant: contoso.onmicrosoft.com', '  tenant: [contoso.onmicrosoft.com]'))
    assert.equal(e.message, 'scenarios/x.yaml:6:11: client.tenant must be a string (got a list)')
  })

  it('a negative number', () => {
    const e = errorOf(base('lab: { latencyMs: -5 }\n'))
    assert.equal(e.keyPath, 'lab.latencyMs')
    assert.match(e.message, /whole number from 0/)
  })

  it('an unknown cause ID in expect', () => {
    const e = errorOf(base('expect: { causes: [token.bad-secret] }\n'))
    assert.equal(e.keyPath, 'expect.causes[0]')
  })

  it('a duplicate appId', () => {
    const e = errorOf(MINIMAL.replace('client:', '  - appId: 9a1b2c3d-0000-4000-8000-000000000001\nclient:'))
    assert.equal(e.keyPath, 'applications[1]')
    assert.equal(e.line, 5)
  })

  it('broken YAML and duplicate keys', () => {
    assert.match(errorOf('tenant: [\n').message, /^scenarios\/x\.yaml:\d+:\d+: is not valid YAML/)
    assert.match(errorOf('tenant: {}\ntenant: {}\n').message, /^scenarios\/x\.yaml:2:1: is not valid YAML: Map keys must be unique/)
  })

  it('a missing file', async () => {
    await assert.rejects(loadScenarioFile('/nonexistent/s.yaml'), (e: unknown) => e instanceof ScenarioError && e.message === '/nonexistent/s.yaml: file not found')
  })
})

describe('built-in scenarios', () => {
  const list = listBuiltInScenarios()

  it('include the healthy ones and one per misconfiguration', () => {
    const names = list.map((s) => s.name)
    for (const name of ['healthy', 'healthy-smtp-only', 'healthy-rbac-smtp', 'healthy-usgov', 'healthy-china', 'wrong-object-id', 'secret-is-secret-id', 'send-as-denied']) {
      assert.ok(names.includes(name), `missing built-in scenario ${name}`)
    }
    assert.ok(list.length >= 30)
    assert.deepEqual(names, [...names].sort())
  })

  it('every one loads, has a description and an expectation with known cause IDs', async () => {
    for (const {name, description} of list) {
      const s = await resolveScenario(name)
      assert.equal(s.name, name)
      assert.equal(s.source, `scenarios/${name}.yaml`)
      assert.ok(description.length > 10, `${name} has no description`)
      assert.equal(s.description, description)
      assert.ok(s.expect, `${name} has no expect:`)
      for (const c of s.expect.causes) assert.ok((CAUSE_IDS as readonly string[]).includes(c), `${name}: ${c}`)
      assert.equal(s.expect.verdict, s.expect.causes.length === 0 ? 'pass' : s.expect.verdict)
    }
  })

  it('resolves a file path too, and refuses an unknown name clearly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'o365doctor-test-'))
    try {
      const file = join(dir, 'mine.yaml')
      await writeFile(file, MINIMAL)
      assert.equal((await resolveScenario(file)).name, 'mine')
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
    await assert.rejects(resolveScenario('no-such-scenario'), /ScenarioError: no-such-scenario: is neither a built-in scenario nor a file/)
  })
})
