// Graph's `/users/{upn-or-id}` and `/users/{id}/mailboxSettings` for the scenario's mailboxes (microsoft-behaviour.md
// §8.5.1): reading users needs User.Read.All (or Directory.Read.All; Application.Read.All is not enough → 403);
// mailboxSettings needs MailboxSettings.Read and answers 404 MailboxNotEnabledForRESTAPI for an address without an
// Exchange Online mailbox (type none or mailUser).

import {derivedGuid} from '../derived-id.js'
import type {LabTokenClaims} from '../lab-types.js'
import type {Scenario, ScenarioMailbox} from '../scenario/types.js'
import {GUID_RE} from '../scenario/yaml-reader.js'

type Json = Record<string, unknown>

export interface GraphUsersError {
  status: number
  code: string
  message: string
}

const USER_READ_ROLES = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All']
const MAILBOX_SETTINGS_ROLES = ['MailboxSettings.Read', 'MailboxSettings.ReadWrite']
/** The Exchange Online plan of Microsoft 365 E3 (SKU ENTERPRISEPACK), as a licensed user carries it. */
const E3_SKU = '6fd2c87f-b296-42f0-b197-1e91e994b900'

const denied = (): GraphUsersError => ({status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.'})
const accessDenied = (): GraphUsersError => ({status: 403, code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.'})
const notFound = (id: string): GraphUsersError => ({
  status: 404, code: 'Request_ResourceNotFound',
  message: `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
})

export function userIdOf(scenario: Scenario, mailbox: ScenarioMailbox): string {
  return derivedGuid(scenario.tenant.id, 'user', mailbox.address)
}

/** The user object Graph shows for a scenario mailbox. */
export function userEntity(scenario: Scenario, m: ScenarioMailbox): Json {
  const hasMailAttributes = m.type !== 'none'
  return {
    id: userIdOf(scenario, m),
    userPrincipalName: m.address,
    displayName: m.address.split('@')[0],
    mail: hasMailAttributes ? m.address : null,
    userType: 'Member',
    // Shared mailboxes are disabled accounts without a licence; a mail user's mailbox is on-premises.
    accountEnabled: m.type !== 'shared',
    assignedLicenses: m.type === 'user' ? [{disabledPlans: [], skuId: E3_SKU}] : [],
    proxyAddresses: hasMailAttributes ? [`SMTP:${m.address}`] : [],
    onPremisesSyncEnabled: m.type === 'mailUser' ? true : null,
  }
}

const POLICY_READ_ROLES = ['Policy.Read.All', 'Policy.ReadWrite.SecurityDefaults']

/** `policies/identitySecurityDefaultsEnforcementPolicy` (§8.3.3): Policy.Read.All, else 403. */
export function answerPolicies(scenario: Scenario, claims: LabTokenClaims, segments: string[], host: string, version: string): Json | GraphUsersError | undefined {
  const [first = '', second, ...more] = segments
  if (first.toLowerCase() !== 'policies') return undefined
  if (second?.toLowerCase() !== 'identitysecuritydefaultsenforcementpolicy' || more.length > 0) {
    return {status: 400, code: 'BadRequest', message: `Resource not found for the segment '${more[0] ?? second ?? first}'.`}
  }
  if (!(claims.roles ?? []).some((r) => POLICY_READ_ROLES.includes(r))) return denied()
  return {
    '@odata.context': `https://${host}/${version}/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity`,
    id: '00000000-0000-0000-0000-000000000005',
    displayName: 'Security Defaults',
    description: 'Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization. Administrators and users will be better protected from common identity related attacks.',
    isEnabled: scenario.tenant.securityDefaults,
  }
}

/** Answers `users/...` segments (after the version), or undefined when the path is not about users. */
export function answerUsers(scenario: Scenario, claims: LabTokenClaims, segments: string[], host: string, version: string): Json | GraphUsersError | undefined {
  const [first = '', key, nav, ...more] = segments
  if (first.toLowerCase() !== 'users') return undefined
  const roles = claims.roles ?? []
  if (!roles.some((r) => USER_READ_ROLES.includes(r)) && !(nav && roles.some((r) => MAILBOX_SETTINGS_ROLES.includes(r)))) {
    return nav?.toLowerCase() === 'mailboxsettings' ? accessDenied() : denied()
  }
  if (key === undefined) return {'@odata.context': `https://${host}/${version}/$metadata#users`, value: scenario.exchange.mailboxes.map((m) => userEntity(scenario, m))}
  const wanted = key.toLowerCase()
  const mailbox = scenario.exchange.mailboxes.find((m) => m.address === wanted || (GUID_RE.test(wanted) && userIdOf(scenario, m) === wanted))
  if (!mailbox) return notFound(key)
  if (nav === undefined) return {'@odata.context': `https://${host}/${version}/$metadata#users/$entity`, ...userEntity(scenario, mailbox)}
  if (nav.toLowerCase() !== 'mailboxsettings' || more.length > 0) return {status: 400, code: 'BadRequest', message: `Resource not found for the segment '${more[0] ?? nav}'.`}
  if (!roles.some((r) => MAILBOX_SETTINGS_ROLES.includes(r))) return accessDenied()
  if (mailbox.type === 'none' || mailbox.type === 'mailUser') {
    return {status: 404, code: 'MailboxNotEnabledForRESTAPI', message: 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.'}
  }
  return {
    '@odata.context': `https://${host}/${version}/$metadata#users('${userIdOf(scenario, mailbox)}')/mailboxSettings`,
    archiveFolder: derivedGuid(scenario.tenant.id, 'archive', mailbox.address),
    timeZone: 'UTC',
    dateFormat: 'dd.MM.yyyy',
    timeFormat: 'HH:mm',
    userPurpose: mailbox.type === 'shared' ? 'shared' : 'user',
  }
}
