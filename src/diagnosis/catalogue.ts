// The cause catalogue's words: for every CauseId a title, a default severity, Microsoft's docs, a short
// explanation and a remediation with this tenant's real values filled in. `check`, `explain` and `decode` all
// build their causes here, so one cause reads the same whichever command found it.
import {PROTOCOLS, ROLE_FOR, type Protocol} from '../core/protocol.js'

import {EXCHANGE_RESOURCE_APP_ID, type Cloud} from '../core/cloud.js'
import type {CauseId} from '../core/cause-ids.js'
import type {Cause, Confidence, Remediation, Severity} from '../core/cause.js'
import {adminConsentUrl, appIdFilter, connectExchange, connectGraph, psArg, psQuote, show} from './powershell.js'
import {DOC, endpoints, expectedScope, ids, tenantOf, WAIT, withCode} from './catalogue/common.js'
import {CLIENT_BEHAVIOUR_CAUSES} from './catalogue/client-behaviour.js'
import {CREDENTIAL_CAUSES} from './catalogue/credentials.js'
import {MAILBOX_AND_LIMIT_CAUSES} from './catalogue/mailbox-and-limits.js'

export {psQuote} from './powershell.js'


/** What we know about this tenant and product; every field optional (unknown values become placeholders). */
export interface FixValues {
  /** Tenant as configured (GUID or domain). */
  tenant?: string
  /** Tenant GUID, when known (token `tid`, discovery). */
  tenantId?: string
  cloud?: Cloud
  clientId?: string
  appDisplayName?: string
  /** Enterprise application (service principal) object ID: the token's `oid`, Graph's servicePrincipal `id`. */
  enterpriseObjectId?: string
  /** The app registration's object ID (Graph's application `id`); the usual wrong value for New-ServicePrincipal. */
  appRegistrationObjectId?: string
  /** The ObjectId Exchange's service principal was created with (Get-ServicePrincipal). */
  exchangeObjectId?: string
  /** The mailbox the product authenticates as (`user=` of XOAUTH2). */
  mailbox?: string
  /** The From address of sent mail, when it differs from the mailbox. */
  from?: string
  protocol?: Protocol
  /** Roles the token lacks (e.g. ['IMAP.AccessAsApp']). */
  missingRoles?: string[]
  /** Roles the token has. */
  roles?: string[]
  aadstsCode?: string
  correlationId?: string
  traceId?: string
  timestamp?: string
  scope?: string
  expectedScope?: string
  tokenUrl?: string
  /** The token's `aud`. */
  audience?: string
  /** The token's `tid`, when it differs from the expected tenant. */
  tokenTenantId?: string
  host?: string
  port?: number
  expectedHost?: string
  expectedPort?: number
  /** The TLS mode the product uses: 'starttls' | 'implicit' | 'none' (free text accepted). */
  tls?: string
  /** When the client secret expires (ISO date). */
  secretExpires?: string
  /** When a supplied token expired (ISO date). */
  expiredAt?: string
  /** The server's own words, already redacted. */
  serverReply?: string
  /** The network error code behind a network cause (ECONNREFUSED, ENETUNREACH, EAI_AGAIN…). */
  networkCode?: string
  /** For config.invalid-value: which setting, and its (non-secret) value. */
  field?: string
  value?: string
  /** For config.cloud-mismatch: which parts point to which cloud, in words. */
  cloudDetail?: string
  /** Client certificate: the configured file, and what is wrong with it in words (e.g. "has no private key"). */
  certificatePath?: string
  certificateProblem?: string
  /** Path of the certificate's public part (.cer/.crt, no private key), for uploading it to the app. */
  publicCertificatePath?: string
  /** Thumbprints (hex) of the certificate the product uses, or that Entra ID named. */
  thumbprintSha1?: string
  thumbprintSha256?: string
  /** When that certificate expires or expired (ISO date). */
  certificateExpires?: string
  /** SHA-1 thumbprints (hex) of the certificates registered on the app (keyCredentials). */
  registeredThumbprints?: string[]
  /** How far the product's clock is off, in seconds (positive: ahead of Entra ID). */
  clockOffsetSeconds?: number
  /** The presented federated token's claims (never the token itself). */
  federatedIssuer?: string
  federatedSubject?: string
  federatedAudience?: string
  /** The app's federated identity credential that comes closest to the presented token. */
  closestCredential?: {name?: string; issuer?: string; subject?: string; audiences?: string[]}
  /** Names of the secret's risky characters (e.g. '#', '$', 'space at the end'); never the secret. */
  secretHazards?: string[]
  /** Exchange's RecipientTypeDetails for the mailbox (e.g. 'MailUser', 'SharedMailbox'), or Graph's word for it. */
  recipientType?: string
  /** Exchange's throttling detail in words (e.g. 'Suggested Backoff Time: 89117 milliseconds'). */
  throttleDetail?: string
  /** The Microsoft Graph application permission that would let o365doctor confirm this cause (e.g. 'User.Read.All'). */
  confirmPermission?: string
  /** Length in characters of the access token the product sent (never the token). */
  tokenLength?: number
  /** For check.unexplained-failure: the checks no cause explains. */
  unexplainedChecks?: string[]
}

export interface CatalogueEntry {
  /** One line: what is wrong. */
  title: string
  severity: Severity
  docs: string[]
  /**
   * Two or three sentences for a tired support engineer: what is wrong and why it matters. `candidates`: the causes
   * this one may stand for, when the evidence has not yet told them apart (the words follow that list).
   */
  explain(v: FixValues, candidates?: readonly CauseId[]): string
  remediation(v: FixValues): Remediation
}

const PORT_OF: Record<Protocol, number> = {smtp: 587, imap: 993, pop: 995}

/** The roles this finding is about: the missing ones, else the protocol's, else all three. */
function neededRoles(v: FixValues): string[] {
  if (v.missingRoles && v.missingRoles.length > 0) return v.missingRoles
  if (v.protocol) return [ROLE_FOR[v.protocol]]
  return PROTOCOLS.map((p) => ROLE_FOR[p])
}

/** The enterprise-app object ID the Exchange service principal must use. */
function spObjectId(v: FixValues): string {
  return psArg(v.enterpriseObjectId, 'enterprise application object ID')
}

function newServicePrincipal(v: FixValues): string {
  return `New-ServicePrincipal -AppId ${psArg(v.clientId, 'client ID')} -ObjectId ${spObjectId(v)} -DisplayName ${psArg(
    v.appDisplayName,
    'display name, e.g. the app name',
  )}`
}

function findEnterpriseObjectId(v: FixValues): string[] {
  return [
    connectGraph(v.cloud, tenantOf(v), ['Application.Read.All']),
    `(Get-MgServicePrincipal -Filter ${appIdFilter(v.clientId)}).Id   # the enterprise application object ID`,
  ]
}

function grantRoles(v: FixValues): string[] {
  const sp = spObjectId(v)
  const lines = [
    connectGraph(v.cloud, tenantOf(v), ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All']),
    `$exo = Get-MgServicePrincipal -Filter "appId eq '${EXCHANGE_RESOURCE_APP_ID}'"`,
  ]
  for (const role of neededRoles(v)) {
    lines.push(
      `New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId ${sp} -PrincipalId ${sp} -ResourceId $exo.Id -AppRoleId ($exo.AppRoles | Where-Object Value -eq ${psQuote(role)}).Id`,
    )
  }
  return lines
}

function portalPermissionStep(v: FixValues): string {
  return `In the Microsoft Entra admin center open App registrations > ${show(v.appDisplayName ?? v.clientId, 'your app')} > API permissions > Add a permission > APIs my organization uses > "Office 365 Exchange Online" > Application permissions, and tick ${neededRoles(v).join(', ')}.`
}

function consentStep(v: FixValues): string {
  return `Grant admin consent: click "Grant admin consent for <tenant>" on the API permissions page, or have a Global or Privileged Role Administrator open ${adminConsentUrl(v.cloud, tenantOf(v), v.clientId)}`
}

function secretRotation(v: FixValues, why: string): Remediation {
  return {
    steps: [
      `In the Microsoft Entra admin center open App registrations > ${show(v.appDisplayName ?? v.clientId, 'your app')} > Certificates & secrets > New client secret (${why}).`,
      'Copy the secret\'s Value (not the Secret ID) straight away: it is shown only once.',
      'Paste it into the product\'s client secret setting and restart the product if it caches tokens.',
      'Put the new expiry date in a calendar, or move to a certificate credential.',
    ],
    powershell: [
      connectGraph(v.cloud, tenantOf(v), ['Application.ReadWrite.All']),
      `$app = Get-MgApplication -Filter ${appIdFilter(v.clientId)}`,
      `$secret = Add-MgApplicationPassword -ApplicationId $app.Id -PasswordCredential @{ displayName = 'mail (o365doctor)'; endDateTime = (Get-Date).AddMonths(12) }`,
      '$secret.SecretText   # the Value to paste into the product; shown only now',
    ],
  }
}

function hostFix(protocol: Protocol, v: FixValues): Remediation {
  const e = endpoints(v)
  const host = v.expectedHost ?? (protocol === 'smtp' ? e.smtpHost : protocol === 'imap' ? e.imapHost : e.popHost)
  const tls = protocol === 'smtp' ? 'STARTTLS' : 'SSL/TLS (implicit)'
  return {
    steps: [
      `Set the product's ${protocol.toUpperCase()} server to ${host}, port ${v.expectedPort ?? PORT_OF[protocol]}, ${tls}.`,
      `Keep the cloud consistent: this host belongs to ${e.label}; the token authority must be ${e.authorityHost} and the scope ${expectedScope(v)}.`,
    ],
    powershell: [],
  }
}

function tlsModeFix(protocol: Protocol, v: FixValues): Remediation {
  const e = endpoints(v)
  if (protocol === 'smtp') {
    return {
      steps: [
        `Set SMTP to ${e.smtpHost}, port 587, with STARTTLS (sometimes labelled "TLS" or "STARTTLS", not "SSL"). Exchange Online does not offer implicit TLS on 465.`,
        'Make sure the product allows TLS 1.2 or later.',
      ],
      powershell: [],
    }
  }
  const host = protocol === 'imap' ? e.imapHost : e.popHost
  return {
    steps: [`Set ${protocol.toUpperCase()} to ${host}, port ${PORT_OF[protocol]}, with implicit TLS (often labelled "SSL/TLS"), not STARTTLS and not plain text.`],
    powershell: [],
  }
}

export const CATALOGUE: Record<CauseId, CatalogueEntry> = {
  'config.secret-is-secret-id': {
    title: 'The client secret is the Secret ID, not its Value',
    severity: 'error',
    docs: [DOC.credentials, DOC.aadsts],
    explain: () =>
      'The configured client secret is a GUID, which is what the "Secret ID" column in Certificates & secrets looks like; the secret itself (the "Value") is a 40-character string with characters such as "~" and "." in it. Entra ID answers a Secret ID with AADSTS7000215. The Value is shown only once, when the secret is created, so it usually has to be made again.',
    remediation: (v) => secretRotation(v, 'the old Value cannot be shown again'),
  },
  'config.scope-not-default': {
    title: 'The scope is not <resource>/.default',
    severity: 'error',
    docs: [DOC.exoOauth, DOC.clientCreds, DOC.scopes],
    explain: (v) =>
      `App-only tokens (client credentials) accept only a "/.default" scope, which asks for every application permission already consented; the configured scope is ${show(v.scope, 'the configured scope')}. Entra ID refuses anything else with AADSTS1002012 or AADSTS70011. Permissions such as SMTP.SendAsApp are granted in the portal, not named in the scope.`,
    remediation: (v) => ({
      steps: [`Set the product's scope to exactly ${expectedScope(v)} (one scope, nothing else, no "offline_access").`],
      powershell: [],
    }),
  },
  'config.scope-wrong-resource': {
    title: 'The scope asks for a token for another resource than Exchange Online',
    severity: 'error',
    docs: [DOC.exoOauth, DOC.clientCreds],
    explain: (v) =>
      `The scope ${show(v.scope, 'configured scope')} names a resource other than Exchange Online, so the token's audience will not be Exchange and SMTP, IMAP and POP will reject it with a bare "authentication failed". A Microsoft Graph token (https://graph.microsoft.com/.default) is the usual mistake: Graph's Mail.Send permission does not cover SMTP.`,
    remediation: (v) => ({
      steps: [
        `Set the product's scope to ${expectedScope(v)}.`,
        'Make sure the Exchange application permissions (not Graph\'s) are granted: API permissions > "Office 365 Exchange Online".',
      ],
      powershell: [],
    }),
  },
  'config.cloud-mismatch': {
    title: 'The token authority, scope and mail hosts belong to different Microsoft clouds',
    severity: 'error',
    docs: [DOC.nationalClouds, DOC.exoOauth],
    explain: (v) =>
      `Each Microsoft cloud (commercial, GCC High, DoD, 21Vianet) has its own sign-in authority, Exchange resource and mail hosts, and a token from one is useless on another's servers.${v.cloudDetail ? ` Here: ${v.cloudDetail}.` : ''} Use the set that matches where the tenant lives.`,
    remediation: (v) => {
      const e = endpoints(v)
      return {
        steps: [
          `For ${e.label}: token URL https://${e.authorityHost}/${show(tenantOf(v), 'tenant ID')}/oauth2/v2.0/token, scope ${expectedScope(v)}, SMTP ${e.smtpHost}:587 STARTTLS, IMAP ${e.imapHost}:993, POP ${e.popHost}:995.`,
        ],
        powershell: [],
      }
    },
  },
  'config.token-url': {
    title: 'The token URL does not fit an app-only token request for this tenant',
    severity: 'error',
    docs: [DOC.clientCreds, DOC.aadsts],
    explain: (v) =>
      `The configured token URL ${show(v.tokenUrl, 'token URL')} does not fit a client credentials request: it must name the tenant (its GUID or a verified domain, not "common" or "organizations"), and its version must match the request: /oauth2/v2.0/token takes scope=<resource>/.default, the older v1 /oauth2/token takes resource=<resource> instead and still works that way. Sending a v2 scope to the v1 endpoint fails, and authorize URLs and tenant-less URLs give AADSTS900023 or AADSTS50059.`,
    remediation: (v) => ({
      steps: [`Set the token URL to https://${endpoints(v).authorityHost}/${show(tenantOf(v), 'tenant ID')}/oauth2/v2.0/token.`],
      powershell: [],
    }),
  },
  'config.smtp-tls-mode': {
    title: 'SMTP uses a port/TLS combination Exchange Online does not offer',
    severity: 'error',
    docs: [DOC.smtpAuth, DOC.popImapSettings],
    explain: (v) =>
      `Exchange Online accepts authenticated SMTP on port 587 (recommended) or 25, with STARTTLS${v.port !== undefined ? `; the product uses port ${v.port}${v.tls ? ` with ${v.tls}` : ''}` : ''}. Port 465 (implicit TLS) is not offered, implicit TLS on 587 fails the handshake, and without STARTTLS the server answers "451 5.7.3 STARTTLS is required to send mail".`,
    remediation: (v) => tlsModeFix('smtp', v),
  },
  'config.imap-tls-mode': {
    title: 'IMAP is not on implicit TLS, port 993',
    severity: 'error',
    docs: [DOC.popImapSettings],
    explain: (v) =>
      `Exchange Online serves IMAP on port 993 with implicit TLS${v.port !== undefined ? `; the product uses port ${v.port}${v.tls ? ` with ${v.tls}` : ''}` : ''}. Other combinations either do not connect or fail the TLS handshake before any login happens.`,
    remediation: (v) => tlsModeFix('imap', v),
  },
  'config.pop-tls-mode': {
    title: 'POP is not on implicit TLS, port 995',
    severity: 'error',
    docs: [DOC.popImapSettings],
    explain: (v) =>
      `Exchange Online serves POP3 on port 995 with implicit TLS${v.port !== undefined ? `; the product uses port ${v.port}${v.tls ? ` with ${v.tls}` : ''}` : ''}. Other combinations either do not connect or fail the TLS handshake before any login happens.`,
    remediation: (v) => tlsModeFix('pop', v),
  },
  'config.smtp-host': {
    title: "The SMTP host is not this cloud's Exchange Online endpoint",
    severity: 'error',
    docs: [DOC.smtpAuth, DOC.nationalClouds],
    explain: (v) =>
      `The product sends to ${show(v.host, 'the configured host')}, but Exchange Online's authenticated SMTP endpoint is ${v.expectedHost ?? endpoints(v).smtpHost}. Another host (an old on-premises server, a tenant MX host, another cloud) will not accept an Exchange Online token.`,
    remediation: (v) => hostFix('smtp', v),
  },
  'config.imap-host': {
    title: "The IMAP host is not this cloud's Exchange Online endpoint",
    severity: 'error',
    docs: [DOC.popImapSettings, DOC.nationalClouds],
    explain: (v) =>
      `The product reads from ${show(v.host, 'the configured host')}, but Exchange Online's IMAP endpoint is ${v.expectedHost ?? endpoints(v).imapHost}. Another host will not accept an Exchange Online token.`,
    remediation: (v) => hostFix('imap', v),
  },
  'config.pop-host': {
    title: "The POP host is not this cloud's Exchange Online endpoint",
    severity: 'error',
    docs: [DOC.popImapSettings, DOC.nationalClouds],
    explain: (v) =>
      `The product reads from ${show(v.host, 'the configured host')}, but Exchange Online's POP endpoint is ${v.expectedHost ?? endpoints(v).popHost}. Another host will not accept an Exchange Online token.`,
    remediation: (v) => hostFix('pop', v),
  },
  'config.basic-auth': {
    title: 'The product still logs in with a password (basic auth) instead of an OAuth token',
    severity: 'error',
    docs: [DOC.basicAuth, DOC.exoOauth],
    explain: () =>
      'The server saw a password login (AUTH LOGIN or AUTH PLAIN with a password, IMAP LOGIN, POP USER/PASS) and refused it: the replies "5.7.139 … basic authentication is disabled", "NO LOGIN failed." and "-ERR Logon failure" all mean password logins are blocked here. For SMTP AUTH, Microsoft\'s retirement of basic auth is on hold (January 2026 update): at the end of December 2026 it becomes disabled by default for existing tenants (administrators can still turn it back on), and the final removal date is to be announced in the second half of 2027; after removal the reply is "550 5.7.30 Basic authentication is not supported for Client Submission". The lasting fix is OAuth 2.0 (XOAUTH2) with client credentials.',
    remediation: (v) => ({
      steps: [
        'Switch the product\'s authentication method from password/basic to OAuth 2.0 (client credentials, XOAUTH2).',
        `Give it the tenant ${show(tenantOf(v), 'tenant ID')}, client ID ${show(v.clientId, 'client ID')}, the client secret Value, and scope ${expectedScope(v)}.`,
        'If the product has no OAuth option, it cannot use Exchange Online SMTP AUTH/IMAP/POP; use a connector-based relay or another route.',
      ],
      powershell: [],
    }),
  },
  'config.no-smtp-auth': {
    title: 'The product sends mail without authenticating first',
    severity: 'error',
    docs: [DOC.smtpAuth, DOC.lob],
    explain: () =>
      'The product issued MAIL FROM without a successful AUTH, so Exchange Online answered "530 5.7.57 Client not authenticated to send mail". Either authentication is switched off in the product or the AUTH step failed silently and the product went on anyway.',
    remediation: (v) => ({
      steps: [
        'Turn on SMTP authentication in the product and choose OAuth 2.0 (XOAUTH2).',
        `Authenticate as ${show(v.mailbox, 'mailbox address')} with a token for ${expectedScope(v)}.`,
        'If the product already authenticates, look for an earlier AUTH failure in its log and fix that first.',
      ],
      powershell: [],
    }),
  },
  'config.invalid-value': {
    title: 'A configured tenant, client ID or mailbox cannot be right',
    severity: 'error',
    docs: [DOC.exoOauth],
    explain: (v) =>
      `${v.field ? `The ${v.field}` : 'A setting'}${v.value !== undefined ? ` ("${v.value}")` : ''} has the wrong shape: a tenant is a GUID or a domain, a client ID is a GUID, a mailbox is an e-mail address. Stray spaces, quotes or a copied label are common causes.`,
    remediation: (v) => ({
      steps: [
        `Copy the value again from its source: Directory (tenant) ID and Application (client) ID from App registrations > ${show(v.appDisplayName ?? v.clientId, 'your app')} > Overview; the mailbox's primary SMTP address from the Exchange admin center.`,
      ],
      powershell: [],
    }),
  },
  'token.tenant-not-found': {
    title: 'Entra ID does not know this tenant',
    severity: 'error',
    docs: [DOC.aadsts, DOC.nationalClouds],
    explain: (v) =>
      `${withCode(v, 'AADSTS90002')}: the tenant ${show(v.tenant, 'configured tenant')} does not exist in this cloud, is misspelt, or the token URL has no usable tenant in it. A tenant of a national cloud (GCC High, 21Vianet) is "not found" on login.microsoftonline.com.${ids(v)}`,
    remediation: (v) => ({
      steps: [
        'Copy the Directory (tenant) ID from Microsoft Entra admin center > Overview, and use it instead of a domain name.',
        `Check the cloud: the token URL must be https://${endpoints(v).authorityHost}/<tenant ID>/oauth2/v2.0/token for ${endpoints(v).label}.`,
      ],
      powershell: [],
    }),
  },
  'token.app-not-found': {
    title: 'No application with this client ID exists in the tenant',
    severity: 'error',
    docs: [DOC.aadsts, DOC.clientCreds],
    explain: (v) =>
      `${withCode(v, 'AADSTS700016')}: Entra ID found no application ${show(v.clientId, 'client ID')} in tenant ${show(tenantOf(v), 'tenant')}. Either the client ID is wrong (often the object ID or the tenant ID was pasted instead), or the app lives in another tenant and has no enterprise application here.${ids(v)}`,
    remediation: (v) => ({
      steps: [
        'Copy the Application (client) ID from App registrations > your app > Overview (not the Object ID, not the Directory ID).',
        'For a multi-tenant app registered elsewhere, have an administrator of this tenant consent once so it gets an enterprise application: ' +
          adminConsentUrl(v.cloud, tenantOf(v), v.clientId),
      ],
      powershell: [connectGraph(v.cloud, tenantOf(v), ['Application.Read.All']), `Get-MgServicePrincipal -Filter ${appIdFilter(v.clientId)}`],
    }),
  },
  'token.invalid-secret': {
    title: 'Entra ID rejected the client secret',
    severity: 'error',
    docs: [DOC.aadsts, DOC.credentials],
    explain: (v) =>
      `${withCode(v, 'AADSTS7000215')}: the client secret does not match any secret of app ${show(v.clientId, 'client ID')}. Most often the Secret ID (a GUID) was copied instead of the Value, or the secret belongs to another app registration, or it was mangled on paste.${ids(v)}`,
    remediation: (v) => secretRotation(v, 'copy the Value column, never the Secret ID'),
  },
  'token.secret-expired': {
    title: 'The client secret has expired',
    severity: 'error',
    docs: [DOC.aadsts, DOC.credentials],
    explain: (v) =>
      `${withCode(v, 'AADSTS7000222')}: every client secret of app ${show(v.clientId, 'client ID')} that matches has expired${v.secretExpires ? ` (expiry ${v.secretExpires})` : ''}. Mail stopped on the day the secret ran out; a new secret has to be created and put into the product.${ids(v)}`,
    remediation: (v) => secretRotation(v, 'the old one has expired'),
  },
  'token.missing-secret': {
    title: 'The token request carried no client secret',
    severity: 'error',
    docs: [DOC.aadsts, DOC.clientCreds],
    explain: (v) =>
      `${withCode(v, 'AADSTS7000218')}: the request to the token endpoint had no client_secret (or client_assertion). The product's secret field is empty, or it did not save, or the product is set to a user-interactive flow instead of client credentials.${ids(v)}`,
    remediation: () => ({
      steps: [
        'Enter the client secret Value in the product and save; re-enter it if the product masks it and may have lost it.',
        'Make sure the product uses the client credentials (application, daemon, "app-only") flow.',
      ],
      powershell: [],
    }),
  },
  'token.public-client': {
    title: 'The app is registered as a public client, so its secret is refused',
    severity: 'error',
    docs: [DOC.aadsts, DOC.publicClient],
    explain: (v) =>
      `${withCode(v, 'AADSTS700025')}: app ${show(v.clientId, 'client ID')} is a public client (a "Mobile and desktop" platform or "Allow public client flows" = Yes), and public clients may not present a secret. Client credentials need a confidential ("Web") app.${ids(v)}`,
    remediation: (v) => ({
      steps: [
        `App registrations > ${show(v.appDisplayName ?? v.clientId, 'your app')} > Authentication > Advanced settings: set "Allow public client flows" to No, and remove the "Mobile and desktop applications" platform if it is not needed. Save.`,
      ],
      powershell: [
        connectGraph(v.cloud, tenantOf(v), ['Application.ReadWrite.All']),
        `$app = Get-MgApplication -Filter ${appIdFilter(v.clientId)}`,
        'Update-MgApplication -ApplicationId $app.Id -IsFallbackPublicClient:$false',
      ],
    }),
  },
  'token.invalid-scope': {
    title: 'Entra ID rejected the scope',
    severity: 'error',
    docs: [DOC.aadsts, DOC.clientCreds, DOC.exoOauth],
    explain: (v) =>
      `${withCode(v, 'AADSTS1002012')}: the scope ${show(v.scope, 'sent')} is not valid for client credentials, which take exactly one "<resource>/.default" scope. Permission names (SMTP.SendAsApp, IMAP.AccessAsApp), "offline_access" or several scopes at once all fail this way.${ids(v)}`,
    remediation: (v) => ({
      steps: [`Set the product's scope to exactly ${expectedScope(v)}.`],
      powershell: [],
    }),
  },
  'token.resource-not-found': {
    title: 'The tenant has no resource with the name in the scope',
    severity: 'error',
    docs: [DOC.aadsts, DOC.exoOauth],
    explain: (v) =>
      `${withCode(v, 'AADSTS500011')}: the resource in scope ${show(v.scope, 'sent')} does not exist in tenant ${show(tenantOf(v), 'tenant')}. Usually the resource URL is misspelt or belongs to another cloud; rarely the tenant has no Exchange Online at all.${ids(v)}`,
    remediation: (v) => ({
      steps: [
        `Set the scope to ${expectedScope(v)}.`,
        'If it already is, check that the tenant has an Exchange Online licence (the "Office 365 Exchange Online" enterprise application exists).',
      ],
      powershell: [
        connectGraph(v.cloud, tenantOf(v), ['Application.Read.All']),
        `Get-MgServicePrincipal -Filter "appId eq '${EXCHANGE_RESOURCE_APP_ID}'"`,
      ],
    }),
  },
  'token.app-disabled': {
    title: 'The application is disabled in this tenant',
    severity: 'error',
    docs: [DOC.aadsts, DOC.spDisable],
    explain: (v) =>
      `${withCode(v, 'AADSTS7000112')}: the enterprise application of ${show(v.appDisplayName ?? v.clientId, 'the app')} is disabled ("Enabled for users to sign in?" = No), or Microsoft disabled it. A disabled app gets no tokens at all.${ids(v)}`,
    remediation: (v) => ({
      steps: [
        `Enterprise applications > ${show(v.appDisplayName ?? v.clientId, 'your app')} > Properties: set "Enabled for users to sign in?" to Yes and save.`,
        'If it is already enabled, check the app registration for a notice that Microsoft disabled it (disabledByMicrosoftStatus).',
      ],
      powershell: [
        connectGraph(v.cloud, tenantOf(v), ['Application.ReadWrite.All']),
        `Update-MgServicePrincipal -ServicePrincipalId ${spObjectId(v)} -AccountEnabled:$true`,
      ],
    }),
  },
  'token.conditional-access': {
    title: 'A Conditional Access policy blocks this app from getting a token',
    severity: 'error',
    docs: [DOC.aadsts, DOC.caWorkload],
    explain: (v) =>
      `${withCode(v, 'AADSTS53003')}: Entra ID refused the token because a Conditional Access policy for workload identities matched this app (often a location policy, and the product's IP is not in a trusted range). The sign-in logs for service principals show which policy.${ids(v)}`,
    remediation: (v) => ({
      steps: [
        `Microsoft Entra admin center > Monitoring > Sign-in logs > Service principal sign-ins: find ${show(v.clientId, 'client ID')}${v.correlationId ? ` (correlation ID ${v.correlationId})` : ''} and open the Conditional Access tab.`,
        'Exclude the service principal from the blocking policy, or add the product\'s public IP to the policy\'s trusted location.',
      ],
      powershell: [],
    }),
  },
  'token.unknown-error': {
    title: 'Entra ID refused the token request',
    severity: 'error',
    docs: [DOC.aadsts, DOC.clientCreds],
    explain: (v) =>
      `${withCode(v, 'An AADSTS error')} came back from the token endpoint; o365doctor has no specific fix for this code. Look it up at https://login.microsoftonline.com/error?code=${v.aadstsCode?.replace(/^AADSTS/i, '') ?? '<code>'} and read the sentence after the code: it usually names the setting.${ids(v)}`,
    remediation: (v) => ({
      steps: [
        `Look up the code at https://login.microsoftonline.com/error?code=${v.aadstsCode?.replace(/^AADSTS/i, '') ?? '<code>'}.`,
        'Check the service principal sign-in log in Entra ID for the same correlation ID.',
      ],
      powershell: [],
    }),
  },
  'claims.wrong-audience': {
    title: 'The token is not for Exchange Online',
    severity: 'error',
    docs: [DOC.exoOauth, DOC.claims],
    explain: (v) =>
      `The token's audience (aud) is ${show(v.audience, 'not Exchange Online')}, but SMTP, IMAP and POP accept only tokens for ${endpoints(v).exchangeResource}. Exchange rejects the wrong audience with a bare "535 5.7.3" or "NO AUTHENTICATE failed."; a Graph token (aud https://graph.microsoft.com) is the usual case.`,
    remediation: (v) => ({
      steps: [`Set the product's scope to ${expectedScope(v)} and get a new token.`],
      powershell: [],
    }),
  },
  'claims.no-application-roles': {
    title: 'The token carries no application permissions (no roles claim)',
    severity: 'error',
    docs: [DOC.exoOauth, DOC.adminConsent, DOC.claims],
    explain: () =>
      'Entra ID issued a token but it has no "roles" claim, so it grants nothing. Client credentials never fail for missing consent: the token just comes back empty when the Exchange application permissions were not added, were added as Delegated, or admin consent was not granted.',
    remediation: (v) => ({
      steps: [portalPermissionStep(v), consentStep(v), WAIT],
      powershell: grantRoles(v),
    }),
  },
  'claims.missing-role': {
    title: 'The token lacks the role this protocol needs',
    severity: 'error',
    docs: [DOC.exoOauth, DOC.adminConsent, DOC.claims],
    explain: (v) =>
      `The token's roles are ${v.roles && v.roles.length > 0 ? v.roles.join(', ') : 'missing'}, and ${neededRoles(v).join(', ')} ${neededRoles(v).length > 1 ? 'are' : 'is'} not among them. Each protocol needs its own Exchange application permission (SMTP.SendAsApp, IMAP.AccessAsApp, POP.AccessAsApp); full_access_as_app (EWS) or Graph's Mail.Send do not cover it.`,
    remediation: (v) => ({
      steps: [portalPermissionStep(v), consentStep(v), WAIT],
      powershell: grantRoles(v),
    }),
  },
  'claims.wrong-tenant': {
    title: 'The token comes from another tenant than the mailbox',
    severity: 'error',
    docs: [DOC.exoOauth, DOC.claims],
    explain: (v) =>
      `The token's tenant (tid) is ${show(v.tokenTenantId, 'another tenant')}, but the mailbox ${show(v.mailbox, 'mailbox')} lives in ${show(tenantOf(v), 'the expected tenant')}. Exchange accepts only tokens issued by the mailbox's own tenant; the token URL names the wrong tenant.`,
    remediation: (v) => ({
      steps: [
        `Set the token URL's tenant to ${show(tenantOf(v), "the mailbox's tenant ID")}.`,
        `For a multi-tenant app, consent it in the mailbox's tenant: ${adminConsentUrl(v.cloud, tenantOf(v), v.clientId)}`,
      ],
      powershell: [],
    }),
  },
  'claims.delegated-token': {
    title: 'The token is a user (delegated) token, not an app-only token',
    severity: 'error',
    docs: [DOC.exoOauth, DOC.claims],
    explain: () =>
      'The token has an "scp" claim (delegated scopes) and no app roles, so it was issued to a signed-in user, not to the application. App-only mail needs a client credentials token whose "roles" hold SMTP.SendAsApp, IMAP.AccessAsApp or POP.AccessAsApp.',
    remediation: (v) => ({
      steps: [
        'Set the product to the client credentials (app-only) flow with a client secret or certificate.',
        portalPermissionStep(v),
        consentStep(v),
      ],
      powershell: [],
    }),
  },
  'claims.expired': {
    title: 'The token has expired',
    severity: 'error',
    docs: [DOC.claims, DOC.clientCreds],
    explain: (v) =>
      `The token's exp claim is in the past${v.expiredAt ? ` (${v.expiredAt})` : ''}. App-only tokens live 60 to 90 minutes (Entra ID picks the lifetime; expires_in in the token response says how long); a product must request a new one rather than cache it for longer.`,
    remediation: () => ({
      steps: ['Get a fresh token; if the product keeps a stale one, restart it or lower its token cache time below the token lifetime.'],
      powershell: [],
    }),
  },
  'graph.permission-not-configured': {
    title: 'The app registration does not list the Exchange application permission',
    severity: 'error',
    docs: [DOC.exoOauth, DOC.adminConsent],
    explain: (v) =>
      `The app registration's API permissions have no "Office 365 Exchange Online" application permission ${neededRoles(v).join(', ')}. Without it, consent cannot grant anything and the token carries no such role.`,
    remediation: (v) => ({
      steps: [portalPermissionStep(v), consentStep(v), WAIT],
      powershell: grantRoles(v),
    }),
  },
  'graph.consent-missing': {
    title: 'The Exchange permission is configured but admin consent was not granted',
    severity: 'error',
    docs: [DOC.adminConsent, DOC.exoOauth],
    explain: (v) =>
      `The app registration lists ${neededRoles(v).join(', ')}, but no administrator granted consent, so the token does not carry it. The API permissions page shows "Not granted for <tenant>" next to the permission.`,
    remediation: (v) => ({
      steps: [consentStep(v), WAIT],
      powershell: grantRoles(v),
    }),
  },
  'graph.delegated-instead-of-application': {
    title: 'The Exchange permission was added as Delegated, not Application',
    severity: 'error',
    docs: [DOC.exoOauth, DOC.adminConsent],
    explain: (v) =>
      `The app registration has the Exchange permission as a Delegated permission (for example SMTP.Send or IMAP.AccessAsUser.All), which only a signed-in user can use. App-only mail needs the Application permission ${neededRoles(v).join(', ')}.`,
    remediation: (v) => ({
      steps: [
        'Remove the Delegated Exchange permission from API permissions (it does no harm but misleads).',
        portalPermissionStep(v),
        consentStep(v),
        WAIT,
      ],
      powershell: grantRoles(v),
    }),
  },
  'graph.secret-expiring': {
    title: 'A client secret expires soon',
    severity: 'warning',
    docs: [DOC.credentials],
    explain: (v) =>
      `A client secret of app ${show(v.appDisplayName ?? v.clientId, 'the app')} expires ${v.secretExpires ? `on ${v.secretExpires}` : 'soon'}. On that day the token request starts failing with AADSTS7000222 and mail stops; rotate it before then.`,
    remediation: (v) => secretRotation(v, 'before the current one expires'),
  },
  'graph.service-principal-disabled': {
    title: 'The enterprise application is disabled',
    severity: 'error',
    docs: [DOC.spDisable],
    explain: (v) =>
      `The enterprise application (service principal ${show(v.enterpriseObjectId, 'object ID')}) has accountEnabled = false. Entra ID issues it no tokens (AADSTS7000112).`,
    remediation: (v) => ({
      steps: [`Enterprise applications > ${show(v.appDisplayName ?? v.clientId, 'your app')} > Properties: set "Enabled for users to sign in?" to Yes.`],
      powershell: [
        connectGraph(v.cloud, tenantOf(v), ['Application.ReadWrite.All']),
        `Update-MgServicePrincipal -ServicePrincipalId ${spObjectId(v)} -AccountEnabled:$true`,
      ],
    }),
  },
  'exchange.service-principal-missing': {
    title: 'Exchange Online has no service principal for this app (New-ServicePrincipal was never run)',
    severity: 'error',
    docs: [DOC.exoOauth, DOC.newSp],
    explain: (v) =>
      `Entra ID issues the token, but Exchange Online only accepts an app it has been told about with New-ServicePrincipal, and Get-ServicePrincipal lists none for ${show(v.clientId, 'this client ID')}. Exchange then answers with a bare authentication failure ("535 5.7.3", "NO AUTHENTICATE failed.", "-ERR Authentication failure").`,
    remediation: (v) => ({
      steps: [
        `Find the enterprise application's Object ID: Enterprise applications > ${show(v.appDisplayName ?? v.clientId, 'your app')} > Overview > Object ID (not the app registration's Object ID).`,
        'Register it in Exchange Online, then give it access to the mailbox.',
        WAIT,
      ],
      powershell: [
        ...(v.enterpriseObjectId ? [] : findEnterpriseObjectId(v)),
        connectExchange(v.cloud),
        newServicePrincipal(v),
        `Add-MailboxPermission -Identity ${psArg(v.mailbox, 'mailbox address')} -User ${spObjectId(v)} -AccessRights FullAccess`,
      ],
    }),
  },
  'exchange.service-principal-wrong-object-id': {
    title: "Exchange's service principal was created with the wrong object ID",
    severity: 'error',
    docs: [DOC.exoOauth, DOC.newSp, DOC.removeSp],
    explain: (v) =>
      `New-ServicePrincipal was given ObjectId ${show(v.exchangeObjectId, 'another ID')}, but the token's oid (the enterprise application's object ID) is ${show(v.enterpriseObjectId, 'different')}${v.appRegistrationObjectId && v.exchangeObjectId === v.appRegistrationObjectId ? ', and the value used is the app registration\'s object ID, the usual mix-up' : ''}. Exchange matches the token's oid, finds no service principal, and fails authentication without saying why. The ID cannot be edited: remove the service principal and create it again, then grant the mailbox permissions again.`,
    remediation: (v) => ({
      steps: [
        `Use the Object ID shown under Enterprise applications > ${show(v.appDisplayName ?? v.clientId, 'your app')} > Overview, not the one under App registrations.`,
        'Removing the service principal removes its mailbox permissions: grant them again afterwards.',
        WAIT,
      ],
      powershell: [
        connectExchange(v.cloud),
        `Get-ServicePrincipal | Where-Object AppId -eq ${psArg(v.clientId, 'client ID')} | Format-List DisplayName,AppId,ObjectId`,
        `Remove-ServicePrincipal -Identity ${psArg(v.exchangeObjectId, 'ObjectId shown by Get-ServicePrincipal')} -Confirm:$false`,
        newServicePrincipal(v),
        `Add-MailboxPermission -Identity ${psArg(v.mailbox, 'mailbox address')} -User ${spObjectId(v)} -AccessRights FullAccess`,
      ],
    }),
  },
  'exchange.mailbox-permission-missing': {
    title: "The app's service principal has no FullAccess on the mailbox",
    severity: 'error',
    docs: [DOC.exoOauth, DOC.mailboxPerm],
    explain: (v) =>
      `Exchange knows the app, but it may not open ${show(v.mailbox, 'the mailbox')}: Get-MailboxPermission lists no FullAccess entry for its service principal. App-only IMAP, POP and SMTP act as the mailbox, so the app needs FullAccess on each mailbox it uses.`,
    remediation: (v) => ({
      steps: [`Grant the service principal FullAccess on ${show(v.mailbox, 'the mailbox')}.`, WAIT],
      powershell: [
        connectExchange(v.cloud),
        `Add-MailboxPermission -Identity ${psArg(v.mailbox, 'mailbox address')} -User ${spObjectId(v)} -AccessRights FullAccess`,
        `Get-MailboxPermission -Identity ${psArg(v.mailbox, 'mailbox address')} | Where-Object AccessRights -like '*FullAccess*'`,
      ],
    }),
  },
  'exchange.authorization-failed': {
    title: 'Exchange refused a valid token; its service principal or mailbox permission is wrong',
    severity: 'error',
    docs: [DOC.exoOauth, DOC.newSp, DOC.mailboxPerm],
    explain: (v, candidates) => {
      const refused = `The token is for Exchange and carries the right role, yet ${show(v.mailbox, 'the mailbox')} refused it.`
      const listed = candidates?.length ? candidates : SP_OR_ACCESS
      const spOrAccess = listed.filter((c) => SP_OR_ACCESS.includes(c)).length
      const what = spOrAccess < listed.length ? 'settle the service principal and FullAccess' : spOrAccess > 1 ? 'tell them apart' : 'check it'
      const tellApart = spOrAccess > 0
        ? ` Get-ServicePrincipal and Get-MailboxPermission below ${what}: the ObjectId listed must equal ${show(v.enterpriseObjectId, 'the token\'s oid')}.`
        : ''
      return `${refused} ${sameRefusalSentence(candidates)}${tellApart}`
    },
    remediation: (v) => ({
      steps: [
        'Run the two Get- commands: no entry means New-ServicePrincipal was never run; a different ObjectId means it was run with the wrong ID (remove and recreate); otherwise add FullAccess.',
        WAIT,
      ],
      powershell: [
        connectExchange(v.cloud),
        `Get-ServicePrincipal | Where-Object AppId -eq ${psArg(v.clientId, 'client ID')} | Format-List DisplayName,AppId,ObjectId`,
        `Get-MailboxPermission -Identity ${psArg(v.mailbox, 'mailbox address')}`,
        newServicePrincipal(v),
        `Add-MailboxPermission -Identity ${psArg(v.mailbox, 'mailbox address')} -User ${spObjectId(v)} -AccessRights FullAccess`,
      ],
    }),
  },
  'exchange.smtp-auth-disabled-tenant': {
    title: 'SMTP AUTH is disabled for the organisation',
    severity: 'error',
    docs: [DOC.smtpAuth],
    explain: (v) =>
      `Exchange answered "535 5.7.139 … SmtpClientAuthentication is disabled for the Tenant": authenticated SMTP is off organisation-wide and ${show(v.mailbox, 'the mailbox')} has no override. Turn it on for this one mailbox rather than for everyone: CISA's baseline MS.EXO.5.1 flags enabling SMTP AUTH organisation-wide.`,
    remediation: (v) => ({
      steps: [
        `Microsoft 365 admin center > Users > Active users > ${show(v.mailbox, 'mailbox')} > Mail > Manage email apps: tick "Authenticated SMTP".`,
        'Leave Set-TransportConfig -SmtpClientAuthenticationDisabled as it is; the per-mailbox setting overrides it.',
        'Security defaults and authentication policies block only password (basic) SMTP AUTH; they do not affect XOAUTH2 with an app-only token, so they are not the cause here.',
        WAIT,
      ],
      powershell: [
        connectExchange(v.cloud),
        `Set-CASMailbox -Identity ${psArg(v.mailbox, 'mailbox address')} -SmtpClientAuthenticationDisabled $false`,
        `Get-CASMailbox -Identity ${psArg(v.mailbox, 'mailbox address')} | Format-List SmtpClientAuthenticationDisabled`,
      ],
    }),
  },
  'exchange.smtp-auth-disabled-mailbox': {
    title: 'SMTP AUTH is disabled for this mailbox',
    severity: 'error',
    docs: [DOC.smtpAuth, DOC.casMailbox],
    explain: (v) =>
      `Exchange answered "535 5.7.139 … SmtpClientAuthentication is disabled for the Mailbox": ${show(v.mailbox, 'the mailbox')} has authenticated SMTP switched off, which overrides the organisation setting. Turning it on for this mailbox only is the least-privilege fix.`,
    remediation: (v) => ({
      steps: [`Microsoft 365 admin center > Users > Active users > ${show(v.mailbox, 'mailbox')} > Mail > Manage email apps: tick "Authenticated SMTP".`, WAIT],
      powershell: [
        connectExchange(v.cloud),
        `Set-CASMailbox -Identity ${psArg(v.mailbox, 'mailbox address')} -SmtpClientAuthenticationDisabled $false`,
      ],
    }),
  },
  'exchange.send-as-denied': {
    title: 'The mailbox may not send as this From address (Send As missing)',
    severity: 'error',
    docs: [DOC.exoOauth, DOC.recipientPerm, DOC.sendAs],
    explain: (v) =>
      `Login worked, but Exchange refused the message after DATA with SendAsDenied: ${show(v.mailbox, 'the authenticated mailbox')} has no Send As right on ${show(v.from, 'the From address')}. Either send From the mailbox itself, or grant Send As on the From address.`,
    remediation: (v) => ({
      steps: [
        `Either set the product's From address to ${show(v.mailbox, 'the authenticated mailbox')}, or grant Send As on ${show(v.from, 'the From address')}.`,
        'Microsoft\'s doc grants Send As to the sender; if granting it to the mailbox is not enough, grant it to the service principal as well (second line).',
        WAIT,
      ],
      powershell: [
        connectExchange(v.cloud),
        `Add-RecipientPermission -Identity ${psArg(v.from, 'From address')} -Trustee ${psArg(v.mailbox, 'authenticated mailbox address')} -AccessRights SendAs -Confirm:$false`,
        `Add-RecipientPermission -Identity ${psArg(v.from, 'From address')} -Trustee ${spObjectId(v)} -AccessRights SendAs -Confirm:$false`,
      ],
    }),
  },
  'exchange.imap-disabled': {
    title: 'IMAP is disabled on the mailbox',
    severity: 'error',
    docs: [DOC.popImap, DOC.casMailbox],
    explain: (v) =>
      `Authentication succeeded, then Exchange answered "BAD User is authenticated but not connected.", which Microsoft's own test script maps to IMAP being disabled on ${show(v.mailbox, 'the mailbox')}. The same reply also appears when the app has no access to that mailbox, so check FullAccess if IMAP is already on.`,
    remediation: (v) => ({
      steps: [`Enable IMAP for ${show(v.mailbox, 'the mailbox')} (Exchange admin center > Mailboxes > the mailbox > Email apps), then wait about 30 minutes.`],
      powershell: [
        connectExchange(v.cloud),
        `Set-CASMailbox -Identity ${psArg(v.mailbox, 'mailbox address')} -ImapEnabled $true`,
        `Get-MailboxPermission -Identity ${psArg(v.mailbox, 'mailbox address')}`,
      ],
    }),
  },
  'exchange.pop-disabled': {
    title: 'POP is disabled on the mailbox',
    severity: 'error',
    docs: [DOC.popImap, DOC.casMailbox],
    explain: (v) =>
      `POP3 is switched off for ${show(v.mailbox, 'the mailbox')} (Get-CASMailbox shows PopEnabled False), so Exchange refuses the login even with a good token. Turn it on for this mailbox.`,
    remediation: (v) => ({
      steps: [`Enable POP for ${show(v.mailbox, 'the mailbox')} (Exchange admin center > Mailboxes > the mailbox > Email apps), then wait about 30 minutes.`],
      powershell: [connectExchange(v.cloud), `Set-CASMailbox -Identity ${psArg(v.mailbox, 'mailbox address')} -PopEnabled $true`],
    }),
  },
  'network.dns-failure': {
    title: 'The host name does not resolve',
    severity: 'error',
    docs: [DOC.popImapSettings],
    explain: (v) =>
      `DNS gave no address for ${show(v.host, 'the host')}. The name is misspelt, or the product's network has no public DNS (a proxy-only or air-gapped server).`,
    remediation: (v) => ({
      steps: [
        v.port === 443
          ? `Check that the product's server can resolve ${show(v.host, 'the host')} (${endpoints(v).authorityHost} is Entra ID's sign-in host in this cloud).`
          : `Check the spelling of ${show(v.host, 'the host')} (Exchange Online: ${endpoints(v).smtpHost} for SMTP, ${endpoints(v).imapHost} for IMAP and POP).`,
        'On the product\'s server, try Resolve-DnsName or nslookup for that name.',
      ],
      powershell: [`Resolve-DnsName ${psArg(v.host, 'host')}`],
    }),
  },
  'network.connection-refused': {
    title: 'The connection was refused',
    severity: 'error',
    docs: [DOC.popImapSettings],
    explain: (v) =>
      v.networkCode && v.networkCode !== 'ECONNREFUSED'
        ? `The connection to ${show(v.host, 'the host')}:${v.port ?? '<port>'} could not be made (${v.networkCode}): the product's server has no route there (no network, a VPN or proxy missing) or something on the way reset it. Nothing answered with a refusal.`
        : `Something at ${show(v.host, 'the host')}:${v.port ?? '<port>'} actively refused the connection: the port is wrong, or a local firewall, proxy or antivirus blocks outbound ${v.port === 443 ? 'HTTPS' : 'mail ports'}.`,
    remediation: (v) => ({
      steps: [v.port === 443
        ? `Check that the product's server can open HTTPS (port 443) to ${show(v.host, 'the host')}, directly or through the proxy it must use.`
        : 'Check the port (587 SMTP, 993 IMAP, 995 POP) and that outbound traffic to it is allowed from the product\'s server.'],
      powershell: [`Test-NetConnection -ComputerName ${psArg(v.host, 'host')} -Port ${v.port ?? '<port>'}`],
    }),
  },
  'exchange.temporary-failure': {
    title: 'The server could not check the login right now (temporary failure)',
    severity: 'error',
    docs: [DOC.popImapSettings],
    explain: (v) =>
      `${show(v.host, 'The mail server')} answered with a temporary authentication failure${v.serverReply ? ` ("${v.serverReply}")` : ''}: it could not reach its own token validation back end, so the token was never judged. Nothing in the tenant's configuration is shown to be wrong by this reply.`,
    remediation: () => ({
      steps: [
        'Retry in a few minutes.',
        'If it persists, check Microsoft 365 admin center > Health > Service health, or, for a relay or test server, its connection to its authentication server.',
      ],
      powershell: [],
    }),
  },
  'network.timeout': {
    title: 'The connection timed out',
    severity: 'error',
    docs: [DOC.popImapSettings],
    explain: (v) =>
      `No answer came from ${show(v.host, 'the host')}:${v.port ?? '<port>'} in time. A firewall silently drops the traffic (port 25 and 587 are often blocked by hosting providers), or the route needs a proxy.`,
    remediation: (v) => ({
      steps: ['Allow outbound traffic to the mail port from the product\'s server, or configure the proxy the network requires.'],
      powershell: [`Test-NetConnection -ComputerName ${psArg(v.host, 'host')} -Port ${v.port ?? '<port>'}`],
    }),
  },
  'network.tls-failure': {
    title: 'The TLS handshake or certificate check failed',
    severity: 'error',
    docs: [DOC.tls, DOC.popImapSettings],
    explain: (v) =>
      `TLS to ${show(v.host, 'the host')} failed${v.serverReply ? ` ("${v.serverReply}")` : ''}. Exchange Online requires TLS 1.2 or later; an old TLS stack, or a proxy that intercepts TLS with its own certificate the product does not trust, is the usual cause.`,
    remediation: () => ({
      steps: [
        'Enable TLS 1.2 in the product and its runtime (Java, .NET, OpenSSL).',
        'If a TLS-inspecting proxy sits in the way, trust its CA in the product or exempt the mail hosts from inspection.',
      ],
      powershell: [],
    }),
  },
  'network.connection-reset': {
    title: 'The connection was closed or reset mid-conversation',
    severity: 'error',
    docs: [DOC.popImapSettings],
    explain: (v) =>
      `${show(v.host, 'The host')}:${v.port ?? '<port>'} accepted the connection, then closed or reset it before the conversation was over${v.serverReply ? ` (last reply: "${v.serverReply}")` : ''}. Exchange Online does not do that to a well-formed client: a firewall, proxy or antivirus that inspects the traffic is the usual reason.`,
    remediation: (v) => ({
      steps: ['Check what sits between the product\'s server and the host (firewall, proxy, antivirus mail shield) and exempt the mail and login hosts from inspection.'],
      powershell: [`Test-NetConnection -ComputerName ${psArg(v.host, 'host')} -Port ${v.port ?? '<port>'}`],
    }),
  },
  'network.unexpected-reply': {
    title: 'The server answered something Microsoft 365 never sends',
    severity: 'error',
    docs: [DOC.popImapSettings],
    explain: (v) =>
      `What ${show(v.host, 'the host')}:${v.port ?? '<port>'} sent is not what Microsoft 365 sends there${v.serverReply ? ` ("${v.serverReply}")` : ''}: an oversized or malformed reply, or a missing STARTTLS. Something else answers on that address: a proxy, an antivirus or firewall that intercepts the protocol, or the wrong host.`,
    remediation: (v) => ({
      steps: [
        `Check that ${show(v.host, 'the host')} resolves to Microsoft (not a local relay) from the product's server.`,
        'Exempt the Microsoft 365 hosts from protocol inspection in the firewall, proxy or antivirus.',
      ],
      powershell: [`Resolve-DnsName ${psArg(v.host, 'host')}`, `Test-NetConnection -ComputerName ${psArg(v.host, 'host')} -Port ${v.port ?? '<port>'}`],
    }),
  },
  'network.proxy-failure': {
    title: 'The HTTPS proxy did not connect',
    severity: 'error',
    docs: [DOC.clientCreds],
    explain: (v) =>
      `The request to ${show(v.host, 'the host')} went through the proxy set in HTTPS_PROXY, and the proxy refused or failed to open the tunnel. The proxy's address, its credentials, or its allow-list is wrong.`,
    remediation: (v) => ({
      steps: [`Check HTTPS_PROXY / NO_PROXY on the product's server, and that the proxy allows CONNECT to ${show(v.host, 'the host')}:443.`],
      powershell: ['netsh winhttp show proxy'],
    }),
  },
  'token.endpoint-unavailable': {
    title: 'The token endpoint is throttling or failing (HTTP 429 or 5xx)',
    severity: 'error',
    docs: [DOC.clientCreds],
    explain: (v) =>
      `${show(v.host, 'The token endpoint')} answered with an HTTP error status and no AADSTS code${v.serverReply ? ` (${v.serverReply})` : ''}: it throttled the request (429) or failed itself (5xx), so the credentials were never judged. Nothing in the app's configuration is shown to be wrong by this reply.`,
    remediation: () => ({
      steps: [
        'Wait as long as the Retry-After header says, then run again; a product that retries in a tight loop keeps itself throttled.',
        'If it persists, check Microsoft 365 admin center > Health > Service health, or the proxy between the product and Entra ID.',
      ],
      powershell: [],
    }),
  },
  'network.tls-mode-mismatch': {
    title: "The client's TLS mode does not match what the port speaks",
    severity: 'error',
    docs: [DOC.smtpAuth, DOC.popImapSettings],
    explain: (v) =>
      `The client spoke TLS where the server expected plain text (or the reverse)${v.port !== undefined ? ` on port ${v.port}` : ''}; OpenSSL's "wrong version number" is the classic sign. SMTP on 587 starts in plain text and upgrades with STARTTLS; IMAP 993 and POP 995 start with TLS.`,
    remediation: (v) => {
      const protocol = v.protocol ?? 'smtp'
      return tlsModeFix(protocol, v)
    },
  },
  ...CREDENTIAL_CAUSES,
  ...MAILBOX_AND_LIMIT_CAUSES,
  ...CLIENT_BEHAVIOUR_CAUSES,
}

/** The causes behind Exchange's bare refusal of a valid token that Get-ServicePrincipal / Get-MailboxPermission separate. */
const SP_OR_ACCESS: readonly CauseId[] = ['exchange.service-principal-missing', 'exchange.service-principal-wrong-object-id', 'exchange.mailbox-permission-missing']

/** Each candidate of exchange.authorization-failed as the mistake it is, in a few words (others: their title). */
const REFUSAL_MISTAKE: Partial<Record<CauseId, string>> = {
  'exchange.service-principal-missing': 'New-ServicePrincipal never run',
  'exchange.service-principal-wrong-object-id': "New-ServicePrincipal run with the app registration's object ID instead of the enterprise application's",
  'exchange.mailbox-permission-missing': 'no FullAccess on the mailbox',
  'exchange.no-mailbox': 'no Exchange Online mailbox behind the address',
  'exchange.pop-disabled': 'POP disabled on the mailbox',
}

const COUNT_WORD = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten']

/** "a", "a or b", "a, b, or c". */
function orList(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' or ')
  return `${items.slice(0, -1).join(', ')}, or ${items.at(-1)}`
}

/** What Exchange's one bare refusal may mean, counted and named from the candidates actually listed. */
export function sameRefusalSentence(candidates: readonly CauseId[] | undefined): string {
  const mistake = (id: CauseId) => REFUSAL_MISTAKE[id] ?? CATALOGUE[id].title.replace(/\.$/, '')
  if (!candidates?.length) return `Exchange gives the same bare failure for several mistakes, among them ${orList(SP_OR_ACCESS.map(mistake))}.`
  const names = [...new Set(candidates)].map(mistake)
  if (names.length === 1) return `Exchange gives this bare failure for one mistake the evidence leaves open: ${names[0]}.`
  return `Exchange gives the same bare failure for ${COUNT_WORD[names.length] ?? names.length} mistakes: ${orList(names)}.`
}

export interface BuildCauseOptions {
  confidence?: Confidence
  severity?: Severity
  summary?: string
  /** Replaces the catalogue's explanation when the evidence says something more specific. */
  explanation?: string
  evidence?: Record<string, unknown>
  checks?: string[]
  candidates?: CauseId[]
}

/** How each cause was built, so the diagnosis can rebuild one cause's words from several findings of its ID. */
const ORIGIN = new WeakMap<Cause, {options: BuildCauseOptions; values: FixValues}>()

/** The options and values `buildCause` made this cause from (undefined for a cause built another way). */
export function originOf(cause: Cause): {options: BuildCauseOptions; values: FixValues} | undefined {
  return ORIGIN.get(cause)
}

/** A report Cause for `id`, with the catalogue's words and this tenant's values. */
export function buildCause(id: CauseId, options: BuildCauseOptions, v: FixValues): Cause {
  const entry = CATALOGUE[id]
  const cause: Cause = {
    id,
    severity: options.severity ?? entry.severity,
    confidence: options.confidence ?? 'likely',
    summary: options.summary ?? entry.title,
    explanation: options.explanation ?? entry.explain(v, options.candidates),
    remediation: entry.remediation(v),
    checks: options.checks ?? [],
    docs: [...entry.docs],
  }
  if (options.evidence !== undefined) cause.evidence = options.evidence
  if (options.candidates !== undefined && options.candidates.length > 0) cause.candidates = options.candidates
  ORIGIN.set(cause, {options, values: v})
  return cause
}
