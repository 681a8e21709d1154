// `evidence-script FILE.ps1`: a read-only PowerShell script for the customer's Exchange admin. It runs only Get- and
// Test- cmdlets and writes ONE JSON file in the format of ./exchange-evidence.ts, which `check --exchange-evidence`
// reads. Every value is reduced to the properties the doctor needs, as text (IDs, names), booleans or null, so the
// file looks the same from Windows PowerShell 5.1 and PowerShell 7. A pure function: no I/O.
import {psQuote} from '../diagnosis/powershell.js'
import type {Cloud} from '../core/cloud.js'
import {connectExchangeLine, psAssign, psComment} from './ps-script.js'

export interface EvidenceScriptInput {
  appId: string
  /** The mailbox the product logs in as, the From address, any others in question. */
  mailboxes: string[]
  organization?: string
  cloud?: Cloud
  generatedAt?: Date
  version?: string
}

export const DEFAULT_EVIDENCE_FILE = 'o365doctor-evidence.json'

export function evidenceScript(input: EvidenceScriptInput): string {
  const when = (input.generatedAt ?? new Date()).toISOString()
  const header = [
    `o365doctor evidence script: READ-ONLY. Collects what Exchange Online knows about app ${input.appId} and mailbox(es)`,
    `${input.mailboxes.join(', ')} into ONE JSON file, for "o365doctor check --exchange-evidence FILE".`,
    'It changes nothing: it runs only Get- and Test- cmdlets (Get-ServicePrincipal, Get-MailboxPermission,',
    'Get-RecipientPermission, Get-CASMailbox, Get-TransportConfig, Get-ManagementRoleAssignment, Test-ServicePrincipalAuthorization).',
    `Generated ${when}${input.version ? ` by o365doctor ${input.version}` : ''}.`,
    '',
    'Run it as an Exchange administrator (PowerShell 7 or Windows PowerShell 5.1, module ExchangeOnlineManagement):',
    `    .\\evidence.ps1                       writes ${DEFAULT_EVIDENCE_FILE} in the current folder`,
    '    .\\evidence.ps1 -OutFile C:\\temp\\x.json',
    'Send the file back. It holds the app\'s IDs, the mailboxes\' protocol settings and who has permissions on them;',
    'no passwords, secrets or tokens. A cmdlet that fails (e.g. a mailbox not found) is recorded in "errors".',
  ]
  const lines = [
    ...header.map((l) => psComment(l)),
    '',
    '[CmdletBinding()]',
    'param(',
    `    [string] $OutFile = ${psQuote(DEFAULT_EVIDENCE_FILE)}`,
    ')',
    '',
    "$ErrorActionPreference = 'Stop'",
    '',
    psComment('What to collect. Single-quoted, so nothing in them is ever run as code.'),
    psAssign('Organization', input.organization, 'the tenant'),
    psAssign('AppId', input.appId, 'Application (client) ID of the app'),
    `$Mailboxes = @(${input.mailboxes.map(psQuote).join(', ')})`,
    '',
    connectExchangeLine(input.cloud, input.organization !== undefined && input.organization !== ''),
    '',
    ...BODY,
  ]
  return `${lines.join('\n')}\n`
}

// The fixed part: no values from outside, only the variables above.
const BODY = [
  '$errors = [System.Collections.Generic.List[object]]::new()',
  '',
  psComment('Runs one read-only cmdlet; a failure is recorded instead of stopping the collection.'),
  'function Invoke-Evidence {',
  '    param([string] $Cmdlet, [string] $Target, [scriptblock] $Read)',
  '    try {',
  '        & $Read',
  '    } catch {',
  '        $errors.Add([ordered]@{ cmdlet = $Cmdlet; target = $Target; message = [string]$_.Exception.Message })',
  '    }',
  '}',
  '',
  psComment('Keeps the named properties, as Exchange names them: text, booleans, null, or arrays of text.'),
  'function ConvertTo-EvidenceObject {',
  '    param([Parameter(ValueFromPipeline = $true)] $InputObject, [string[]] $Property, [hashtable] $Extra = @{})',
  '    process {',
  '        if ($null -eq $InputObject) { return }',
  '        $o = [ordered]@{}',
  '        foreach ($p in $Property) {',
  '            $v = $InputObject.$p',
  '            if ($null -eq $v -or $v -is [bool]) { $o[$p] = $v }',
  '            elseif ($v -is [System.Collections.IEnumerable] -and $v -isnot [string]) { $o[$p] = @($v | ForEach-Object { [string]$_ }) }',
  '            else { $o[$p] = [string]$v }',
  '        }',
  '        foreach ($k in $Extra.Keys) { $o[$k] = $Extra[$k] }',
  '        [pscustomobject]$o',
  '    }',
  '}',
  '',
  psComment('Get-ServicePrincipal: every service principal Exchange knows, filtered to this AppId.'),
  '$servicePrincipals = @(Invoke-Evidence \'Get-ServicePrincipal\' $AppId { Get-ServicePrincipal | Where-Object { [string]$_.AppId -eq $AppId } } |',
  '    ConvertTo-EvidenceObject -Property \'AppId\', \'ObjectId\', \'DisplayName\', \'Identity\', \'Sid\')',
  '',
  psComment('Per mailbox: Get-CASMailbox (SMTP AUTH, IMAP, POP), Get-MailboxPermission (FullAccess), Get-RecipientPermission (Send As).'),
  '$mailboxEvidence = @(foreach ($address in $Mailboxes) {',
  '    $cas = @(Invoke-Evidence \'Get-CASMailbox\' $address { Get-CASMailbox -Identity $address } |',
  '        ConvertTo-EvidenceObject -Property \'Identity\', \'PrimarySmtpAddress\', \'ImapEnabled\', \'PopEnabled\', \'SmtpClientAuthenticationDisabled\')',
  '    $casMailbox = $null',
  '    if ($cas.Count -gt 0) { $casMailbox = $cas[0] }',
  '    $mailboxPermissions = @(Invoke-Evidence \'Get-MailboxPermission\' $address { Get-MailboxPermission -Identity $address } |',
  '        ConvertTo-EvidenceObject -Property \'Identity\', \'User\', \'AccessRights\', \'IsInherited\', \'Deny\')',
  '    $recipientPermissions = @(Invoke-Evidence \'Get-RecipientPermission\' $address { Get-RecipientPermission -Identity $address } |',
  '        ConvertTo-EvidenceObject -Property \'Identity\', \'Trustee\', \'AccessControlType\', \'AccessRights\')',
  '    [ordered]@{',
  '        address = $address',
  '        casMailbox = $casMailbox',
  '        mailboxPermissions = $mailboxPermissions',
  '        recipientPermissions = $recipientPermissions',
  '    }',
  '})',
  '',
  psComment('Get-TransportConfig: the organisation\'s SMTP AUTH setting (a mailbox\'s own setting overrides it).'),
  '$transport = @(Invoke-Evidence \'Get-TransportConfig\' \'\' { Get-TransportConfig } | ConvertTo-EvidenceObject -Property SmtpClientAuthenticationDisabled)',
  '$transportConfig = $null',
  'if ($transport.Count -gt 0) { $transportConfig = $transport[0] }',
  '',
  psComment('RBAC for Applications, where the cmdlets exist: role assignments to this app\'s service principals, and what they allow per mailbox.'),
  '$rbacAvailable = $null -ne (Get-Command Test-ServicePrincipalAuthorization -ErrorAction SilentlyContinue)',
  '$roleAssignments = @()',
  '$authorization = @()',
  'if ($rbacAvailable -and $servicePrincipals.Count -gt 0) {',
  '    $spKeys = @($servicePrincipals | ForEach-Object { $_.ObjectId; $_.DisplayName; $_.Identity } | Where-Object { $_ })',
  '    $roleAssignments = @(Invoke-Evidence \'Get-ManagementRoleAssignment\' $AppId { Get-ManagementRoleAssignment -RoleAssigneeType ServicePrincipal } |',
  '        Where-Object { $spKeys -contains [string]$_.RoleAssignee -or $spKeys -contains [string]$_.RoleAssigneeName } |',
  '        ConvertTo-EvidenceObject -Property \'Name\', \'Role\', \'RoleAssignee\', \'RoleAssigneeType\', \'CustomResourceScope\', \'Enabled\')',
  '    foreach ($sp in $servicePrincipals) {',
  '        foreach ($address in $Mailboxes) {',
  '            $authorization += @(Invoke-Evidence \'Test-ServicePrincipalAuthorization\' $address { Test-ServicePrincipalAuthorization -Identity $sp.ObjectId -Resource $address } |',
  '                ConvertTo-EvidenceObject -Property \'RoleName\', \'GrantedPermissions\', \'AllowedResourceScope\', \'ScopeType\', \'InScope\' -Extra @{ mailbox = $address })',
  '        }',
  '    }',
  '}',
  '',
  '$evidence = [ordered]@{',
  '    o365doctorEvidence = 1',
  '    collectedAt = (Get-Date).ToUniversalTime().ToString(\'o\')',
  '    organization = $Organization',
  '    appId = $AppId',
  '    servicePrincipals = $servicePrincipals',
  '    mailboxes = $mailboxEvidence',
  '    transportConfig = $transportConfig',
  '    rbac = [ordered]@{ available = $rbacAvailable; roleAssignments = $roleAssignments; authorization = $authorization }',
  '    errors = @($errors)',
  '}',
  '$evidence | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $OutFile -Encoding utf8',
  'Write-Host (\'Wrote \' + (Resolve-Path -LiteralPath $OutFile) + \'; send this file back to whoever asked for it. Nothing was changed.\')',
]
