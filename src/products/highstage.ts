// Highstage (reads mail with Rebex IMAP/POP3): IMAP and/or POP3, IMAP.AccessAsApp and/or POP.AccessAsApp.
// The guide works with PowerShell variables ($AppId, $TenantId, $PrincipalId) and warns that mismatched IDs give
// a token but no mailbox access. Guide: seeds/002_….txt. The guide shows no Highstage settings screen, so the
// file uses the guide's own words for the values and plain Host/Port/Security for each protocol.
import type {CauseId} from '../core/cause-ids.js'
import type {RawEndpoint, RawSettings} from '../settings/raw-settings.js'
import {choose, parseYamlDoc, readFields, type Fields, type FieldSpecs} from './product-file.js'
import {defineProduct, evidenceText, val} from './reword.js'
import type {LabelKey, ProductFix} from './types.js'

const NAME = 'Highstage'

const ENDPOINT: FieldSpecs = {Host: {kind: 'text', aliases: ['Server']}, Port: {kind: 'port'}, Security: {kind: 'text', aliases: ['TLS', 'SSL']}}
const FILE: FieldSpecs = {
  'Directory (tenant) ID': {kind: 'text', aliases: ['TenantId', 'Tenant ID']},
  'Application (client) ID': {kind: 'text', aliases: ['AppId', 'Client ID']},
  'Client secret': {kind: 'text', aliases: ['Client secret Value']},
  Mailbox: {kind: 'text'},
  'Service principal ID': {kind: 'text', aliases: ['PrincipalId']},
  DisplayName: {kind: 'text'},
  IMAP: {kind: 'section', fields: ENDPOINT},
  POP3: {kind: 'section', fields: ENDPOINT, aliases: ['POP']},
}
const SECURITY: Record<string, string> = {
  implicit: 'implicit', 'ssl/tls': 'implicit', ssl: 'implicit', tls: 'implicit', explicit: 'starttls', starttls: 'starttls', none: 'none', plain: 'none',
}

function readFile(text: string, file: string): {values: RawSettings; notes: string[]} {
  const doc = parseYamlDoc(text, file)
  const f = readFields(doc.root, FILE, doc, NAME)
  const endpoint = (s: Fields | undefined, label: string): RawEndpoint | undefined =>
    s && {host: s.text('Host'), port: s.port('Port'), tls: choose(s.text('Security'), s.where('Security'), `${label} "Security"`, SECURITY, ['Implicit (SSL/TLS)', 'Explicit (STARTTLS)', 'None'])}
  const values: RawSettings = {
    tenant: f.text('Directory (tenant) ID'),
    clientId: f.text('Application (client) ID'),
    clientSecret: f.text('Client secret'),
    mailbox: f.text('Mailbox'),
    exchangeObjectId: f.text('Service principal ID'),
    imap: endpoint(f.section('IMAP'), 'IMAP'),
    pop: endpoint(f.section('POP3'), 'POP3'),
  }
  const protocols = [...(f.has('IMAP') ? ['imap'] : []), ...(f.has('POP3') ? ['pop'] : [])]
  if (protocols.length > 0) values.protocols = protocols
  return {values, notes: []}
}

const idsStep: ProductFix = (c) => {
  const oid = evidenceText(c.cause, 'oid', 'enterpriseObjectId', 'tokenOid')
  return [
    `Mismatched IDs, the guide's first common issue: the token comes, mailbox access fails. Get the service principal ID with Connect-AzureAd -Tenant $TenantId; ($Principal = Get-AzureADServicePrincipal -filter "AppId eq '$AppId'"); $PrincipalId = $Principal.ObjectId${oid ? ` (here ${oid})` : ''}, not the Object ID on the app registration's page.`,
    'Register it again with that ID: New-ServicePrincipal -AppId $AppId -ServiceId $PrincipalId -DisplayName $DisplayName (remove the wrong one first with Remove-ServicePrincipal), then add FullAccess again: Add-MailboxPermission -User $PrincipalId -AccessRights FullAccess -Identity "<mailbox>".',
  ]
}
const secretStep: ProductFix = () => [
  'Create a new client secret (Certificates & secrets > + New client secret) and immediately copy its Value, not its Secret ID: the Value cannot be viewed later. Give Highstage that Value as the client secret.',
]
const consentStep: ProductFix = (c) => [
  `API permissions > + Add a permission > APIs my organization uses > Office 365 Exchange Online > Application permissions: tick ${c.settings.protocols.map((p) => (p === 'imap' ? 'IMAP.AccessAsApp' : p === 'pop' ? 'POP.AccessAsApp' : 'SMTP.SendAsApp')).join(' and ')}, then have an administrator click "Grant admin consent for [organization]". The delegated User.Read is not needed and may be removed.`,
]
const endpointStep = (protocol: 'IMAP' | 'POP3', port: number): ProductFix => () => [
  `Point Highstage's ${protocol} at outlook.office365.com, port ${port}, with TLS from the start (implicit SSL/TLS). If it still fails, use an up-to-date Rebex ${protocol}: the guide says old versions were not tested with today's Exchange Online.`,
]

const fixes: Partial<Record<CauseId, ProductFix>> = {
  'exchange.service-principal-wrong-object-id': idsStep,
  'exchange.authorization-failed': idsStep,
  'exchange.service-principal-missing': idsStep,
  'exchange.mailbox-permission-missing': (c) => [
    `Add FullAccess for every mailbox Highstage reads (there is no web UI for this yet): Add-MailboxPermission -User $PrincipalId -AccessRights FullAccess -Identity "${val(c.settings.mailbox, 'mailbox')}".`,
  ],
  'config.secret-is-secret-id': secretStep,
  'token.invalid-secret': secretStep,
  'token.secret-expired': secretStep,
  'graph.secret-expiring': secretStep,
  'claims.missing-role': consentStep,
  'claims.no-application-roles': consentStep,
  'graph.consent-missing': consentStep,
  'graph.permission-not-configured': consentStep,
  'config.imap-tls-mode': endpointStep('IMAP', 993),
  'config.imap-host': endpointStep('IMAP', 993),
  'config.pop-tls-mode': endpointStep('POP3', 995),
  'config.pop-host': endpointStep('POP3', 995),
  'token.app-not-found': () => ['Use the Application (client) ID ($AppId) from the app registration\'s overview, in the tenant you selected under Directories + subscriptions.'],
  'token.tenant-not-found': () => ['Use the Directory (tenant) ID ($TenantId) of the tenant that holds Highstage\'s mailbox.'],
}

const labels: Record<LabelKey, string> = {
  tenant: 'Directory (tenant) ID ($TenantId)', clientId: 'Application (client) ID ($AppId)', clientSecret: 'client secret Value (not Secret ID)',
  mailbox: 'mailbox', from: 'mailbox', scope: 'scope', tokenUrl: 'token URL', enterpriseObjectId: 'service principal ID ($PrincipalId)',
}
const causeLabels: Partial<Record<CauseId, LabelKey>> = {
  'config.secret-is-secret-id': 'clientSecret', 'token.invalid-secret': 'clientSecret',
  'exchange.service-principal-wrong-object-id': 'enterpriseObjectId', 'exchange.authorization-failed': 'enterpriseObjectId',
}

export const highstage = defineProduct({
  id: 'highstage',
  name: NAME,
  kind: 'reads mail with Rebex IMAP/POP3',
  guide: '002_db849c28085ff2df.txt',
  stresses: 'Secret Value, not Secret ID; admin consent; $PrincipalId from Get-AzureADServicePrincipal for New-ServicePrincipal -ServiceId; FullAccess per mailbox; mismatched IDs',
  protocols: ['imap', 'pop'],
  protocolRule: 'any',
  roles: ['IMAP.AccessAsApp', 'POP.AccessAsApp'],
  defaults: {
    scope: 'https://outlook.office365.com/.default',
    imap: {host: 'outlook.office365.com', port: 993, tls: 'implicit'},
    pop: {host: 'outlook.office365.com', port: 995, tls: 'implicit'},
  },
  fields: [
    {name: 'Directory (tenant) ID', setting: 'tenant', where: 'App registration overview ($TenantId)'},
    {name: 'Application (client) ID', setting: 'clientId', where: 'App registration overview ($AppId)'},
    {name: 'Client secret', setting: 'clientSecret', where: 'Certificates & secrets: the Value column'},
    {name: 'Mailbox', setting: 'mailbox', where: 'the mailbox given FullAccess (Add-MailboxPermission -Identity)'},
    {name: 'Service principal ID', setting: 'exchangeObjectId', where: '$PrincipalId passed to New-ServicePrincipal -ServiceId'},
    {name: 'IMAP.Host / Port / Security', setting: 'imap.host', where: 'Highstage IMAP (outlook.office365.com, 993, implicit)'},
    {name: 'POP3.Host / Port / Security', setting: 'pop.host', where: 'Highstage POP3 (outlook.office365.com, 995, implicit)'},
  ],
  labels,
  notes: [
    'Copy the client secret\'s Value, not its Secret ID; the Value cannot be viewed later.',
    'Mismatched IDs in the PowerShell steps give a token but no mailbox access: $PrincipalId must come from Get-AzureADServicePrincipal.',
    'FullAccess is needed on every mailbox Highstage reads.',
  ],
  readFile,
  fixes,
  causeLabels,
})
