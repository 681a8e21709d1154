// The evidence file format: what parses (including ConvertTo-Json's quirks), what is refused with exit 2, and the
// check command's two new flags (--exchange-evidence read before the run, --fix-script written after it).
import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, describe, it} from 'node:test'
import type {Command} from '@oclif/core'
import {runCheckCommand, type CheckFlags} from '../../src/doctor/check-command.js'
import {InputError} from '../../src/core/input-error.js'
import {labEvidence} from '../../src/lab/evidence.js'
import {resolveScenario} from '../../src/lab/scenario/load-scenario.js'
import {hasFullAccess, parseExchangeEvidence, readExchangeEvidence} from '../../src/remedies/exchange-evidence.js'

const dir = mkdtempSync(join(tmpdir(), 'o365doctor-evidence-'))
after(() => rmSync(dir, {recursive: true, force: true}))

const minimal = {o365doctorEvidence: 1, collectedAt: '2025-01-31T09:00:00Z', appId: '9a1b2c3d-0000-4000-8000-000000000001'}

describe('exchange evidence file', () => {
  it('reads the shapes ConvertTo-Json gives, quirks included', () => {
    const text = '\uFEFF' + JSON.stringify({
      ...minimal,
      servicePrincipals: {AppId: minimal.appId, ObjectId: 'o1', DisplayName: 'Mailer', Identity: 'o1', Sid: {Value: 'S-1-5-21-1'}},
      mailboxes: [{
        address: 'sender@contoso.com',
        casMailbox: {Identity: 'sender', PrimarySmtpAddress: 'sender@contoso.com', ImapEnabled: true, PopEnabled: 'False', SmtpClientAuthenticationDisabled: null},
        mailboxPermissions: [{Identity: 'sender', User: 'Mailer', AccessRights: 'FullAccess, ReadPermission', IsInherited: false, Deny: false}],
        recipientPermissions: null,
      }],
      transportConfig: {SmtpClientAuthenticationDisabled: true},
    })
    const e = parseExchangeEvidence(text, 'x.json')
    assert.equal(e.servicePrincipals.length, 1)
    assert.equal(e.servicePrincipals[0]!.Sid, 'S-1-5-21-1')
    const mb = e.mailboxes[0]!
    assert.deepEqual(mb.mailboxPermissions[0]!.AccessRights, ['FullAccess', 'ReadPermission'])
    assert.equal(mb.casMailbox!.PopEnabled, false)
    assert.equal(mb.casMailbox!.SmtpClientAuthenticationDisabled, null)
    assert.deepEqual(mb.recipientPermissions, [])
    assert.equal(e.rbac.available, false)
    assert.ok(hasFullAccess(mb, ['mailer']))
    assert.ok(!hasFullAccess(mb, ['someone else']))
  })

  it('a Deny entry wins over an Allow one', () => {
    const e = parseExchangeEvidence(JSON.stringify({
      ...minimal,
      mailboxes: [{address: 'a@b', mailboxPermissions: [
        {User: 'Mailer', AccessRights: ['FullAccess'], IsInherited: false, Deny: false},
        {User: 'Mailer', AccessRights: ['FullAccess'], IsInherited: true, Deny: true},
      ]}],
    }), 'x')
    assert.equal(hasFullAccess(e.mailboxes[0]!, ['Mailer']), false)
  })

  it('the lab writes what the parser reads', async () => {
    const evidence = labEvidence(await resolveScenario('send-as-denied'), {now: new Date('2025-01-31T09:00:00Z')})
    assert.deepEqual(parseExchangeEvidence(JSON.stringify(evidence), 'lab'), evidence)
  })

  for (const [what, text, message] of [
    ['not JSON', '{', /not JSON/],
    ['another file', JSON.stringify({schemaVersion: '1'}), /not an o365doctor evidence file/],
    ['a newer format', JSON.stringify({...minimal, o365doctorEvidence: 2}), /format version 2 is not supported/],
    ['no appId', JSON.stringify({...minimal, appId: undefined}), /appId: expected a non-empty string/],
    ['a bad date', JSON.stringify({...minimal, collectedAt: 'yesterday'}), /collectedAt/],
    ['a service principal without ObjectId', JSON.stringify({...minimal, servicePrincipals: [{AppId: 'x'}]}), /servicePrincipals\[0\]\.ObjectId/],
    ['a wrong type', JSON.stringify({...minimal, mailboxes: [{address: 'a@b', casMailbox: {ImapEnabled: 3}}]}), /mailboxes\[0\]\.casMailbox\.ImapEnabled: expected true or false/],
  ] as const) {
    it(`refuses ${what} with an InputError naming the file`, () => {
      assert.throws(() => parseExchangeEvidence(text, '--exchange-evidence bad.json'), (e: unknown) => {
        assert.ok(e instanceof InputError)
        assert.match(e.message, /^--exchange-evidence bad\.json: /)
        assert.match(e.message, message)
        return true
      })
    })
  }

  it('a missing file is an InputError', () => {
    assert.throws(() => readExchangeEvidence(join(dir, 'nope.json')), /--exchange-evidence .*nope\.json: cannot read the file \(ENOENT\)/)
  })
})

/** Just enough of an oclif Command for runCheckCommand: --json on, so nothing is printed. */
function fakeCommand(): Command {
  return {config: {version: '0.0.0-test'}, jsonEnabled: () => true} as unknown as Command
}

function flags(extra: Partial<CheckFlags>): CheckFlags {
  return {
    'client-secret-stdin': false, offline: false, 'send-test': false, 'secret-warning-days': 30, timeout: 10, format: 'table',
    'fail-on': 'error', verbose: false, ...extra,
  }
}

describe('check --exchange-evidence and --fix-script', () => {
  const exitCode = process.exitCode
  after(() => { process.exitCode = exitCode })

  it('uses the evidence and writes the fix script after the run', async () => {
    const evidenceFile = join(dir, 'ev.json')
    writeFileSync(evidenceFile, JSON.stringify(labEvidence(await resolveScenario('no-service-principal'))))
    const scriptFile = join(dir, 'fix.ps1')
    const report = await runCheckCommand(fakeCommand(), flags({lab: 'no-service-principal', 'exchange-evidence': evidenceFile, 'fix-script': scriptFile}))
    assert.deepEqual(report.causes.map((c) => c.id), ['exchange.service-principal-missing'])
    const script = readFileSync(scriptFile, 'utf8')
    assert.match(script, /^# Cause: exchange\.service-principal-missing \(certain\)/m)
    assert.match(script, /New-ServicePrincipal -AppId \$AppId -ObjectId \$EnterpriseObjectId/)
  })

  it('a bad evidence file stops the run with exit 2', async () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{"o365doctorEvidence": 7}')
    // An InputError: the command's base class turns it into one line and exit code 2.
    await assert.rejects(runCheckCommand(fakeCommand(), flags({lab: 'healthy', 'exchange-evidence': bad})), (e: Error) => {
      assert.ok(e instanceof InputError)
      assert.match(e.message, /--exchange-evidence .*bad\.json: o365doctorEvidence: format version 7/)
      return true
    })
  })

  it('a fix script that cannot be written is an input error naming --fix-script', async () => {
    const target = join(dir, 'no-such-dir', 'fix.ps1')
    await assert.rejects(runCheckCommand(fakeCommand(), flags({lab: 'healthy', 'fix-script': target})), (e: Error) => {
      assert.ok(e instanceof InputError)
      assert.match(e.message, /^--fix-script .*fix\.ps1: cannot write the file \(ENOENT\)/)
      return true
    })
  })
})
