// Exchange Online's decision on an XOAUTH2 login and on Send As (lab-scenario.md "How the lab decides").
// The reason is for the lab log only: clients only ever see Microsoft's generic reply for their protocol.
import {ROLE_FOR, type Protocol} from '../../core/protocol.js'

import {CLOUD_ENDPOINTS, cloudsOfHost, EXCHANGE_RESOURCE_APP_ID} from '../../core/cloud.js'
import type {LabTokenClaims} from '../lab-types.js'
import type {ExchangeServicePrincipal, Scenario, ScenarioMailbox} from '../scenario/types.js'

export type MailProtocol = Protocol

/** The application role each protocol needs in `roles` (microsoft-behaviour.md §2.1). */

/** Who logged in, kept on the session for the Send As check and the log. */
export interface MailIdentity {
  mailbox: ScenarioMailbox
  appId: string
  servicePrincipalId: string
  /** Names the mailbox permissions may list for this client: the Exchange SP's displayName and objectId. */
  principals: string[]
  via: 'fullAccess' | 'rbac'
}

export type LoginDecision =
  | {allowed: true; identity: MailIdentity}
  | {
      allowed: false
      /** Which reply the client gets: the protocol's generic failure, or SMTP's 5.7.139 variants. */
      reply: 'generic' | 'smtpAuthDisabledTenant' | 'smtpAuthDisabledMailbox'
      /** Internal, for the lab log. */
      reason: string
    }

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()
const deny = (reason: string): LoginDecision => ({allowed: false, reply: 'generic', reason})

export function findMailbox(scenario: Scenario, address: string): ScenarioMailbox | undefined {
  return scenario.exchange.mailboxes.find((m) => same(m.address, address))
}

function exchangeAudiences(scenario: Scenario): string[] {
  const e = CLOUD_ENDPOINTS[scenario.tenant.cloud]
  // A v1 token requested by the resource's appId carries the GUID as `aud`; it names the same resource.
  return [e.exchangeResource, ...e.exchangeResourceAliases, EXCHANGE_RESOURCE_APP_ID]
}

function principalNames(sp: ExchangeServicePrincipal): string[] {
  return [sp.displayName, sp.objectId]
}

/**
 * Decides an XOAUTH2 login. `claims` is undefined when the token is not one the lab signed, or is expired.
 * Order follows the contract: token, SMTP AUTH setting, then RBAC (SMTP only) or role + service principal + FullAccess.
 */
export function authorizeLogin(
  scenario: Scenario,
  protocol: MailProtocol,
  user: string,
  claims: LabTokenClaims | undefined,
  /** The host name the client asked for (TLS SNI), when it sent one. */
  host?: string,
): LoginDecision {
  if (!claims) return deny('token not signed by the lab, expired or not yet valid')
  // The lab answers every cloud's host names, but only the scenario's cloud holds this tenant: another cloud's
  // Exchange cannot judge its token and gives the generic failure (lab-scenario.md: the cloud's hosts).
  const clouds = host ? cloudsOfHost(host) : []
  if (clouds.length > 0 && !clouds.includes(scenario.tenant.cloud)) {
    return deny(`${host} is Exchange Online of the ${clouds.join('/')} cloud; the tenant lives in the ${scenario.tenant.cloud} cloud`)
  }
  const aud = String(claims.aud).replace(/\/+$/, '').toLowerCase()
  if (!exchangeAudiences(scenario).some((a) => a.toLowerCase() === aud)) {
    return deny(`token audience ${claims.aud} is not Exchange Online of the ${scenario.tenant.cloud} cloud`)
  }
  if (!same(String(claims.tid), scenario.tenant.id)) return deny(`token tenant ${claims.tid} is not ${scenario.tenant.id}`)

  // none (unlicensed, not provisioned, soft-deleted) and mailUser (on-premises) have no Exchange Online mailbox to
  // open: every protocol answers its generic failure, as for no recipient at all (§8.5). Shared works as a user.
  const found = findMailbox(scenario, user)
  const mailbox = found && (found.type === 'user' || found.type === 'shared') ? found : undefined
  if (protocol === 'smtp') {
    // Set-CASMailbox overrides Set-TransportConfig; $null follows the organisation.
    const own = mailbox?.smtpClientAuthenticationDisabled ?? null
    if (own === true) return {allowed: false, reply: 'smtpAuthDisabledMailbox', reason: `SMTP AUTH disabled on mailbox ${user}`}
    if (own === null && scenario.tenant.smtpClientAuthenticationDisabled) {
      return {allowed: false, reply: 'smtpAuthDisabledTenant', reason: 'SMTP AUTH disabled for the organisation'}
    }
  }
  if (!mailbox) return deny(found ? `${user} is a ${found.type === 'none' ? 'recipient without an Exchange Online mailbox' : 'mail user (mailbox on-premises)'}` : `no mailbox ${user}`)

  const sp = scenario.exchange.servicePrincipals.find((p) => same(p.objectId, String(claims.oid)))
  if (protocol === 'smtp') {
    const rbac = scenario.exchange.rbacForApplications.find(
      (a) =>
        same(a.appId, claims.appid) &&
        /SMTP\.SendAsApp/i.test(a.role) &&
        // An assignment without a scope covers the whole organisation, as New-ManagementRoleAssignment does.
        (a.mailboxes.length === 0 || a.mailboxes.some((m) => same(m, mailbox.address))),
    )
    if (rbac) {
      const rbacSp = sp ?? scenario.exchange.servicePrincipals.find((p) => same(p.appId, claims.appid))
      return {allowed: true, identity: identityOf(mailbox, claims, rbacSp, 'rbac')}
    }
  }
  const role = ROLE_FOR[protocol]
  if (!(claims.roles ?? []).includes(role)) {
    return deny(`token roles [${(claims.roles ?? []).join(', ')}] lack ${role}`)
  }
  if (!sp) return deny(`no Exchange service principal with ObjectId ${claims.oid} (the token's oid)`)
  const names = principalNames(sp)
  if (!mailbox.fullAccess.some((p) => names.some((n) => same(n, p)))) {
    return deny(`service principal ${sp.displayName} (${sp.objectId}) has no FullAccess on ${mailbox.address}`)
  }
  if (protocol === 'pop' && !mailbox.popEnabled) return deny(`POP disabled on mailbox ${mailbox.address}`)
  return {allowed: true, identity: identityOf(mailbox, claims, sp, 'fullAccess')}
}

function identityOf(
  mailbox: ScenarioMailbox,
  claims: LabTokenClaims,
  sp: ExchangeServicePrincipal | undefined,
  via: MailIdentity['via'],
): MailIdentity {
  return {
    mailbox,
    appId: claims.appid,
    servicePrincipalId: String(claims.oid),
    principals: sp ? principalNames(sp) : [],
    via,
  }
}

export type SendAsDecision = {allowed: true} | {allowed: false; reason: string}

/**
 * May the logged-in identity send as `sender`? Its own mailbox always; another one only when that mailbox's
 * SendAs list holds the service principal (displayName/objectId) or the authenticated mailbox.
 */
export function authorizeSendAs(scenario: Scenario, identity: MailIdentity, sender: string): SendAsDecision {
  if (same(sender, identity.mailbox.address)) return {allowed: true}
  const target = findMailbox(scenario, sender)
  if (!target) return {allowed: false, reason: `${sender} is not a mailbox of this tenant`}
  const allowed = [...identity.principals, identity.mailbox.address]
  if (target.sendAs.some((p) => allowed.some((a) => same(a, p)))) return {allowed: true}
  return {allowed: false, reason: `SendAs on ${target.address} does not list ${allowed.join(' / ')}`}
}
