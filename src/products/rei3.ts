// REI3 (low-code platform): an OAuth client (Admin > OAuth clients) and one or two email accounts (Admin > Email
// accounts) for SMTP and/or IMAP. Scope https://outlook.office.com/.default, Token URI with {TENANT}. Guide:
// seeds/003_….txt.
import type {CauseId} from '../core/cause-ids.js'
import {InputError} from '../core/input-error.js'
import type {RawEndpoint, RawSettings} from '../settings/raw-settings.js'
import {choose, parseYamlDoc, readFields, type FieldSpecs} from './product-file.js'
import {defineProduct, val} from './reword.js'
import type {FixContext, LabelKey, ProductFix} from './types.js'

const NAME = 'REI3'
const OAUTH = 'REI3 Admin > OAuth clients'
const ACCOUNTS = 'REI3 Admin > Email accounts'
const TEMPLATE_TOKEN_URI = 'https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/token'

const OAUTH_CLIENT: FieldSpecs = {
  Name: {kind: 'text'},
  Tenant: {kind: 'text'},
  'Client ID': {kind: 'text'},
  'Client secret': {kind: 'text'},
  'Expiration date': {kind: 'text'},
  Template: {kind: 'text'},
  Scopes: {kind: 'texts', aliases: ['Scope']},
  'Token URI': {kind: 'text'},
}
const ACCOUNT: FieldSpecs = {
  Name: {kind: 'text'},
  Connector: {kind: 'text'},
  'Authentication method': {kind: 'text'},
  Username: {kind: 'text'},
  'OAuth client': {kind: 'text'},
  'Send address': {kind: 'text'},
  STARTTLS: {kind: 'bool'},
  Hostname: {kind: 'text'},
  Port: {kind: 'port'},
}
const FILE: FieldSpecs = {
  'OAuth client': {kind: 'section', fields: OAUTH_CLIENT},
  'Email accounts': {kind: 'list', fields: ACCOUNT},
}
const CONNECTOR: Record<string, 'smtp' | 'imap'> = {smtp: 'smtp', imap: 'imap'}
const AUTH: Record<string, string> = {'oauth 2.0': 'oauth2', oauth2: 'oauth2', oauth: 'oauth2', plain: 'basic', login: 'basic', password: 'basic', basic: 'basic'}

function readFile(text: string, file: string, now = new Date()): {values: RawSettings; notes: string[]} {
  const doc = parseYamlDoc(text, file)
  const top = readFields(doc.root, FILE, doc, NAME)
  const client = top.section('OAuth client')
  const notes: string[] = []
  const values: RawSettings = {}
  if (client) {
    values.tenant = client.text('Tenant')
    values.clientId = client.text('Client ID')
    values.clientSecret = client.text('Client secret')
    values.tokenUrl = client.text('Token URI')
    const scopes = client.texts('Scopes')
    if (scopes) values.scope = scopes.join(' ')
    const expires = client.text('Expiration date')
    if (expires !== undefined) {
      const date = new Date(expires)
      if (Number.isNaN(date.getTime())) throw new InputError(client.where('Expiration date'), `"Expiration date" must be a date such as 2026-05-31 (got "${expires}")`)
      const days = Math.floor((date.getTime() - now.getTime()) / 86_400_000)
      notes.push(days < 0
        ? `The OAuth client's "Expiration date" ${expires} has passed: create a new client secret and enter it with its new expiration date.`
        : `REI3 will remind admin contacts before the client secret expires on ${expires} (in ${days} days).`)
    }
  }
  const seen: Partial<Record<'smtp' | 'imap', RawEndpoint>> = {}
  let mailbox: {value: string; at: string} | undefined
  for (const account of top.list('Email accounts')) {
    const protocol = choose(account.text('Connector'), account.where('Connector'), '"Connector"', CONNECTOR, ['SMTP', 'IMAP'])
    if (!protocol) throw new InputError(account.at, 'each email account needs a "Connector" (SMTP or IMAP)')
    if (seen[protocol]) throw new InputError(account.where('Connector'), `a second ${protocol.toUpperCase()} email account: o365doctor checks one account per connector at a time`)
    const user = account.text('Username')
    if (user !== undefined && mailbox !== undefined && user.trim().toLowerCase() !== mailbox.value.trim().toLowerCase()) {
      throw new InputError(account.where('Username'), `"Username" differs from the other email account's (${mailbox.at}); check each mailbox with its own file`)
    }
    if (user !== undefined) mailbox ??= {value: user, at: account.where('Username')}
    const auth = choose(account.text('Authentication method'), account.where('Authentication method'), '"Authentication method"', AUTH, ['OAUTH 2.0'])
    if (auth) values.auth = auth
    const starttls = account.bool('STARTTLS')
    seen[protocol] = {host: account.text('Hostname'), port: account.port('Port'), tls: starttls === undefined ? undefined : starttls ? 'starttls' : 'implicit'}
    if (protocol === 'smtp' && account.text('Send address') !== undefined) values.from = account.text('Send address')
    const ref = account.text('OAuth client')
    const clientName = client?.text('Name')
    if (ref !== undefined && clientName !== undefined && ref !== clientName) {
      throw new InputError(account.where('OAuth client'), `"OAuth client" is "${ref}", but the OAuth client in this file is "${clientName}"`)
    }
  }
  values.mailbox = mailbox?.value
  values.smtp = seen.smtp
  values.imap = seen.imap
  const protocols = (['smtp', 'imap'] as const).filter((p) => seen[p])
  if (protocols.length > 0) values.protocols = [...protocols]
  return {values, notes}
}

const clientName = (_c: FixContext): string => `${OAUTH} > your OAuth client`
const secretStep: ProductFix = (c) => [
  `Create a new client secret, copy its value immediately (it is not shown again), and enter it in ${clientName(c)} > "Client secret" together with its "Expiration date", so REI3 can inform admin contacts before it runs out. API permissions and Exchange Online settings stay as they are.`,
]
const scopeStep: ProductFix = (c) => [`In ${clientName(c)}, set "Scopes" to https://outlook.office.com/.default (what the "O365 mailing" template sets).`]
const spStep: ProductFix = () => [
  'Register REI3 in Exchange Online: New-ServicePrincipal -AppId APPLICATION_CLIENT_ID -ObjectId OBJECT_ID, with the Object ID copied from Enterprise applications > your app (not from App registrations), then Add-MailboxPermission -Identity "<mailbox>" -User OBJECT_ID -AccessRights FullAccess.',
]
const consentStep: ProductFix = () => [
  'In the app registration, API permissions > Add a permission > APIs my organization uses > Office 365 Exchange Online > Application permissions: select IMAP.AccessAsApp and SMTP.SendAsApp, then "Grant admin consent for YOUR_TENANT_NAME".',
]
const testStep = `Then send a test from ${ACCOUNTS} > "Test email".`

const fixes: Partial<Record<CauseId, ProductFix>> = {
  'config.token-url': (c) => [
    `In ${clientName(c)}, replace {TENANT} in "Token URI" with your Directory (tenant) ID: https://login.microsoftonline.com/${val(c.settings.tenant, 'tenant ID')}/oauth2/v2.0/token. The "O365 mailing" template fills in ${TEMPLATE_TOKEN_URI}; the guide does not say REI3 replaces {TENANT} itself, so enter the tenant there.`,
    testStep,
  ],
  'exchange.smtp-auth-disabled-tenant': (c) => [
    `REI3's guide: "Make sure that SMTP authentication is not disabled for the entire organization." Least privilege: tick "Authenticated SMTP" for the REI3 mailbox only (Microsoft 365 admin center > Active users > ${val(c.settings.mailbox, 'REI3 mailbox')} > Mail > Manage email apps), which overrides the organisation setting; OAuth2 ("Modern Authentication") is used, so legacy authentication is not required.`,
    testStep,
  ],
  'exchange.smtp-auth-disabled-mailbox': (c) => [
    `Make sure SMTP is enabled for the REI3 mailbox: Microsoft 365 admin center > Active users > ${val(c.settings.mailbox, 'REI3 mailbox')} > Mail > Manage email apps > tick "Authenticated SMTP".`,
    testStep,
  ],
  'exchange.imap-disabled': (c) => [
    `Make sure IMAP is enabled for the REI3 mailbox: Microsoft 365 admin center > Active users > ${val(c.settings.mailbox, 'REI3 mailbox')} > Mail > Manage email apps > tick "IMAP".`,
  ],
  'config.secret-is-secret-id': secretStep,
  'token.invalid-secret': secretStep,
  'token.secret-expired': secretStep,
  'graph.secret-expiring': secretStep,
  'config.scope-not-default': scopeStep,
  'config.scope-wrong-resource': scopeStep,
  'token.invalid-scope': scopeStep,
  'claims.wrong-audience': scopeStep,
  'token.tenant-not-found': (c) => [`In ${clientName(c)}, "Tenant" and the tenant in "Token URI" must be your Directory (tenant) ID.`],
  'token.app-not-found': (c) => [`In ${clientName(c)}, "Client ID" must be the app registration's "Application (client) ID".`],
  'exchange.service-principal-missing': spStep,
  'exchange.service-principal-wrong-object-id': spStep,
  'exchange.authorization-failed': spStep,
  'exchange.mailbox-permission-missing': (c) => [`Give the service principal full access: Add-MailboxPermission -Identity "${val(c.settings.mailbox, 'user@my-domain.com')}" -User OBJECT_ID -AccessRights FullAccess.`],
  'exchange.send-as-denied': (c) => [
    `In ${ACCOUNTS} > the SMTP account, set "Send address" to the "Username" (${val(c.settings.mailbox, 'Username')}): by default the sender address should be the same as the email account username.`,
  ],
  'claims.missing-role': consentStep,
  'claims.no-application-roles': consentStep,
  'graph.consent-missing': consentStep,
  'graph.permission-not-configured': consentStep,
  'config.smtp-tls-mode': () => [`In ${ACCOUNTS} > the SMTP account: Port 587 with "STARTTLS" ticked.`],
  'config.imap-tls-mode': () => [`In ${ACCOUNTS} > the IMAP account: Hostname outlook.office365.com, Port 993, "STARTTLS" not ticked (TLS from the start).`],
  'config.basic-auth': () => [`In ${ACCOUNTS}, set "Authentication method" to OAUTH 2.0 and select the OAuth client.`],
}

const labels: Record<LabelKey, string> = {
  tenant: '"Tenant" (OAuth client)', clientId: '"Client ID" (OAuth client)', clientSecret: '"Client secret" (OAuth client)',
  mailbox: '"Username" (email account)', from: '"Send address" (SMTP email account)', scope: '"Scopes" (OAuth client)',
  tokenUrl: '"Token URI" (OAuth client)', enterpriseObjectId: 'OBJECT_ID (Enterprise applications)',
}
const causeLabels: Partial<Record<CauseId, LabelKey>> = {
  'config.token-url': 'tokenUrl', 'config.secret-is-secret-id': 'clientSecret', 'token.invalid-secret': 'clientSecret',
  'config.scope-not-default': 'scope', 'config.scope-wrong-resource': 'scope', 'exchange.send-as-denied': 'from',
}

export const rei3 = defineProduct({
  id: 'rei3',
  name: NAME,
  kind: 'low-code platform',
  guide: '003_fb57255ef9c28ca3.txt',
  stresses: 'SMTP and IMAP enabled on the mailbox; SMTP AUTH not disabled for the organisation; scope https://outlook.office.com/.default; {TENANT} in the Token URI; secret expiration date',
  protocols: ['smtp', 'imap'],
  protocolRule: 'any',
  roles: ['SMTP.SendAsApp', 'IMAP.AccessAsApp'],
  defaults: {
    scope: 'https://outlook.office.com/.default',
    smtp: {host: 'smtp.office365.com', port: 587, tls: 'starttls'},
    imap: {host: 'outlook.office365.com', port: 993, tls: 'implicit'},
  },
  tokenUrl: {
    template: TEMPLATE_TOKEN_URI,
    placeholder: '{TENANT}',
    productFills: false,
    note: 'The "O365 mailing" template puts {TENANT} in "Token URI"; the guide does not say REI3 fills it in, so o365doctor treats a {TENANT} left there as unfilled.',
  },
  fields: [
    {name: 'OAuth client.Tenant', setting: 'tenant', where: OAUTH},
    {name: 'OAuth client.Client ID', setting: 'clientId', where: OAUTH},
    {name: 'OAuth client.Client secret', setting: 'clientSecret', where: OAUTH},
    {name: 'OAuth client.Scopes', setting: 'scope', where: OAUTH},
    {name: 'OAuth client.Token URI', setting: 'tokenUrl', where: OAUTH},
    {name: 'Email accounts[].Username', setting: 'mailbox', where: ACCOUNTS},
    {name: 'Email accounts[].Send address', setting: 'from', where: `${ACCOUNTS} (SMTP)`},
    {name: 'Email accounts[].Hostname', setting: 'smtp.host', where: `${ACCOUNTS} (per Connector: SMTP or IMAP)`},
    {name: 'Email accounts[].Port', setting: 'smtp.port', where: `${ACCOUNTS} (per Connector)`},
    {name: 'Email accounts[].STARTTLS', setting: 'smtp.tls', where: `${ACCOUNTS} (ticked = STARTTLS, else TLS from the start)`},
    {name: 'Email accounts[].Authentication method', setting: 'auth', where: `${ACCOUNTS} (OAUTH 2.0)`},
  ],
  labels,
  notes: [
    'SMTP and IMAP must be enabled for the REI3 mailbox, and SMTP AUTH must not be disabled for the whole organisation.',
    'REI3 deletes messages after retrieving them: give it a mailbox of its own.',
    'Enter the client secret\'s expiration date so REI3 can warn admin contacts.',
  ],
  readFile: (text, file) => readFile(text, file),
  fixes,
  causeLabels,
})
