// `lab evidence`: the Exchange evidence file (src/remedies/exchange-evidence.ts) as the evidence script would write
// it against this scenario's tenant, so `check --lab X --exchange-evidence` can be tested end to end. Values are
// shaped as Exchange reports them: a FullAccess entry's User is the service principal's display name when the
// scenario's name matches one, a missing service principal is simply absent, a missing mailbox is an error entry.
import {EVIDENCE_FORMAT_VERSION, type EvidenceMailbox, type ExchangeEvidence} from '../remedies/exchange-evidence.js'
import type {ExchangeServicePrincipal, Scenario, ScenarioMailbox} from './scenario/types.js'

export interface LabEvidenceOptions {
  /** collectedAt (default: now). */
  now?: Date
  /** Mailboxes to describe (default: the client's mailbox and From address). */
  mailboxes?: string[]
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

// Exchange lists a principal by its display name; a SID-like value stands in for the Sid column.
const sidOf = (sp: ExchangeServicePrincipal): string => `S-1-5-21-${parseInt(sp.objectId.replace(/-/g, '').slice(0, 8), 16) || 0}-lab`

export function labEvidence(scenario: Scenario, options: LabEvidenceOptions = {}): ExchangeEvidence {
  const appId = scenario.client.clientId ?? scenario.applications[0]?.appId ?? ''
  const sps = scenario.exchange.servicePrincipals.filter((sp) => same(sp.appId, appId))
  const allSps = scenario.exchange.servicePrincipals
  const principal = (name: string): string => allSps.find((sp) => same(sp.displayName, name) || same(sp.objectId, name))?.displayName ?? name
  const wanted = options.mailboxes ?? [scenario.client.mailbox, scenario.client.from].filter((m): m is string => Boolean(m))
  const addresses = wanted.filter((m, i) => wanted.findIndex((o) => same(o, m)) === i)
  const errors: ExchangeEvidence['errors'] = []
  const mailboxes: EvidenceMailbox[] = addresses.map((address) => {
    const mailbox = scenario.exchange.mailboxes.find((m) => same(m.address, address))
    if (mailbox && mailbox.type === 'mailUser') {
      // A mail user has no Exchange Online mailbox: the mailbox cmdlets find nothing, Get-Recipient names it.
      for (const cmdlet of ['Get-CASMailbox', 'Get-MailboxPermission']) {
        errors.push({cmdlet, target: address, message: `The operation couldn't be performed because object '${address}' couldn't be found.`})
      }
      const identity = address.split('@')[0] ?? address
      return {address, casMailbox: null, mailboxPermissions: [], recipientPermissions: [],
        recipient: {Identity: identity, PrimarySmtpAddress: address, RecipientType: 'MailUser', RecipientTypeDetails: 'MailUser'}}
    }
    if (!mailbox || mailbox.type === 'none') {
      for (const cmdlet of ['Get-CASMailbox', 'Get-MailboxPermission', 'Get-RecipientPermission', 'Get-Recipient']) {
        errors.push({cmdlet, target: address, message: `The operation couldn't be performed because object '${address}' couldn't be found.`})
      }
      return {address, casMailbox: null, mailboxPermissions: [], recipientPermissions: []}
    }
    return describeMailbox(mailbox, principal)
  })
  const rbacFor = scenario.exchange.rbacForApplications.filter((a) => same(a.appId, appId))
  const spName = sps[0]?.displayName ?? appId
  return {
    o365doctorEvidence: EVIDENCE_FORMAT_VERSION,
    collectedAt: (options.now ?? new Date()).toISOString(),
    organization: scenario.tenant.domains.find((d) => d.endsWith('.onmicrosoft.com')) ?? scenario.tenant.domains[0] ?? scenario.tenant.id,
    appId,
    servicePrincipals: sps.map((sp) => ({AppId: sp.appId, ObjectId: sp.objectId, DisplayName: sp.displayName, Identity: sp.objectId, Sid: sidOf(sp)})),
    mailboxes,
    transportConfig: {SmtpClientAuthenticationDisabled: scenario.tenant.smtpClientAuthenticationDisabled},
    rbac: {
      available: true,
      roleAssignments: rbacFor.map((a, i) => ({
        Name: `${a.role}-${spName}-${i}`, Role: a.role, RoleAssignee: spName, RoleAssigneeType: 'ServicePrincipal',
        CustomResourceScope: a.mailboxes.length > 0 ? `scope-${spName}-${i}` : null, Enabled: true,
      })),
      authorization: sps.length === 0 ? [] : addresses.flatMap((address) => rbacFor.map((a) => ({
        mailbox: address, RoleName: a.role, GrantedPermissions: [a.role.replace(/^Application\s+/i, '')],
        AllowedResourceScope: a.mailboxes.length > 0 ? `scope-${spName}` : 'Organization',
        ScopeType: a.mailboxes.length > 0 ? 'CustomRecipientScope' : 'Organization',
        InScope: a.mailboxes.length === 0 || a.mailboxes.some((m) => same(m, address)),
      }))),
    },
    errors,
  }
}

function describeMailbox(m: ScenarioMailbox, principal: (name: string) => string): EvidenceMailbox {
  const identity = m.address.split('@')[0] ?? m.address
  const details = m.type === 'shared' ? 'SharedMailbox' : 'UserMailbox'
  return {
    address: m.address,
    recipient: {Identity: identity, PrimarySmtpAddress: m.address, RecipientType: 'UserMailbox', RecipientTypeDetails: details},
    casMailbox: {
      Identity: identity, PrimarySmtpAddress: m.address, ImapEnabled: m.imapEnabled, PopEnabled: m.popEnabled,
      SmtpClientAuthenticationDisabled: m.smtpClientAuthenticationDisabled,
    },
    mailboxPermissions: [
      {Identity: identity, User: 'NT AUTHORITY\\SELF', AccessRights: ['FullAccess', 'ReadPermission'], IsInherited: false, Deny: false},
      ...m.fullAccess.map((p) => ({Identity: identity, User: principal(p), AccessRights: ['FullAccess'], IsInherited: false, Deny: false})),
    ],
    recipientPermissions: [
      {Identity: identity, Trustee: 'NT AUTHORITY\\SELF', AccessControlType: 'Allow', AccessRights: ['SendAs']},
      ...m.sendAs.map((p) => ({Identity: identity, Trustee: principal(p), AccessControlType: 'Allow', AccessRights: ['SendAs']})),
    ],
  }
}
