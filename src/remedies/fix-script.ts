// `check --fix-script FILE.ps1`: one PowerShell script, for the customer's Exchange admin, that fixes the
// Exchange Online side of the causes a run found, with this tenant's real values. Each change is preceded by the
// read-only cmdlet that shows the current state, made only when that state shows it missing (so running the
// script twice changes nothing the second time), honours -WhatIf through $PSCmdlet.ShouldProcess, and is followed
// by the cmdlet that verifies it; the undo is a comment. Causes outside Exchange (token, claims, Graph, settings,
// network) become comments with their steps. A pure function of the report: no I/O.
import type {Cause} from '../core/cause.js'
import type {Report} from '../core/report.js'
import {connectExchangeLine, psAssign, psComment, requireValues, RULE} from './ps-script.js'

export interface FixScriptOptions {
  /** When the script was written (default: now). */
  generatedAt?: Date
  /** The report file it was made from, if any (for the header). */
  reportFile?: string
}

/** The Exchange-side blocks, in the order they must run (the service principal before its permissions). */
type Block = 'servicePrincipal' | 'fullAccess' | 'smtpAuth' | 'imap' | 'pop' | 'sendAs'
const BLOCK_ORDER: Block[] = ['servicePrincipal', 'fullAccess', 'smtpAuth', 'imap', 'pop', 'sendAs']

/** What each Exchange cause needs the script to check (and fix when missing). */
function blocksFor(cause: Cause): Block[] {
  switch (cause.id) {
    case 'exchange.service-principal-missing':
    case 'exchange.service-principal-wrong-object-id':
      return ['servicePrincipal', 'fullAccess']
    case 'exchange.mailbox-permission-missing':
      // Certain only when Get-ServicePrincipal proved the service principal right; otherwise check it too.
      return cause.confidence === 'certain' ? ['fullAccess'] : ['servicePrincipal', 'fullAccess']
    case 'exchange.authorization-failed':
      // Ambiguous: show the state of every candidate and fix what the read-only cmdlets prove missing.
      return ['servicePrincipal', 'fullAccess', ...((cause.candidates ?? []).includes('exchange.pop-disabled') ? ['pop' as const] : [])]
    case 'exchange.smtp-auth-disabled-tenant':
    case 'exchange.smtp-auth-disabled-mailbox':
      return ['smtpAuth']
    case 'exchange.imap-disabled':
      // The same IMAP reply appears when the app has no access to the mailbox, unless the evidence decided.
      return cause.confidence === 'certain' ? ['imap'] : ['imap', 'fullAccess']
    case 'exchange.pop-disabled':
      return ['pop']
    case 'exchange.send-as-denied':
      return ['sendAs']
    default:
      return []
  }
}

interface Values {
  organization?: string
  appId?: string
  enterpriseObjectId?: string
  appRegistrationObjectId?: string
  displayName?: string
  mailbox?: string
  from?: string
}

function valuesOf(report: Report): Values {
  const evidence = (id: string): Record<string, unknown> => report.checks.find((c) => c.id === id)?.evidence ?? {}
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
  const claims = evidence('token.claims')
  const graph = evidence('graph.access')
  return {
    organization: report.target.tenant,
    appId: report.target.clientId,
    enterpriseObjectId: str(claims.oid) ?? str(graph.servicePrincipalId),
    appRegistrationObjectId: str(graph.applicationObjectId),
    displayName: str(graph.displayName),
    mailbox: report.target.mailbox,
    from: report.target.from,
  }
}

export function fixScript(report: Report, options: FixScriptOptions = {}): string {
  const v = valuesOf(report)
  const actionable = report.causes.filter((c) => c.severity !== 'info')
  const exchange = actionable.filter((c) => blocksFor(c).length > 0)
  const elsewhere = actionable.filter((c) => blocksFor(c).length === 0)
  const info = report.causes.filter((c) => c.severity === 'info')
  const needed = new Map<Block, Cause[]>()
  for (const cause of exchange) for (const b of blocksFor(cause)) needed.set(b, [...(needed.get(b) ?? []), cause])
  const sendAsApplies = v.from !== undefined && v.mailbox !== undefined && v.from.toLowerCase() !== v.mailbox.toLowerCase()
  if (!sendAsApplies) needed.delete('sendAs')

  const out: string[] = []
  out.push(...header(report, v, options, actionable))
  out.push('[CmdletBinding(SupportsShouldProcess)]', 'param()', '', "$ErrorActionPreference = 'Stop'", '')
  out.push(
    psComment('This tenant\'s values, from the report. Single-quoted, so nothing in them is ever run as code.'),
    psAssign('Organization', v.organization, 'the tenant (-Organization wants its primary .onmicrosoft.com domain)'),
    psAssign('AppId', v.appId, 'Application (client) ID'),
    psAssign('EnterpriseObjectId', v.enterpriseObjectId, 'Enterprise application object ID = the token\'s oid: the one Exchange needs'),
    psAssign('AppRegistrationObjectId', v.appRegistrationObjectId, 'App registration object ID: NOT the one for New-ServicePrincipal'),
    psAssign('DisplayName', v.displayName ?? (v.appId ? `o365doctor app ${v.appId}` : undefined), v.displayName ? 'the app\'s display name' : 'only a label; the report had no display name'),
    psAssign('Mailbox', v.mailbox, 'the mailbox the product logs in as'),
    psAssign('From', v.from ?? v.mailbox, 'the From address of the mail it sends'),
    '',
  )

  if (elsewhere.length > 0) {
    out.push(RULE, psComment('Outside Exchange: fix these in Microsoft Entra ID or in the product (this script cannot); they usually come first.'), RULE)
    for (const cause of elsewhere) out.push(...commentCause(cause), '')
  }
  for (const cause of info) {
    out.push(psComment(`Note (${cause.id}, nothing to fix): ${cause.summary}`), '')
  }

  if (needed.size === 0) {
    out.push(psComment('Nothing to change in Exchange Online for the causes this run found.'))
    return `${out.join('\n')}\n`
  }

  const require: {name: string; how: string}[] = [
    {name: 'AppId', how: 'App registrations > your app > Overview > Application (client) ID'},
    {name: 'Mailbox', how: 'the mailbox address the product logs in as'},
  ]
  if (needed.has('servicePrincipal') || needed.has('fullAccess')) {
    require.push({name: 'EnterpriseObjectId', how: 'Enterprise applications > your app > Overview > Object ID'})
  }
  out.push(RULE, psComment('Exchange Online. Needs the ExchangeOnlineManagement module and an Exchange administrator.'), RULE)
  out.push(...requireValues(require), '')
  out.push(connectExchangeLine(report.target.cloud, v.organization !== undefined), '')

  for (const block of BLOCK_ORDER) {
    const causes = needed.get(block)
    if (!causes) continue
    out.push(RULE)
    for (const cause of causes) out.push(psComment(`Cause: ${cause.id} (${cause.confidence}): ${cause.summary}`))
    if (causes.some((c) => c.id === 'exchange.authorization-failed')) {
      out.push(
        psComment('Exchange gives the same bare failure for a missing service principal, one with the wrong ObjectId, a missing FullAccess'),
        psComment('(and, for POP, POP switched off). The read-only cmdlets below show which; only what they show missing is changed.'),
      )
    }
    out.push(...BLOCKS[block](report), '')
  }
  out.push(
    RULE,
    "Write-Host 'Done. Exchange Online can take up to an hour to apply changes everywhere; then run o365doctor check again.'",
    psComment('When finished: Disconnect-ExchangeOnline -Confirm:$false'),
  )
  return `${out.join('\n')}\n`
}

function header(report: Report, v: Values, options: FixScriptOptions, causes: Cause[]): string[] {
  const when = (options.generatedAt ?? new Date()).toISOString()
  const lines = [
    `o365doctor fix script: the Exchange Online side of what "o365doctor check" found for app ${v.appId ?? '(unknown)'}.`,
    `Generated ${when} by o365doctor ${report.tool.version} from the report of the run started ${report.startedAt}${
      options.reportFile ? ` (report file ${options.reportFile})` : ''}${report.target.lab ? ` against lab scenario ${report.target.lab}` : ''}.`,
    `Tenant ${v.organization ?? '(unknown)'}, cloud ${report.target.cloud}, mailbox ${v.mailbox ?? '(unknown)'}${v.from && v.from !== v.mailbox ? `, From ${v.from}` : ''}.`,
    '',
    causes.length > 0 ? 'Causes found, most likely first:' : 'The run found nothing to fix.',
    ...causes.map((c) => `  - ${c.id} (${c.confidence}): ${c.summary}`),
    '',
    'Run it as an Exchange administrator (PowerShell 7 or Windows PowerShell 5.1, module ExchangeOnlineManagement).',
    'First see what it would change:   .\\fix.ps1 -WhatIf        then run it:   .\\fix.ps1',
    'It changes only what the read-only Get- cmdlets show missing, so running it twice is safe. Every change is',
    'followed by the cmdlet that verifies it; the undo is in a comment next to it.',
  ]
  return [...lines.map((l) => psComment(l)), '']
}

function commentCause(cause: Cause): string[] {
  const out = [psComment(`Cause: ${cause.id} (${cause.severity}, ${cause.confidence}): ${cause.summary}`)]
  for (const [i, s] of cause.remediation.steps.entries()) out.push(psComment(`  ${i + 1}. ${s}`))
  if (cause.remediation.powershell.length > 0) {
    out.push(psComment('PowerShell for it (Microsoft Graph PowerShell for Entra, if you are also the Entra admin): review, then run by hand.'))
    for (const line of cause.remediation.powershell) out.push(psComment(`    ${line}`))
  }
  return out
}

const WHATIF = 'if ($PSCmdlet.ShouldProcess'

const BLOCKS: Record<Block, (report: Report) => string[]> = {
  servicePrincipal: () => [
    psComment('Service principal: Exchange must know the app under the enterprise application\'s object ID (the token\'s oid).'),
    psComment('Current state (read-only):'),
    '$sps = @(Get-ServicePrincipal | Where-Object { $_.AppId -eq $AppId })',
    '$sps | Format-List \'DisplayName\', \'AppId\', \'ObjectId\', \'Identity\'',
    psComment('One with another ObjectId (usually the app registration\'s) never matches the token, and its ID cannot be edited: remove it.'),
    'foreach ($sp in @($sps | Where-Object { $_.ObjectId -ne $EnterpriseObjectId })) {',
    `    ${WHATIF}($sp.ObjectId, 'Remove-ServicePrincipal (registered with the wrong ObjectId; its mailbox permissions go with it)')) {`,
    '        Remove-ServicePrincipal -Identity $sp.ObjectId -Confirm:$false',
    '    }',
    psComment('Undo: New-ServicePrincipal -AppId $AppId -ObjectId <the ObjectId listed above> -DisplayName <its DisplayName>', '    '),
    '}',
    'if (@($sps | Where-Object { $_.ObjectId -eq $EnterpriseObjectId }).Count -eq 0) {',
    `    ${WHATIF}($EnterpriseObjectId, 'New-ServicePrincipal -AppId ' + $AppId)) {`,
    '        New-ServicePrincipal -AppId $AppId -ObjectId $EnterpriseObjectId -DisplayName $DisplayName',
    '    }',
    '} else {',
    "    Write-Host 'Service principal already registered with the right ObjectId: nothing to change.'",
    '}',
    psComment('Verify:'),
    'Get-ServicePrincipal | Where-Object { $_.AppId -eq $AppId } | Format-List \'DisplayName\', \'AppId\', \'ObjectId\'',
    psComment('Undo: Remove-ServicePrincipal -Identity $EnterpriseObjectId -Confirm:$false'),
  ],
  fullAccess: () => [
    psComment('FullAccess: app-only IMAP, POP and SMTP act as the mailbox, so the service principal needs FullAccess on it.'),
    psComment('Current state (read-only):'),
    'Get-MailboxPermission -Identity $Mailbox | Format-Table \'User\', \'AccessRights\', \'IsInherited\', \'Deny\' -AutoSize',
    '$spNames = @($EnterpriseObjectId) + @(Get-ServicePrincipal | Where-Object { $_.ObjectId -eq $EnterpriseObjectId } | ForEach-Object { $_.DisplayName; $_.Identity; [string]$_.Sid })',
    '$granted = @(Get-MailboxPermission -Identity $Mailbox | Where-Object { -not $_.Deny -and ([string]$_.AccessRights) -match \'FullAccess\' -and $spNames -contains [string]$_.User })',
    'if ($granted.Count -eq 0) {',
    `    ${WHATIF}($Mailbox, 'Add-MailboxPermission FullAccess for service principal ' + $EnterpriseObjectId)) {`,
    '        Add-MailboxPermission -Identity $Mailbox -User $EnterpriseObjectId -AccessRights FullAccess',
    '    }',
    '} else {',
    "    Write-Host 'FullAccess already granted to the service principal: nothing to change.'",
    '}',
    psComment('Verify:'),
    'Get-MailboxPermission -Identity $Mailbox | Where-Object { ([string]$_.AccessRights) -match \'FullAccess\' } | Format-Table \'User\', \'AccessRights\', \'Deny\' -AutoSize',
    psComment('Undo: Remove-MailboxPermission -Identity $Mailbox -User $EnterpriseObjectId -AccessRights FullAccess -Confirm:$false'),
  ],
  smtpAuth: (report) => {
    const wasMailbox = report.causes.some((c) => c.id === 'exchange.smtp-auth-disabled-mailbox')
    return [
      psComment('SMTP AUTH, for this mailbox only. Not Set-TransportConfig -SmtpClientAuthenticationDisabled $false: that turns SMTP AUTH'),
      psComment('on for every mailbox of the organisation, which security baselines flag (CISA SCuBA MS.EXO.5.1: SMTP AUTH SHALL be'),
      psComment('disabled). The mailbox setting overrides the organisation\'s, so the organisation can stay locked down.'),
      psComment('Current state (read-only): the organisation, then the mailbox (empty = follows the organisation).'),
      'Get-TransportConfig | Format-List SmtpClientAuthenticationDisabled',
      '$cas = Get-CASMailbox -Identity $Mailbox',
      '$cas | Format-List SmtpClientAuthenticationDisabled',
      'if ($cas.SmtpClientAuthenticationDisabled -ne $false) {',
      `    ${WHATIF}($Mailbox, 'Set-CASMailbox -SmtpClientAuthenticationDisabled $false (SMTP AUTH on for this mailbox only)')) {`,
      '        Set-CASMailbox -Identity $Mailbox -SmtpClientAuthenticationDisabled $false',
      '    }',
      '} else {',
      "    Write-Host 'SMTP AUTH already enabled on the mailbox: nothing to change.'",
      '}',
      psComment('Verify:'),
      'Get-CASMailbox -Identity $Mailbox | Format-List SmtpClientAuthenticationDisabled',
      psComment(`Undo: Set-CASMailbox -Identity $Mailbox -SmtpClientAuthenticationDisabled ${wasMailbox ? '$true' : '$null   (empty again: follow the organisation)'}`),
      psComment('Security defaults in Entra ID block only password (basic) SMTP AUTH, never XOAUTH2 with an app-only token.'),
    ]
  },
  imap: () => toggleBlock('ImapEnabled', 'IMAP'),
  pop: () => toggleBlock('PopEnabled', 'POP'),
  sendAs: () => [
    psComment('Send As: the mailbox the product logs in as needs Send As on the From address.'),
    psComment('Current state (read-only):'),
    'Get-RecipientPermission -Identity $From | Format-Table \'Trustee\', \'AccessControlType\', \'AccessRights\' -AutoSize',
    '$sendAs = @(Get-RecipientPermission -Identity $From | Where-Object { [string]$_.Trustee -eq $Mailbox -and ([string]$_.AccessRights) -match \'SendAs\' -and [string]$_.AccessControlType -eq \'Allow\' })',
    'if ($sendAs.Count -eq 0) {',
    `    ${WHATIF}($From, 'Add-RecipientPermission SendAs for ' + $Mailbox)) {`,
    '        Add-RecipientPermission -Identity $From -Trustee $Mailbox -AccessRights SendAs -Confirm:$false',
    '    }',
    '} else {',
    "    Write-Host 'Send As already granted: nothing to change.'",
    '}',
    psComment('Verify:'),
    'Get-RecipientPermission -Identity $From | Where-Object { [string]$_.Trustee -eq $Mailbox } | Format-Table \'Trustee\', \'AccessRights\' -AutoSize',
    psComment('Undo: Remove-RecipientPermission -Identity $From -Trustee $Mailbox -AccessRights SendAs -Confirm:$false'),
    psComment('Which principal app-only SMTP needs Send As for is not documented for certain; if the mailbox is not enough, also:'),
    psComment('Add-RecipientPermission -Identity $From -Trustee $EnterpriseObjectId -AccessRights SendAs -Confirm:$false'),
  ],
}

function toggleBlock(property: 'ImapEnabled' | 'PopEnabled', name: string): string[] {
  return [
    psComment(`${name} on the mailbox: Get-CASMailbox shows ${property}.`),
    psComment('Current state (read-only):'),
    `$cas = Get-CASMailbox -Identity $Mailbox`,
    `$cas | Format-List ${property}`,
    `if (-not $cas.${property}) {`,
    `    ${WHATIF}($Mailbox, 'Set-CASMailbox -${property} $true')) {`,
    `        Set-CASMailbox -Identity $Mailbox -${property} $true`,
    '    }',
    '} else {',
    `    Write-Host '${name} already enabled on the mailbox: nothing to change.'`,
    '}',
    psComment('Verify (Exchange can take about 30 minutes to apply it):'),
    `Get-CASMailbox -Identity $Mailbox | Format-List ${property}`,
    psComment(`Undo: Set-CASMailbox -Identity $Mailbox -${property} $false`),
  ]
}
