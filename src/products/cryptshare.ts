// Cryptshare (secure file transfer): System Settings > Mail Server, SMTP server type "Microsoft Exchange Online with
// OAuth2 authentication"; SMTP only, SMTP.SendAsApp. The sender address must be the mailbox the permission was
// granted on, also in the policy rules. Guide: seeds/004_….txt.
import type {CauseId} from '../core/cause-ids.js'
import type {RawSettings} from '../settings/raw-settings.js'
import {normKey, parseYamlDoc, readFields, type FieldSpecs} from './product-file.js'
import {defineProduct, val} from './reword.js'
import type {LabelKey, ProductFix} from './types.js'

const NAME = 'Cryptshare'
const MAIL_SERVER = 'Cryptshare administration > System Settings > Mail Server'
const EXO_TYPE = 'Microsoft Exchange Online with OAuth2 authentication'

const FILE: FieldSpecs = {
  'SMTP server type': {kind: 'text'},
  'Sender email address': {kind: 'text'},
  'Allow use of individual sender addresses': {kind: 'bool'},
  'Directory (tenant) ID': {kind: 'text'},
  'Application (client) ID': {kind: 'text'},
  'Client Secret': {kind: 'text'},
  'Object ID': {kind: 'text'},
  'Test with email address': {kind: 'text'},
  'Policy rules': {kind: 'section', fields: {'Sender email address': {kind: 'text'}}},
}

function readFile(text: string, file: string): {values: RawSettings; notes: string[]} {
  const doc = parseYamlDoc(text, file)
  const f = readFields(doc.root, FILE, doc, NAME)
  const notes: string[] = []
  const type = f.text('SMTP server type')
  const sender = f.text('Sender email address')
  const policySender = f.section('Policy rules')?.text('Sender email address')
  if (f.bool('Allow use of individual sender addresses')) {
    notes.push('"Allow use of individual sender addresses." is checked: users may then send from their own addresses, which the mailbox may not send as (SendAsDenied). Uncheck it, or prove one such address with --from <address> --send-test.')
  }
  const test = f.text('Test with email address')
  if (test) notes.push(`"Test with email address" is ${test}: o365doctor check --send-test --send-test-to ${test} sends the same kind of test.`)
  const values: RawSettings = {
    tenant: f.text('Directory (tenant) ID'),
    clientId: f.text('Application (client) ID'),
    clientSecret: f.text('Client Secret'),
    mailbox: sender,
    from: policySender ?? sender,
    exchangeObjectId: f.text('Object ID'),
    protocols: ['smtp'],
    // Another server type is not OAuth: Exchange Online then sees a password login.
    auth: type === undefined || normKey(type) === normKey(EXO_TYPE) ? 'oauth2' : 'basic',
  }
  return {values, notes}
}

const senderStep: ProductFix = (c) => [
  `In ${MAIL_SERVER}, "Sender email address" must be the address the mailbox permission was created for (${val(c.settings.mailbox, 'sender email address')}), and the checkbox "Allow use of individual sender addresses." must be unchecked. Define the same "Sender Email Address" in the policy rules${c.settings.from && c.settings.from !== c.settings.mailbox ? ` (it is ${c.settings.from} there now)` : ''}.`,
  'Click "Save changes", then "Send test message" to an address entered in "Test with email address".',
]
const spStep: ProductFix = () => [
  'New-ServicePrincipal -AppId <application ID> -ObjectId <object ID>, where the object ID is the one in the "Object ID" column under Company apps (Enterprise apps), which differs from the object ID under App registrations. Then Get-ServicePrincipal | fl, find the entry with that AppId and ObjectId, and use its "Sid" as the service principal ID.',
]
const secretStep: ProductFix = () => [
  `Create a new secret client key (Certificates & Secrets > Secret Client Keys, at most two years), copy the string in the "Value" column (not the Secret ID), enter it in ${MAIL_SERVER} > "Client Secret" and click "Save changes". Put the expiry date in a calendar: after it, Cryptshare can no longer send.`,
]
const consentStep: ProductFix = () => [
  'API permissions > Add permission > APIs used by my organisation > Office 365 Exchange Online: add the "SMTP.SendAsApp" application permission, then "Grant admin consent for <your company name>" and confirm with "Yes".',
]

const fixes: Partial<Record<CauseId, ProductFix>> = {
  'exchange.send-as-denied': senderStep,
  'exchange.mailbox-permission-missing': (c) => [
    `Assign the permission to the address Cryptshare sends from: Add-MailboxPermission -Identity '${val(c.settings.mailbox, 'sender email address')}' -User <service principal ID> -AccessRights FullAccess, with the "Sid" from Get-ServicePrincipal as the service principal ID.`,
    `Make sure ${MAIL_SERVER} > "Sender email address" is that same address.`,
  ],
  'exchange.service-principal-missing': spStep,
  'exchange.service-principal-wrong-object-id': spStep,
  'exchange.authorization-failed': spStep,
  'config.secret-is-secret-id': secretStep,
  'token.invalid-secret': secretStep,
  'token.secret-expired': secretStep,
  'graph.secret-expiring': secretStep,
  'token.missing-secret': secretStep,
  'token.tenant-not-found': () => [`In ${MAIL_SERVER}, enter the "Directory ID (tenant)" from the app registration in the "Directory (tenant) ID" field.`],
  'token.app-not-found': () => [`In ${MAIL_SERVER}, enter the "Application ID (client)" in the "Application (client) ID" field.`],
  'claims.missing-role': consentStep,
  'claims.no-application-roles': consentStep,
  'graph.consent-missing': consentStep,
  'graph.permission-not-configured': consentStep,
  'config.basic-auth': () => [`In ${MAIL_SERVER}, select "${EXO_TYPE}" as the "SMTP server type".`],
}

const labels: Record<LabelKey, string> = {
  tenant: '"Directory (tenant) ID"', clientId: '"Application (client) ID"', clientSecret: '"Client Secret"',
  mailbox: '"Sender email address"', from: '"Sender Email Address" in the policy rules', scope: 'scope', tokenUrl: 'token URL',
  enterpriseObjectId: '"Object ID" (Company apps)',
}
const causeLabels: Partial<Record<CauseId, LabelKey>> = {
  'exchange.send-as-denied': 'from', 'exchange.mailbox-permission-missing': 'mailbox', 'config.secret-is-secret-id': 'clientSecret',
  'token.invalid-secret': 'clientSecret', 'exchange.service-principal-wrong-object-id': 'enterpriseObjectId',
}

export const cryptshare = defineProduct({
  id: 'cryptshare',
  name: NAME,
  kind: 'secure file transfer',
  guide: '004_2e5320ec68775cb8.txt',
  stresses: 'enterprise-app Object ID differs from the app registration\'s; Get-ServicePrincipal Sid; FullAccess; sender address must match the mailbox (and policy rules); secret at most two years',
  protocols: ['smtp'],
  protocolRule: 'all',
  roles: ['SMTP.SendAsApp'],
  defaults: {
    scope: 'https://outlook.office365.com/.default',
    smtp: {host: 'smtp.office365.com', port: 587, tls: 'starttls'},
  },
  fields: [
    {name: 'SMTP server type', setting: 'auth', where: `${MAIL_SERVER}: "${EXO_TYPE}"`},
    {name: 'Sender email address', setting: 'mailbox', where: MAIL_SERVER},
    {name: 'Directory (tenant) ID', setting: 'tenant', where: MAIL_SERVER},
    {name: 'Application (client) ID', setting: 'clientId', where: MAIL_SERVER},
    {name: 'Client Secret', setting: 'clientSecret', where: MAIL_SERVER},
    {name: 'Object ID', setting: 'exchangeObjectId', where: 'Company apps (Enterprise apps) > Object ID, passed to New-ServicePrincipal'},
    {name: 'Policy rules.Sender email address', setting: 'from', where: 'Cryptshare policy rules'},
  ],
  labels,
  notes: [
    'The "Sender email address" must be the mailbox given FullAccess, and the same in the policy rules; leave "Allow use of individual sender addresses." unchecked.',
    'The enterprise application\'s Object ID (Company apps) differs from the app registration\'s; Add-MailboxPermission takes the Sid from Get-ServicePrincipal.',
    'A secret client key lasts at most two years: set a reminder to replace it.',
  ],
  readFile,
  fixes,
  causeLabels,
})
