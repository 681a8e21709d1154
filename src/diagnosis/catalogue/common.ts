// Shared pieces of the cause catalogue: Microsoft's doc links and the small value helpers every entry file uses.
// Kept apart from catalogue.ts so the entry files (catalogue/*.ts) can import them without an import cycle.

import {CLOUD_ENDPOINTS} from '../../core/cloud.js'
import type {FixValues} from '../catalogue.js'
import {show} from '../powershell.js'

export const DOC = {
  exoOauth:
    'https://learn.microsoft.com/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth',
  smtpAuth: 'https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission',
  aadsts: 'https://learn.microsoft.com/entra/identity-platform/reference-error-codes',
  clientCreds: 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow',
  claims: 'https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference',
  credentials: 'https://learn.microsoft.com/entra/identity-platform/how-to-add-credentials',
  adminConsent: 'https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent',
  nationalClouds: 'https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud',
  scopes: 'https://learn.microsoft.com/entra/identity-platform/scopes-oidc',
  caWorkload: 'https://learn.microsoft.com/entra/identity/conditional-access/workload-identity',
  publicClient: 'https://learn.microsoft.com/entra/identity-platform/msal-client-applications',
  spDisable: 'https://learn.microsoft.com/entra/identity/enterprise-apps/disable-user-sign-in-portal',
  appRoleAssign: 'https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignments',
  basicAuth:
    'https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/deprecation-of-basic-authentication-exchange-online',
  popImap:
    'https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/pop3-and-imap4/enable-or-disable-pop3-or-imap4-access',
  popImapSettings:
    'https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/pop3-and-imap4/pop3-and-imap4',
  lob: 'https://learn.microsoft.com/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365',
  tls: 'https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/opt-in-exchange-online-endpoint-for-legacy-tls-using-smtp-auth',
  newSp: 'https://learn.microsoft.com/powershell/module/exchange/new-serviceprincipal',
  removeSp: 'https://learn.microsoft.com/powershell/module/exchange/remove-serviceprincipal',
  mailboxPerm: 'https://learn.microsoft.com/powershell/module/exchange/add-mailboxpermission',
  recipientPerm: 'https://learn.microsoft.com/powershell/module/exchange/add-recipientpermission',
  casMailbox: 'https://learn.microsoft.com/powershell/module/exchange/set-casmailbox',
  sendAs: 'https://learn.microsoft.com/exchange/recipients-in-exchange-online/manage-permissions-for-recipients',
  certCredentials: 'https://learn.microsoft.com/entra/identity-platform/certificate-credentials',
  keyCredential: 'https://learn.microsoft.com/graph/api/resources/keycredential',
  updateMgApplication: 'https://learn.microsoft.com/powershell/module/microsoft.graph.applications/update-mgapplication',
  workloadFederation: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation',
  federationTrust: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust',
  federationConsiderations: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations',
  accessTokens: 'https://learn.microsoft.com/entra/identity-platform/access-tokens',
  noRestMailbox:
    'https://learn.microsoft.com/exchange/troubleshoot/user-and-shared-mailboxes/rest-api-is-not-yet-supported-for-this-mailbox-error',
  exoRecipient: 'https://learn.microsoft.com/powershell/module/exchange/get-exorecipient',
  assignLicenses: 'https://learn.microsoft.com/microsoft-365/admin/manage/assign-licenses-to-users',
  exoLimits: 'https://learn.microsoft.com/office365/servicedescriptions/exchange-online-service-description/exchange-online-limits',
  smtpSubmission: 'https://learn.microsoft.com/exchange/troubleshoot/send-emails/smtp-submission-improvements',
  restrictedUsers: 'https://learn.microsoft.com/defender-office-365/outbound-spam-restore-restricted-users',
  removeBlockedSender: 'https://learn.microsoft.com/powershell/module/exchange/remove-blockedsenderaddress',
  ndr: 'https://learn.microsoft.com/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online',
} as const

/** The app as a person finds it in the portal: its display name, else its client ID. */
export function appName(v: FixValues): string {
  return show(v.appDisplayName ?? v.clientId, 'your app')
}

export function endpoints(v: FixValues) {
  return CLOUD_ENDPOINTS[v.cloud ?? 'global']
}

export function expectedScope(v: FixValues): string {
  return v.expectedScope ?? `${endpoints(v).exchangeResource}/.default`
}

export function tenantOf(v: FixValues): string | undefined {
  return v.tenantId ?? v.tenant
}

export function withCode(v: FixValues, fallback: string): string {
  return v.aadstsCode ? `AADSTS${v.aadstsCode.replace(/^AADSTS/i, '')}` : fallback
}

/** Microsoft's request IDs, as one sentence to quote in a support case; empty when none is known. */
export function ids(v: FixValues): string {
  const parts: string[] = []
  if (v.correlationId) parts.push(`Correlation ID ${v.correlationId}`)
  if (v.traceId) parts.push(`Trace ID ${v.traceId}`)
  if (v.timestamp) parts.push(`timestamp ${v.timestamp}`)
  return parts.length > 0 ? ` Quote ${parts.join(', ')} if you open a case with Microsoft.` : ''
}

export const WAIT = 'Changes in Entra ID and Exchange Online can take up to an hour to reach every server; retry after that before digging further.'
