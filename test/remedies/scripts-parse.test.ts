// The generated scripts parse as PowerShell (tree-sitter's grammar), have the promised structure (every change
// guarded by ShouldProcess and a read-only check first), and hostile values (quotes, $, backticks, newlines,
// Unicode quote look-alikes) stay inside single-quoted literals or comments: nothing of them can run.
import assert from 'node:assert/strict'
import {before, describe, it} from 'node:test'
import {labEvidence} from '../../src/lab/evidence.js'
import {resolveScenario} from '../../src/lab/scenario/load-scenario.js'
import {evidenceScript} from '../../src/remedies/evidence-script.js'
import {parseExchangeEvidence} from '../../src/remedies/exchange-evidence.js'
import {fixScript} from '../../src/remedies/fix-script.js'
import type {Report} from '../../src/core/report.js'
import {runLabCheck} from '../support/lab-check.js'
import {ancestors, descendants, nodeAt, parsePowerShell, verbatimStringEnd} from '../support/powershell-parser.js'

const MUTATING = /^(Set|Add|New|Remove|Enable|Disable|Update|Clear)-/i
const SCENARIOS = [
  'no-service-principal', 'no-full-access', 'wrong-object-id', 'wrong-object-id-unconfirmed', 'smtp-auth-disabled-tenant',
  'smtp-auth-disabled-mailbox', 'imap-disabled', 'pop-disabled', 'send-as-denied', 'graph-consent-missing', 'secret-expired', 'healthy',
]
const reports = new Map<string, Report>()

async function assertParses(script: string, what: string): Promise<Awaited<ReturnType<typeof parsePowerShell>>> {
  const parsed = await parsePowerShell(script)
  assert.deepEqual(parsed.errors, [], `${what} parses as PowerShell`)
  return parsed
}

/** Every Set-/Add-/New-/Remove- command sits inside `if ($PSCmdlet.ShouldProcess(...)) { … }`. */
function assertGuarded(root: Awaited<ReturnType<typeof parsePowerShell>>['root'], what: string): number {
  let count = 0
  for (const command of descendants(root, 'command')) {
    const name = command.childForFieldName?.('command_name')?.text ?? command.children.find((c) => c?.type === 'command_name')?.text ?? ''
    if (!MUTATING.test(name)) continue
    count++
    const guard = ancestors(command).find((a) => a.type === 'if_statement' && /^if\s*\(\s*\$PSCmdlet\.ShouldProcess\(/.test(a.text))
    assert.ok(guard, `${what}: ${name} is guarded by $PSCmdlet.ShouldProcess`)
  }
  return count
}

describe('generated PowerShell', () => {
  before(async () => {
    for (const name of SCENARIOS) reports.set(name, await runLabCheck(name, {sendTest: true}))
    reports.set('no-full-access+evidence', await runLabCheck('no-full-access', {
      sendTest: true, exchangeEvidence: {source: 'ev.json', evidence: parseExchangeEvidence(JSON.stringify(labEvidence(await resolveScenario('no-full-access'))), 'ev.json')},
    }))
  })

  it('the parser can fail: broken scripts are reported', async () => {
    assert.notDeepEqual((await parsePowerShell("$x = 'open\n")).errors, [])
    assert.notDeepEqual((await parsePowerShell('if ($a) { Set-X\n')).errors, [])
  })

  it('fix scripts parse, for every kind of cause, and every change is guarded', async () => {
    for (const [name, report] of reports) {
      const script = fixScript(report, {generatedAt: new Date('2025-01-31T09:00:00Z')})
      const {root} = await assertParses(script, `fix script of ${name}`)
      assert.match(script, /^\[CmdletBinding\(SupportsShouldProcess\)\]\nparam\(\)$/m, name)
      const changes = assertGuarded(root, name)
      const exchangeSide = report.causes.some((c) => c.id.startsWith('exchange.'))
      if (exchangeSide) {
        assert.ok(changes > 0, `${name}: changes something`)
        assert.match(script, /^Connect-ExchangeOnline -Organization \$Organization /m, name)
      } else {
        assert.equal(changes, 0, `${name}: changes nothing in Exchange`)
        assert.doesNotMatch(script, /^Connect-ExchangeOnline/m, name)
      }
      for (const cause of report.causes) assert.ok(script.includes(`Cause: ${cause.id}`) || script.includes(`(${cause.id}, nothing to fix)`), `${name}: mentions ${cause.id}`)
    }
  })

  it('the ambiguous cause checks every candidate and fixes only what is missing', async () => {
    const script = fixScript(reports.get('no-service-principal')!)
    for (const line of [
      '$sps = @(Get-ServicePrincipal | Where-Object { $_.AppId -eq $AppId })',
      'Remove-ServicePrincipal -Identity $sp.ObjectId -Confirm:$false',
      'New-ServicePrincipal -AppId $AppId -ObjectId $EnterpriseObjectId -DisplayName $DisplayName',
      'Add-MailboxPermission -Identity $Mailbox -User $EnterpriseObjectId -AccessRights FullAccess',
      'if (-not $cas.PopEnabled) {',
    ]) assert.ok(script.includes(line), line)
    assert.match(script, /\$EnterpriseObjectId = '77e08f90-0000-4000-8000-000000000003'/)
    assert.match(script, /\$AppRegistrationObjectId = '5c2d3e4f-0000-4000-8000-000000000002'/)
    assert.match(script, /\$DisplayName = 'Mailer'/)
    // Read-only state comes before each change.
    assert.ok(script.indexOf('Get-MailboxPermission -Identity $Mailbox |') < script.indexOf('Add-MailboxPermission'))
    // With the evidence, only the FullAccess part is left.
    const decided = fixScript(reports.get('no-full-access+evidence')!)
    assert.ok(decided.includes('Add-MailboxPermission'))
    assert.ok(!decided.includes('New-ServicePrincipal -AppId'), 'no service principal change once the evidence proved it right')
  })

  it('SMTP AUTH is enabled on the mailbox, never organisation-wide, and says why', async () => {
    for (const name of ['smtp-auth-disabled-tenant', 'smtp-auth-disabled-mailbox']) {
      const script = fixScript(reports.get(name)!)
      assert.ok(script.includes('Set-CASMailbox -Identity $Mailbox -SmtpClientAuthenticationDisabled $false'), name)
      assert.match(script, /MS\.EXO\.5\.1/, name)
      const code = script.split('\n').filter((l) => !l.trimStart().startsWith('#'))
      assert.ok(!code.some((l) => /Set-TransportConfig/.test(l)), `${name}: Set-TransportConfig only in comments`)
    }
    assert.match(fixScript(reports.get('smtp-auth-disabled-tenant')!), /# Undo: Set-CASMailbox -Identity \$Mailbox -SmtpClientAuthenticationDisabled \$null/)
    assert.match(fixScript(reports.get('smtp-auth-disabled-mailbox')!), /# Undo: Set-CASMailbox -Identity \$Mailbox -SmtpClientAuthenticationDisabled \$true/)
  })

  it('causes outside Exchange become comments with their steps and Graph PowerShell', async () => {
    const script = fixScript(reports.get('graph-consent-missing')!)
    assert.match(script, /^# Cause: graph\.consent-missing/m)
    assert.match(script, /^# {5}Connect-MgGraph /m)
  })

  it('national clouds connect to their own Exchange environment', async () => {
    const report = structuredClone(reports.get('no-full-access')!)
    report.target.cloud = 'usgov'
    assert.match(fixScript(report), /^Connect-ExchangeOnline -ExchangeEnvironmentName O365USGovGCCHigh -Organization \$Organization/m)
    assert.match(evidenceScript({appId: 'a', mailboxes: ['m@x'], organization: 'o', cloud: 'china'}), /^Connect-ExchangeOnline -ExchangeEnvironmentName O365China -Organization/m)
  })

  it('the evidence script parses, is read-only and writes one JSON file', async () => {
    const script = evidenceScript({appId: '9a1b2c3d-0000-4000-8000-000000000001', mailboxes: ['sender@contoso.com', 'noreply@contoso.com'], organization: 'contoso.onmicrosoft.com', cloud: 'global'})
    const {root} = await assertParses(script, 'evidence script')
    const commands = descendants(root, 'command').map((c) => c.children.find((x) => x?.type === 'command_name')?.text ?? '')
    // Read-only towards Exchange: the one write is the evidence file itself.
    assert.deepEqual(commands.filter((n) => MUTATING.test(n)), ['Set-Content'])
    for (const cmdlet of ['Get-ServicePrincipal', 'Get-MailboxPermission', 'Get-RecipientPermission', 'Get-CASMailbox', 'Get-TransportConfig', 'Get-ManagementRoleAssignment', 'Test-ServicePrincipalAuthorization']) {
      assert.ok(commands.includes(cmdlet), `collects ${cmdlet}`)
    }
    assert.match(script, /ConvertTo-Json -Depth 6 \| Set-Content -LiteralPath \$OutFile/)
    assert.match(script, /^\$Mailboxes = @\('sender@contoso\.com', 'noreply@contoso\.com'\)$/m)
    assert.match(script, /o365doctorEvidence = 1/)
  })
})

describe('hostile values cannot break out of their literals', () => {
  const MARK = 'PWNED'
  const HOSTILE = [
    `Evil'; Remove-Mailbox -Identity * -Confirm:$false; '${MARK}`,
    `$(Invoke-Expression '${MARK}')`,
    `\`"${MARK}\`"; $env:${MARK}`,
    `a\nRemove-Item C:\\${MARK}`,
    `x\u2019; ${MARK} \u2018y\u201B\u201A`,
    `#> ${MARK} <# @' '@ \r\n"@`,
    `x\u2028${MARK}; \u0085z`,
  ]

  /** Every occurrence of the marker is inside a single-quoted literal (closing where PowerShell closes it) or a comment. */
  async function assertContained(script: string, what: string): Promise<void> {
    const {root, errors} = await parsePowerShell(script)
    assert.deepEqual(errors, [], `${what} parses`)
    let seen = 0
    for (let at = script.indexOf(MARK); at >= 0; at = script.indexOf(MARK, at + 1)) {
      seen++
      const chain = ancestors(nodeAt(root, at, at + MARK.length))
      const comment = chain.find((n) => n.type === 'comment')
      if (comment) {
        assert.ok(!comment.text.includes('\n'), `${what}: a comment stays on one line`)
        continue
      }
      const literal = chain.find((n) => n.type === 'verbatim_string_characters')
      assert.ok(literal, `${what}: "${MARK}" at ${at} is in a single-quoted literal (found ${chain[0]?.type})`)
      // PowerShell's own rule (Unicode quotes included) closes the literal exactly where the parser does.
      assert.equal(verbatimStringEnd(script, literal.startIndex), literal.endIndex, `${what}: literal ends where PowerShell ends it`)
    }
    assert.ok(seen > 0, `${what}: the hostile value is in the script`)
  }

  it('in the fix script (display name, mailbox, From, IDs, tenant)', async () => {
    const base = await runLabCheck('no-service-principal', {sendTest: true})
    for (const [i, value] of HOSTILE.entries()) {
      const report = structuredClone(base)
      report.target = {...report.target, tenant: `t${value}`, clientId: `c${value}`, mailbox: `m${value}`, from: `f${value}`}
      for (const c of report.checks) {
        if (c.id === 'token.claims') c.evidence = {...c.evidence, oid: `o${value}`}
        if (c.id === 'graph.access') c.evidence = {...c.evidence, displayName: `d${value}`, applicationObjectId: `a${value}`}
      }
      for (const cause of report.causes) cause.summary = `s${value}`
      const script = fixScript(report)
      await assertContained(script, `fix script #${i}`)
      for (const name of ['Organization', 'AppId', 'EnterpriseObjectId', 'AppRegistrationObjectId', 'DisplayName', 'Mailbox', 'From']) {
        assert.match(script, new RegExp(`^\\$${name} = '`, 'm'), `#${i}: $${name} is assigned a single-quoted literal`)
      }
    }
  })

  it('in the evidence script (app ID, mailboxes, organisation)', async () => {
    for (const [i, value] of HOSTILE.entries()) {
      const script = evidenceScript({appId: `a${value}`, mailboxes: [`m${value}`, `n${value}`], organization: `o${value}`, cloud: 'global'})
      await assertContained(script, `evidence script #${i}`)
    }
  })
})
