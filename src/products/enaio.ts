// enaio® (document management): enaio® server sends administrative e-mails (settings in enaio®
// enterprise-manager, stored in the registry); enaio® webclient sends users' e-mails through one SMTP account
// (settings in osweb-prod.yml, featureSwitches.sendEmail.*). SMTP only, SMTP.SendAsApp. Guide: seeds/001_….txt.
import type {CauseId} from '../core/cause-ids.js'
import {InputError} from '../core/input-error.js'
import type {RawSettings} from '../settings/raw-settings.js'
import {isMap, isScalar, type Node, type YAMLMap} from 'yaml'
import {choose, Fields, normKey, parseYamlDoc, readFields, type FieldSpecs, type YamlDoc} from './product-file.js'
import {defineProduct, val} from './reword.js'
import type {FixContext, LabelKey, ProductFix} from './types.js'

const NAME = 'enaio'
const EM = 'enaio® enterprise-manager (server settings)'
const OSWEB = 'osweb-prod.yml (enaio® services-admin)'
const PREFIX = 'featureSwitches.sendEmail.'

// enaio® enterprise-manager's names; registry names where the guide gives them.
const SERVER: FieldSpecs = {
  'E-mail sender': {kind: 'text'},
  'Allow e-mails': {kind: 'bool', aliases: ['Administrative e-mails']},
  'E-mail server': {kind: 'text'},
  'SMTP encryption': {kind: 'text'},
  'SMTP server port': {kind: 'port'},
  'SMTP authentication': {kind: 'text'},
  'SMTP user name': {kind: 'text', aliases: ['SMTPUserName']},
  'Microsoft Office client ID': {kind: 'text'},
  'Microsoft Office client secret': {kind: 'text'},
  'Microsoft Office tenant ID': {kind: 'text', aliases: ['OfficeTenantID']},
  OfficeTokenEndpoint: {kind: 'text'},
  OfficeAccessScopes: {kind: 'text'},
  OfficeTokenGraceTimeInSeconds: {kind: 'port'},
}
// osweb-prod.yml, under featureSwitches.sendEmail.
const WEBCLIENT: FieldSpecs = {
  smtpServer: {kind: 'text'},
  smtpPort: {kind: 'port'},
  smtpEncryption: {kind: 'text'},
  smtpAuthentication: {kind: 'text'},
  smtpUsername: {kind: 'text'},
  oAuthClientId: {kind: 'text'},
  oAuthClientSecret: {kind: 'text'},
  oAuthTenantId: {kind: 'text'},
}

// "None (0), SSL (1), TLS (2)". With port 587 for Exchange Online, TLS is STARTTLS and SSL is TLS from the start.
const ENCRYPTION: Record<string, string> = {none: 'none', '0': 'none', ssl: 'implicit', '1': 'implicit', tls: 'starttls', '2': 'starttls', starttls: 'starttls'}
const AUTH: Record<string, string> = {
  'oauth2 microsoft office': 'oauth2', 'ms oauth': 'oauth2', oauth2: 'oauth2', none: 'none', basic: 'basic', login: 'basic', plain: 'basic',
}

function readFile(text: string, file: string): {values: RawSettings; notes: string[]} {
  const doc = parseYamlDoc(text, file)
  return isOswebFile(doc.root) ? readOsweb(doc) : readServer(doc)
}

function isOswebFile(root: YAMLMap): boolean {
  return root.items.some((p) => {
    const k = isScalar(p.key) ? String(p.key.value) : String(p.key)
    return k === 'featureSwitches' || k.startsWith('featureSwitches.')
  })
}

function readServer(doc: YamlDoc): {values: RawSettings; notes: string[]} {
  const f = readFields(doc.root, SERVER, doc, 'enaio® enterprise-manager')
  const notes: string[] = []
  if (f.bool('Allow e-mails') === false) notes.push('"Allow e-mails" is off: enaio® server sends no administrative e-mails until it is switched on.')
  const grace = f.port('OfficeTokenGraceTimeInSeconds')
  if (grace !== undefined) notes.push(`OfficeTokenGraceTimeInSeconds is ${grace}: enaio® renews a token that many seconds before it expires (tokens live about 60 minutes).`)
  const sender = f.text('E-mail sender')
  const user = f.text('SMTP user name')
  const values: RawSettings = {
    tenant: f.text('Microsoft Office tenant ID'),
    clientId: f.text('Microsoft Office client ID'),
    clientSecret: f.text('Microsoft Office client secret'),
    mailbox: user,
    from: sender,
    tokenUrl: f.text('OfficeTokenEndpoint'),
    scope: f.text('OfficeAccessScopes'),
    auth: choose(f.text('SMTP authentication'), f.where('SMTP authentication'), '"SMTP authentication"', AUTH, ['OAuth2 Microsoft Office']),
    protocols: ['smtp'],
    smtp: {
      host: f.text('E-mail server'), port: f.port('SMTP server port'),
      tls: choose(f.text('SMTP encryption'), f.where('SMTP encryption'), '"SMTP encryption"', ENCRYPTION, ['None (0)', 'SSL (1)', 'TLS (2)']),
    },
  }
  return {values, notes}
}

/** osweb-prod.yml is the whole webclient configuration: read featureSwitches.sendEmail.*, nested or dotted, only. */
function readOsweb(doc: YamlDoc): {values: RawSettings; notes: string[]} {
  const f = new Fields(doc.where(doc.root), 'osweb-prod.yml')
  const byNorm = new Map(Object.keys(WEBCLIENT).map((k) => [normKey(k), k]))
  const ignored: string[] = []
  const sub = new Map<string, {node: Node; at: string}>()
  walk(doc.root, '', doc, (path, node, at) => {
    if (!path.startsWith(PREFIX)) return
    const name = byNorm.get(normKey(path.slice(PREFIX.length)))
    if (!name) {
      ignored.push(path)
      return
    }
    if (sub.has(name)) throw new InputError(at, `${PREFIX}${name} is given twice`)
    sub.set(name, {node, at})
  })
  // Reuse the typed reader on a synthetic view: each value checked with its own position.
  for (const [name, {node, at}] of sub) {
    if (!isScalar(node)) throw new InputError(at, `${PREFIX}${name} must be a single value`)
    const raw = node.value
    if (raw === null) continue
    if (WEBCLIENT[name]!.kind === 'port') {
      const port = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) throw new InputError(at, `${PREFIX}${name} must be a port number (got ${JSON.stringify(raw)})`)
      f.set(name, port, at)
    } else {
      f.set(name, String(raw), at)
    }
  }
  if (sub.size === 0) throw new InputError(doc.file, `no ${PREFIX}* settings found (the webclient's e-mail settings: smtpServer, smtpUsername, oAuthClientId, …)`)
  const notes = ignored.length > 0 ? [`Not read from ${doc.file}: ${ignored.join(', ')}.`] : []
  notes.push('enaio® webclient sends each user\'s e-mail through the SMTP account: give --from <a user\'s address> --send-test to prove that user\'s Send As.')
  const values: RawSettings = {
    tenant: f.text('oAuthTenantId'),
    clientId: f.text('oAuthClientId'),
    clientSecret: f.text('oAuthClientSecret'),
    mailbox: f.text('smtpUsername'),
    auth: choose(f.text('smtpAuthentication'), f.where('smtpAuthentication'), `${PREFIX}smtpAuthentication`, AUTH, ['MS_OAUTH']),
    protocols: ['smtp'],
    smtp: {
      host: f.text('smtpServer'), port: f.port('smtpPort'),
      tls: choose(f.text('smtpEncryption'), f.where('smtpEncryption'), `${PREFIX}smtpEncryption`, ENCRYPTION, ['TLS']),
    },
  }
  return {values, notes}
}

function walk(map: YAMLMap, prefix: string, doc: YamlDoc, visit: (path: string, node: Node, at: string) => void): void {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
    const path = prefix + key
    const value = pair.value as Node | null
    if (value && isMap(value)) walk(value, `${path}.`, doc, visit)
    else if (value) visit(path, value, doc.where(pair.key as Node))
  }
}

const both = (server: string, webclient: string): string => `${EM}: ${server}; webclient, ${OSWEB}: ${PREFIX}${webclient}`

const secretStep: ProductFix = () => [
  `Enter the new client secret's value (Certificates + secrets > the "value of the client key", not its ID) as ${both('"Microsoft Office client secret"', 'oAuthClientSecret')}.`,
]
const spStep: ProductFix = () => [
  'Create the ServicePrincipal with the enterprise application\'s Object ID (Identity > Applications > Enterprise applications > your app > Overview): New-ServicePrincipal -AppId <ApplicationID> -ObjectId <ObjectID Enterprise Application> -DisplayName <Name>.',
]
const smtpAuthStep: ProductFix = (c) => [
  `Activate SMTP authentication for the SMTP account as the guide's first step does: Microsoft 365 admin center > Active users > ${val(c.settings.mailbox, 'SMTPUserName')} > Mail > Manage email apps > tick "Authenticated SMTP".`,
]
const consentStep: ProductFix = () => [
  'API permissions > Add a permission > APIs my organization uses > Office 365 Exchange Online > Application permissions > SMTP > SMTP.SendAsApp, then grant administrator approval for it.',
]
const scopeStep: ProductFix = () => [
  'The scope comes from the registry entry OfficeAccessScopes, a default that enaio® enterprise-manager does not display: change it only after consultation with enaio® support.',
]

const sendAsStep: ProductFix = (c: FixContext) => {
  const from = c.settings.from
  const mailbox = c.settings.mailbox
  return [
    `Every user who sends e-mail from enaio® webclient must allow the SMTP account to send as them: Microsoft 365 admin center > Active users > ${val(from, 'the user')} > Mail tab > "Send as permissions", tick the SMTP administrator user account ${val(mailbox, 'SMTPUserName')}. Without the tick sending fails with SendAsDenied.`,
    `For enaio® server's administrative e-mails, "E-mail sender" must be the same address as "SMTP user name" (${val(mailbox, 'SMTPUserName')}).`,
  ]
}

const fixes: Partial<Record<CauseId, ProductFix>> = {
  'exchange.send-as-denied': sendAsStep,
  'exchange.smtp-auth-disabled-tenant': smtpAuthStep,
  'exchange.smtp-auth-disabled-mailbox': smtpAuthStep,
  'config.secret-is-secret-id': secretStep,
  'token.invalid-secret': secretStep,
  'token.secret-expired': secretStep,
  'graph.secret-expiring': secretStep,
  'token.missing-secret': secretStep,
  'config.token-url': (c) => [
    `The token endpoint comes from the registry entry OfficeTokenEndpoint (not displayed by enaio® enterprise-manager): https://login.microsoftonline.com/#TenantID#/oauth2/v2.0/token, where enaio® replaces #TenantID# with "Microsoft Office tenant ID" (${val(c.settings.tenant, 'OfficeTenantID')}). Change it only after consultation.`,
  ],
  'config.scope-not-default': scopeStep,
  'config.scope-wrong-resource': scopeStep,
  'token.invalid-scope': scopeStep,
  'token.tenant-not-found': () => [`Enter the Directory (tenant) ID from the app registration's Overview as ${both('"Microsoft Office tenant ID"', 'oAuthTenantId')}.`],
  'token.app-not-found': () => [`Enter the Application (client) ID from the app registration's Overview as ${both('"Microsoft Office client ID"', 'oAuthClientId')}.`],
  'config.smtp-tls-mode': () => [`Use port 587 with TLS: ${both('"SMTP encryption" TLS (2) and "SMTP server port" 587', 'smtpEncryption: TLS and smtpPort: 587')}. SSL (1) is TLS from the first byte, which Exchange Online does not offer for SMTP.`],
  'config.smtp-host': () => [`Set the SMTP server to smtp.office365.com: ${both('"E-mail server"', 'smtpServer')}.`],
  'config.basic-auth': () => [`Set the authentication to OAuth: ${both('"SMTP authentication" = OAuth2 Microsoft Office', 'smtpAuthentication: MS_OAUTH')}.`],
  'exchange.service-principal-missing': spStep,
  'exchange.service-principal-wrong-object-id': spStep,
  'exchange.authorization-failed': spStep,
  'exchange.mailbox-permission-missing': (c) => [
    `Define the mailbox permission as the guide does: Add-MailboxPermission -Identity ${val(c.settings.mailbox, 'Email@example.com')} -User <ObjectID Enterprise Application> -AccessRights FullAccess.`,
  ],
  'claims.missing-role': consentStep,
  'claims.no-application-roles': consentStep,
  'graph.consent-missing': consentStep,
  'graph.permission-not-configured': consentStep,
}

const labels: Record<LabelKey, string> = {
  tenant: '"Microsoft Office tenant ID" / oAuthTenantId', clientId: '"Microsoft Office client ID" / oAuthClientId',
  clientSecret: '"Microsoft Office client secret" / oAuthClientSecret', mailbox: '"SMTP user name" / smtpUsername',
  from: '"E-mail sender" (server) or the webclient user\'s address', scope: 'OfficeAccessScopes (registry)',
  tokenUrl: 'OfficeTokenEndpoint (registry)', enterpriseObjectId: 'ObjectID Enterprise Application',
}
const causeLabels: Partial<Record<CauseId, LabelKey>> = {
  'config.secret-is-secret-id': 'clientSecret', 'token.invalid-secret': 'clientSecret', 'config.token-url': 'tokenUrl',
  'config.scope-not-default': 'scope',
}

export const enaio = defineProduct({
  id: 'enaio',
  name: NAME,
  kind: 'document management (server and webclient)',
  guide: '001_da905739b70899e3.txt',
  stresses: 'Authenticated SMTP on the SMTP account; every webclient user grants Send As to it (else SendAsDenied); osweb-prod.yml featureSwitches.sendEmail.*; #TenantID# token endpoint',
  protocols: ['smtp'],
  protocolRule: 'all',
  roles: ['SMTP.SendAsApp'],
  defaults: {
    scope: 'https://outlook.office365.com/.default',
    tokenUrl: 'https://login.microsoftonline.com/#TenantID#/oauth2/v2.0/token',
    smtp: {host: 'smtp.office365.com', port: 587, tls: 'starttls'},
  },
  tokenUrl: {
    template: 'https://login.microsoftonline.com/#TenantID#/oauth2/v2.0/token',
    placeholder: '#TenantID#',
    productFills: true,
    note: 'The guide: "The placeholder #TenantID# is replaced by the value from OfficeTenantID" (registry entry OfficeTokenEndpoint).',
  },
  fields: [
    {name: 'SMTP user name', setting: 'mailbox', where: `${EM} (registry SMTPUserName)`},
    {name: 'E-mail sender', setting: 'from', where: `${EM}; must equal the SMTP user name`},
    {name: 'E-mail server', setting: 'smtp.host', where: EM},
    {name: 'SMTP server port', setting: 'smtp.port', where: EM},
    {name: 'SMTP encryption', setting: 'smtp.tls', where: `${EM}: None (0), SSL (1), TLS (2)`},
    {name: 'SMTP authentication', setting: 'auth', where: `${EM}: OAuth2 Microsoft Office`},
    {name: 'Microsoft Office client ID', setting: 'clientId', where: EM},
    {name: 'Microsoft Office client secret', setting: 'clientSecret', where: EM},
    {name: 'Microsoft Office tenant ID', setting: 'tenant', where: `${EM} (registry OfficeTenantID)`},
    {name: 'OfficeTokenEndpoint', setting: 'tokenUrl', where: 'registry only (#TenantID# is filled in by enaio®)'},
    {name: 'OfficeAccessScopes', setting: 'scope', where: 'registry only'},
    {name: `${PREFIX}smtpServer`, setting: 'smtp.host', where: OSWEB},
    {name: `${PREFIX}smtpPort`, setting: 'smtp.port', where: OSWEB},
    {name: `${PREFIX}smtpEncryption`, setting: 'smtp.tls', where: `${OSWEB}: TLS`},
    {name: `${PREFIX}smtpAuthentication`, setting: 'auth', where: `${OSWEB}: MS_OAUTH`},
    {name: `${PREFIX}smtpUsername`, setting: 'mailbox', where: OSWEB},
    {name: `${PREFIX}oAuthClientId`, setting: 'clientId', where: OSWEB},
    {name: `${PREFIX}oAuthClientSecret`, setting: 'clientSecret', where: OSWEB},
    {name: `${PREFIX}oAuthTenantId`, setting: 'tenant', where: OSWEB},
  ],
  labels,
  notes: [
    'Every user who sends from enaio® webclient must grant Send As ("Send as permissions" in the admin center) to the SMTP account, else SendAsDenied.',
    'The SMTP account needs "Authenticated SMTP" ticked under Mail > Manage email apps.',
    '"E-mail sender" must correspond to "SMTP user name" and the configured user.',
    'OfficeTokenEndpoint, OfficeAccessScopes and OfficeTokenGraceTimeInSeconds are registry defaults not shown by enterprise-manager; change them only after consultation.',
  ],
  readFile,
  fixes,
  causeLabels,
})
