// eBiss3 (EDI platform): SMTP Send (587, SSL Behavior Explicit) and POP3 Receive (995, SSL Behavior Implicit)
// channels under Communication Channels, both with the same OAuth 2.0 parameters. Guide: seeds/000_….txt.
import {InputError} from '../core/input-error.js'
import type {RawEndpoint, RawSettings} from '../settings/raw-settings.js'
import {agree, choose, parseYamlDoc, readFields, tenantOfTokenUrl, type Fields, type FieldSpecs} from './product-file.js'
import {defineProduct, val} from './reword.js'
import type {FixContext, LabelKey, ProductFix} from './types.js'
import type {CauseId} from '../core/cause-ids.js'

const NAME = 'eBiss3'
const WHERE = 'eBiss3 > Communication Channels'

const SHARED: FieldSpecs = {
  Authentication: {kind: 'text'},
  Username: {kind: 'text'},
  'Client ID': {kind: 'text'},
  'Client Secret': {kind: 'text'},
  'Server URL': {kind: 'text'},
  'Auth URL / Scope': {kind: 'text', aliases: ['Auth URL', 'Scope']},
}
const CHANNEL: FieldSpecs = {Host: {kind: 'text'}, Port: {kind: 'port'}, 'SSL Behavior': {kind: 'text'}, ...SHARED}
const FILE: FieldSpecs = {
  // Step 1.2 and 1.4 of the guide: noted for the PowerShell steps, not entered in a channel.
  'Tenant ID': {kind: 'text', aliases: ['Directory ID']},
  'Object ID': {kind: 'text'},
  'SMTP Send': {kind: 'section', fields: CHANNEL},
  'POP3 Receive': {kind: 'section', fields: CHANNEL},
  ...SHARED,
}

const SSL_BEHAVIOR: Record<string, string> = {
  explicit: 'starttls', starttls: 'starttls', implicit: 'implicit', 'ssl/tls': 'implicit', ssl: 'implicit', none: 'none', off: 'none',
}
const AUTH: Record<string, string> = {'oauth 2.0': 'oauth2', oauth2: 'oauth2', oauth: 'oauth2', basic: 'basic', password: 'basic', none: 'none'}

function readFile(text: string, file: string): {values: RawSettings; notes: string[]} {
  const doc = parseYamlDoc(text, file)
  const top = readFields(doc.root, FILE, doc, NAME)
  const channels = [
    {label: 'SMTP Send', protocol: 'smtp' as const, f: top.section('SMTP Send')},
    {label: 'POP3 Receive', protocol: 'pop' as const, f: top.section('POP3 Receive')},
  ]
  const present = channels.filter((c) => c.f !== undefined)
  // "All other parameters … remain identical to SMTP Send": one value per shared parameter, wherever given.
  const shared = (name: string): {value?: string; at: string} => {
    let acc = {value: top.text(name), at: top.where(name), label: 'the top level'}
    for (const c of present) {
      const here = {value: c.f!.text(name), at: c.f!.where(name), label: c.label}
      const value = agree(acc, here, `"${name}"`)
      acc = acc.value === undefined && here.value !== undefined ? here : {...acc, value}
    }
    const from = present.find((c) => c.f!.has(name))
    return {value: acc.value, at: from ? from.f!.where(name) : top.where(name)}
  }
  const endpoint = (f: Fields | undefined, label: string): RawEndpoint | undefined => {
    if (!f) return undefined
    return {
      host: f.text('Host'), port: f.port('Port'),
      tls: choose(f.text('SSL Behavior'), f.where('SSL Behavior'), `${label} "SSL Behavior"`, SSL_BEHAVIOR, ['Explicit', 'Implicit', 'None']),
    }
  }
  const serverUrl = shared('Server URL')
  const auth = shared('Authentication')
  const values: RawSettings = {
    tenant: top.text('Tenant ID') ?? tenantOfTokenUrl(serverUrl.value),
    clientId: shared('Client ID').value,
    clientSecret: shared('Client Secret').value,
    mailbox: shared('Username').value,
    scope: shared('Auth URL / Scope').value,
    tokenUrl: serverUrl.value,
    exchangeObjectId: top.text('Object ID'),
    auth: choose(auth.value, auth.at, '"Authentication"', AUTH, ['OAuth 2.0']),
    smtp: endpoint(channels[0]!.f, 'SMTP Send'),
    pop: endpoint(channels[1]!.f, 'POP3 Receive'),
  }
  if (present.length > 0) values.protocols = present.map((c) => c.protocol)
  if (values.tenant === undefined && serverUrl.value !== undefined) {
    throw new InputError(serverUrl.at, '"Server URL" names no tenant (is <Tenant-ID> still in it?) and no "Tenant ID" is given: put the Tenant ID (Directory ID) into the Server URL, or add a "Tenant ID:" line')
  }
  return {values, notes: []}
}

const channelsOf = (c: FixContext): string =>
  c.settings.protocols.includes('smtp') && c.settings.protocols.includes('pop') ? 'both channels (SMTP Send and POP3 Receive)'
    : c.settings.protocols.includes('pop') ? 'the POP3 Receive channel' : 'the SMTP Send channel'

const secretStep: ProductFix = (c) => [
  `In ${WHERE}, paste the new client secret's Value into "Client Secret" in ${channelsOf(c)}. Copy it the moment it is created: Entra ID shows it only once. eBiss3 does not support certificate credentials, so it must be a Client Secret.`,
]
const scopeStep: ProductFix = (c) => [`In ${WHERE}, set "Auth URL / Scope" to https://outlook.office365.com/.default in ${channelsOf(c)}.`]
const spStep: ProductFix = (c) => [
  `Register the app in Exchange Online as the guide's step 2.2 does: New-ServicePrincipal -AppId <Client ID> -ObjectId <Object ID> -DisplayName <DisplayName>, where Client ID is ${val(c.settings.clientId, 'Client ID')} and Object ID is the enterprise application's (Entra ID > Enterprise Applications > your app), which is different from the Client ID.`,
]
const consentStep: ProductFix = (c) => [
  `eBiss3 needs ${c.settings.protocols.map((p) => (p === 'smtp' ? 'SMTP.SendAsApp (SMTP Send)' : p === 'pop' ? 'POP.AccessAsApp (POP3 Receive)' : 'IMAP.AccessAsApp')).join(' and ')} under API Permissions of the app registration; these need admin consent, so ask an Azure administrator to approve them ("Grant admin consent").`,
]
const smtpAuthStep: ProductFix = (c) => [
  `The guide offers two ways to allow SMTP Auth: Set-CASMailbox -Identity ${val(c.settings.mailbox, 'user@domain.com')} -SmtpClientAuthenticationDisabled $false for the eBiss3 mailbox only, or Set-TransportConfig -SmtpClientAuthenticationDisabled $false for the whole organisation (only recommended if all mailboxes need SMTP Auth). Prefer the first.`,
]

const fixes: Partial<Record<CauseId, ProductFix>> = {
  'config.secret-is-secret-id': secretStep,
  'token.invalid-secret': secretStep,
  'token.secret-expired': secretStep,
  'graph.secret-expiring': secretStep,
  'token.missing-secret': secretStep,
  'config.pop-tls-mode': () => [
    `In ${WHERE} > POP3 Receive, set Host outlook.office365.com, Port 995 and "SSL Behavior" to Implicit (direct TLS connection without prior plaintext handshake). Only SMTP Send uses Explicit; the POP3 channel mirrors SMTP Send except for these three parameters.`,
  ],
  'config.pop-host': () => [`In ${WHERE} > POP3 Receive, set Host to outlook.office365.com (Port 995, SSL Behavior Implicit).`],
  'config.smtp-tls-mode': () => [`In ${WHERE} > SMTP Send, set Host smtp.office365.com, Port 587 and "SSL Behavior" to Explicit (STARTTLS: the connection starts unencrypted, then is upgraded to TLS).`],
  'config.smtp-host': () => [`In ${WHERE} > SMTP Send, set Host to smtp.office365.com (Port 587, SSL Behavior Explicit).`],
  'network.tls-mode-mismatch': () => [`In ${WHERE}, "SSL Behavior" must be Explicit for SMTP Send (587) and Implicit for POP3 Receive (995).`],
  'config.token-url': (c) => [
    `In ${WHERE}, set "Server URL" in ${channelsOf(c)} to https://login.microsoftonline.com/${val(c.settings.tenant, 'Tenant-ID')}/oauth2/v2.0/token, with your Tenant ID (Directory ID) in place of <Tenant-ID>.`,
  ],
  'config.scope-not-default': scopeStep,
  'config.scope-wrong-resource': scopeStep,
  'token.invalid-scope': scopeStep,
  'claims.wrong-audience': scopeStep,
  'token.app-not-found': (c) => [`In ${WHERE}, "Client ID" must be the app registration's Client ID (Application ID, step 1.2), not the enterprise application's Object ID and not the Tenant ID; it is ${val(c.settings.clientId, 'Client ID')} now.`],
  'token.tenant-not-found': (c) => [`In ${WHERE}, check the tenant in "Server URL" (${val(c.settings.tokenUrl, 'Server URL')}): it must be the Tenant ID (Directory ID) of step 1.2.`],
  'config.basic-auth': (c) => [`In ${WHERE}, set "Authentication" to OAuth 2.0 in ${channelsOf(c)}.`],
  'exchange.service-principal-missing': spStep,
  'exchange.service-principal-wrong-object-id': spStep,
  'exchange.authorization-failed': spStep,
  'exchange.mailbox-permission-missing': (c) => [
    `Grant the service principal FullAccess as the guide's step 2.4 does: Add-MailboxPermission -Identity ${val(c.settings.mailbox, 'user@domain.com')} -User "<DisplayName>" -AccessRights FullAccess (DisplayName from step 2.2). POP3 Receive needs it to read the mailbox.`,
  ],
  'exchange.send-as-denied': (c) => [
    `eBiss3 sends as "Username" (${val(c.settings.mailbox, 'Username')}). Grant Send As as the guide's step 2.5 does: Add-RecipientPermission ${val(c.settings.from ?? c.settings.mailbox, 'user@domain.com')} -Trustee "<DisplayName>" -AccessRights SendAs.`,
  ],
  'exchange.smtp-auth-disabled-tenant': smtpAuthStep,
  'exchange.smtp-auth-disabled-mailbox': smtpAuthStep,
  'claims.missing-role': consentStep,
  'claims.no-application-roles': consentStep,
  'graph.consent-missing': consentStep,
  'graph.permission-not-configured': consentStep,
}

const labels: Record<LabelKey, string> = {
  tenant: 'Tenant ID (in "Server URL")', clientId: '"Client ID"', clientSecret: '"Client Secret"', mailbox: '"Username"',
  from: '"Username"', scope: '"Auth URL / Scope"', tokenUrl: '"Server URL"', enterpriseObjectId: 'Object ID (Enterprise Applications)',
}
const causeLabels: Partial<Record<CauseId, LabelKey>> = {
  'config.secret-is-secret-id': 'clientSecret', 'token.invalid-secret': 'clientSecret', 'token.secret-expired': 'clientSecret',
  'config.token-url': 'tokenUrl', 'config.scope-not-default': 'scope', 'config.scope-wrong-resource': 'scope',
  'exchange.service-principal-wrong-object-id': 'enterpriseObjectId',
}

export const ebiss3 = defineProduct({
  id: 'ebiss3',
  name: NAME,
  kind: 'EDI platform',
  guide: '000_6c2089d0d22dd33c.txt',
  stresses: 'Client ID vs Tenant ID vs enterprise Object ID; secret shown once; admin consent; SMTP AUTH per mailbox; FullAccess and SendAs; POP3 on 995 Implicit',
  protocols: ['smtp', 'pop'],
  protocolRule: 'all',
  roles: ['SMTP.SendAsApp', 'POP.AccessAsApp'],
  defaults: {
    scope: 'https://outlook.office365.com/.default',
    smtp: {host: 'smtp.office365.com', port: 587, tls: 'starttls'},
    pop: {host: 'outlook.office365.com', port: 995, tls: 'implicit'},
  },
  tokenUrl: {
    template: 'https://login.microsoftonline.com/<Tenant-ID>/oauth2/v2.0/token',
    placeholder: '<Tenant-ID>',
    productFills: false,
    note: 'The guide gives "Server URL" as https://login.microsoftonline.com/<Tenant-ID>/oauth2/v2.0/token: you replace <Tenant-ID> yourself.',
  },
  fields: [
    {name: 'SMTP Send.Host', setting: 'smtp.host', where: `${WHERE} > SMTP Send`},
    {name: 'SMTP Send.Port', setting: 'smtp.port', where: `${WHERE} > SMTP Send`},
    {name: 'SMTP Send.SSL Behavior', setting: 'smtp.tls', where: `${WHERE} > SMTP Send (Explicit = STARTTLS)`},
    {name: 'POP3 Receive.Host', setting: 'pop.host', where: `${WHERE} > POP3 Receive`},
    {name: 'POP3 Receive.Port', setting: 'pop.port', where: `${WHERE} > POP3 Receive`},
    {name: 'POP3 Receive.SSL Behavior', setting: 'pop.tls', where: `${WHERE} > POP3 Receive (Implicit = TLS from the start)`},
    {name: 'Authentication', setting: 'auth', where: `${WHERE}, both channels (OAuth 2.0)`},
    {name: 'Username', setting: 'mailbox', where: `${WHERE}, both channels`},
    {name: 'Client ID', setting: 'clientId', where: `${WHERE}, both channels`},
    {name: 'Client Secret', setting: 'clientSecret', where: `${WHERE}, both channels`},
    {name: 'Server URL', setting: 'tokenUrl', where: `${WHERE}, both channels`},
    {name: 'Auth URL / Scope', setting: 'scope', where: `${WHERE}, both channels`},
    {name: 'Tenant ID', setting: 'tenant', where: 'App registration overview (guide step 1.2); also inside "Server URL"'},
    {name: 'Object ID', setting: 'exchangeObjectId', where: 'Enterprise Applications > your app (guide step 1.4), passed to New-ServicePrincipal'},
  ],
  labels,
  notes: [
    'Certificate credentials are not supported: eBiss3 needs a Client Secret, shown only once when created.',
    'Both channels use the same Client ID, Client Secret, Server URL and Auth URL / Scope; only Host, Port and SSL Behavior differ.',
    'New-ServicePrincipal takes the enterprise application\'s Object ID, which differs from the Client ID.',
  ],
  readFile,
  fixes,
  causeLabels,
})
