// The targets file and each target's settings layers, on plain data: what is refused for the whole file (exit 2,
// FILE:line), what is one target's input error, and which layer wins.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {InputError} from '../../src/core/input-error.js'
import {prepareTarget, targetName, type FleetBase} from '../../src/fleet/target-settings.js'
import {parseTargetsText, readTargetsFile} from '../../src/fleet/targets-file.js'

const F = '/fleet/targets.yaml'
const flags = (values = {}): FleetBase['flags'] => ({source: 'flag', nameOf: (k) => `--${k}`, values})
const base = (over: Partial<FleetBase> = {}): FleetBase => ({flags: flags(), env: {EBISS_SECRET: 'Qx8~from.env-0001', OTHER: 'Qx8~other-0002'}, offline: false, ...over})
const refused = (text: string, at: RegExp, why: RegExp) =>
  assert.throws(() => parseTargetsText(text, F), (e: unknown) => e instanceof InputError && at.test(e.input) && why.test(e.message), text)

const FILE = `
defaults:
  tenant: contoso.onmicrosoft.com
  clientId: 9a1b2c3d-0000-4000-8000-000000000001
  clientSecretEnv: EBISS_SECRET
  protocols: [smtp]
targets:
  - a@contoso.com
  - name: Fabrikam
    mailbox: b@fabrikam.com
    tenant: fabrikam.onmicrosoft.com
    clientSecretEnv: OTHER
  - mailbox: c@contoso.com
    clientSecretEnv: NOT_SET
  - mailbox: d@contoso.com
    federatedTokenFile: token.jwt
`

describe('targets file: what the whole file is refused for (exit 2, naming FILE:line)', () => {
  it('names the line of a literal secret, and says to reference it', () => {
    refused('targets:\n  - mailbox: a@x.com\n    clientSecret: "Qx8~literal"\n', /^\/fleet\/targets\.yaml:3:5$/, /clientSecretEnv/)
    refused('defaults:\n  certificate: {file: a.pfx, password: hunter2}\ntargets: [a@x.com]\n', /:2:3$/, /certificatePasswordEnv/)
    refused('targets:\n  - {mailbox: a@x.com, federatedToken: eyJ.x.y}\n', /:2:24$/, /federatedTokenFile/)
  })

  it('never quotes the secret it refuses', () => {
    try {
      parseTargetsText('targets:\n  - {mailbox: a@x.com, clientSecret: "Qx8~never-shown"}\n', F)
      assert.fail('accepted')
    } catch (e) {
      assert.doesNotMatch((e as Error).message, /never-shown/)
    }
  })

  it('refuses unknown keys, wrong shapes, bad references and products where they are written', () => {
    refused('targets:\n  - {mailbox: a@x.com, mailbx: b}\n', /:2:24$/, /unknown key "mailbx"/)
    refused('defaults: [a]\ntargets: [a@x.com]\n', /:1:1$/, /defaults must be a mapping/)
    refused('targets: {a: b}\n', /:1:1$/, /must be a list/)
    refused('targets:\n  - 42\n', /:2:5$/, /mailbox address or a mapping/)
    refused('targets:\n  - {clientSecretEnv: "$SECRET"}\n', /:2:6$/, /NAME of an environment variable/)
    refused('targets:\n  - {product: notaproduct}\n', /:2:6$/, /unknown product/)
    refused('defaults: {}\n', /^\/fleet\/targets\.yaml$/, /no targets/)
    refused('targets: []\n', /^\/fleet\/targets\.yaml$/, /empty/)
    refused('targets:\n  - a@x.com\nextra: 1\n', /:3:1$/, /unknown key "extra"/)
    refused('targets: [a@x.com\n', /:\d+:\d+$/, /not valid YAML/)
  })

  it('reads JSON too, and a file through the settings reader (BOM, bounds)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'o365-targets-'))
    const file = join(dir, 't.json')
    writeFileSync(file, `\uFEFF${JSON.stringify({targets: ['a@x.com', {mailbox: 'b@x.com', config: 'b.yaml'}]})}`)
    const read = readTargetsFile(file)
    assert.deepEqual(read.targets.map((t) => t.values.mailbox), ['a@x.com', 'b@x.com'])
    assert.equal(read.targets[1]!.config, join(dir, 'b.yaml'), 'config: is relative to the targets file')
    assert.throws(() => readTargetsFile(dir), (e: unknown) => e instanceof InputError && e.input === `--targets ${dir}`)
  })
})

describe('one target\'s settings: layers and per-target input errors', () => {
  const file = parseTargetsText(FILE, F)

  it('a target inherits the defaults and its own entry wins; credentials come from the named variable', () => {
    const [a, fabrikam] = file.targets
    const pa = prepareTarget(file, a!, base())
    assert.equal(pa.loaded.settings.tenant, 'contoso.onmicrosoft.com')
    assert.equal(pa.loaded.settings.clientSecret?.reveal(), 'Qx8~from.env-0001')
    assert.deepEqual(pa.loaded.settings.protocols, ['smtp'])
    const pf = prepareTarget(file, fabrikam!, base())
    assert.equal(pf.loaded.settings.tenant, 'fabrikam.onmicrosoft.com')
    assert.equal(pf.loaded.settings.clientSecret?.reveal(), 'Qx8~other-0002')
    assert.equal(targetName(fabrikam!), 'Fabrikam')
    assert.equal(targetName(a!), 'a@contoso.com')
  })

  it('settings flags override the defaults but not the entries', () => {
    const [a, fabrikam] = file.targets
    const b = base({flags: flags({tenant: 'flag.onmicrosoft.com', protocols: ['imap']})})
    assert.equal(prepareTarget(file, a!, b).loaded.settings.tenant, 'flag.onmicrosoft.com')
    assert.deepEqual(prepareTarget(file, a!, b).loaded.settings.protocols, ['imap'])
    assert.equal(prepareTarget(file, fabrikam!, b).loaded.settings.tenant, 'fabrikam.onmicrosoft.com')
  })

  it('an unset variable is that target\'s input error, naming the variable and the line', () => {
    assert.throws(() => prepareTarget(file, file.targets[2]!, base()), (e: unknown) =>
      e instanceof InputError && /clientSecretEnv NOT_SET \(target 3 at \/fleet\/targets\.yaml:13:5\)/.test(e.message) && /not set/.test(e.message))
  })

  it('a target\'s own credential replaces the defaults\' one instead of colliding with it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'o365-targets-'))
    writeFileSync(join(dir, 'token.jwt'), 'eyJhbGciOiJub25lIn0.e30.')
    const f = parseTargetsText(FILE, join(dir, 't.yaml'))
    const p = prepareTarget(f, f.targets[3]!, base())
    assert.equal(p.loaded.settings.clientSecret, undefined)
    assert.deepEqual(p.loaded.settings.federatedToken, {source: 'file', file: join(dir, 'token.jwt')})
  })

  it('AZURE_* variables are not read: a target without a credential reference is an input error', () => {
    const f = parseTargetsText('targets:\n  - {tenant: t.onmicrosoft.com, clientId: 9a1b2c3d-0000-4000-8000-000000000001, mailbox: a@x.com}\n', F)
    assert.throws(() => prepareTarget(f, f.targets[0]!, base({env: {AZURE_CLIENT_SECRET: 'Qx8~ambient'}})), (e: unknown) => e instanceof InputError && /credential/.test(e.message))
  })

  it('with --lab, the scenario\'s client section is the lowest layer and a target changes only its mailbox', () => {
    const f = parseTargetsText('targets: [b@contoso.com]\n', F)
    const lab = {source: 'lab' as const, nameOf: (k: string) => `client.${k}`, values: {tenant: 'contoso.onmicrosoft.com', clientId: '9a1b2c3d-0000-4000-8000-000000000001', clientSecret: 'Qx8~lab', mailbox: 'sender@contoso.com'}}
    const p = prepareTarget(f, f.targets[0]!, base({lab}))
    assert.equal(p.loaded.settings.mailbox, 'b@contoso.com')
    assert.equal(p.loaded.settings.clientSecret?.reveal(), 'Qx8~lab')
  })
})
