// Combines evidence across checks, where no single check can decide:
// - a refused login is explained by the token's claims when the token lacks what that protocol needs;
// - `exchange.authorization-failed` narrows when the evidence separates its three candidates;
// - RBAC for Applications: a missing SMTP.SendAsApp is not a failure when SMTP works anyway.
import type {CheckOutcome} from '../core/check.js'
import {ROLE_FOR, rolesOf} from '../core/protocol.js'
import type {Protocol} from '../core/protocol.js'
import type {Settings} from '../settings/types.js'
import {buildCause} from './catalogue.js'
import type {Cause} from '../core/cause.js'

const PROTOCOLS: Protocol[] = ['smtp', 'imap', 'pop']

export function refineCauses(causes: Cause[], outcomes: ReadonlyMap<string, CheckOutcome>, settings: Settings): Cause[] {
  const claims = outcomes.get('token.claims')?.evidence as {aud?: string; oid?: string; roles?: string[] | null} | undefined
  const claimsCauses = new Set((outcomes.get('token.claims')?.causes ?? []).map((c) => c.id))
  const roles = claims ? rolesOf(claims as Record<string, unknown>) ?? [] : undefined
  const loginPassed = (p: Protocol): boolean => outcomes.get(`${p}.login`)?.status === 'pass'
  const tokenExplains = (p: Protocol): boolean =>
    claimsCauses.has('claims.wrong-audience') || claimsCauses.has('claims.wrong-tenant') || claimsCauses.has('claims.delegated-token') ||
    claimsCauses.has('claims.expired') || (roles !== undefined && !roles.includes(ROLE_FOR[p]) && !(p === 'smtp' && loginPassed('smtp')))
  // A protocol that logged in through its role proves the service principal exists with the token's oid and
  // holds FullAccess on the mailbox (the lab's and Exchange's rule); SMTP through RBAC proves neither.
  const provenByRole = PROTOCOLS.filter((p) => loginPassed(p) && roles?.includes(ROLE_FOR[p]))

  const out: Cause[] = []
  for (const cause of causes) {
    const protocol = PROTOCOLS.find((p) => cause.checks.includes(`${p}.login`))
    if (cause.id === 'exchange.authorization-failed' && protocol) {
      if (tokenExplains(protocol) || claimsCauses.has('exchange.service-principal-wrong-object-id')) {
        // The claims cause says why, more precisely; it now also explains this login.
        const explaining = causes.filter((c) => c.checks.includes('token.claims') && (c.id !== 'exchange.service-principal-wrong-object-id' || !tokenExplains(protocol)))
        for (const c of explaining) c.checks = [...new Set([...c.checks, `${protocol}.login`])]
        continue
      }
      const narrowed = narrow(cause, protocol, provenByRole, settings, claims?.oid)
      if (narrowed) {
        out.push(narrowed)
        continue
      }
    }
    const smtpPermissionCause = ['graph.permission-not-configured', 'graph.consent-missing', 'graph.delegated-instead-of-application'].includes(cause.id) &&
      (cause.evidence as {protocol?: string} | undefined)?.protocol === 'smtp'
    if (smtpPermissionCause && loginPassed('smtp')) {
      out.push({
        ...cause, severity: 'info',
        summary: `${cause.summary}, but SMTP works through RBAC for Applications`,
        explanation: `${cause.explanation} SMTP logged in all the same, so an RBAC for Applications role assignment covers this mailbox: nothing to fix for SMTP.`,
        checks: [...new Set([...cause.checks, 'smtp.login'])],
      })
      continue
    }
    if ((cause.id === 'claims.missing-role' || cause.id === 'claims.no-application-roles') && rbacExplains(settings, roles, loginPassed)) {
      out.push({
        ...cause, severity: 'info', confidence: 'certain',
        summary: 'The token has no SMTP.SendAsApp role, but SMTP works through RBAC for Applications',
        explanation: `${cause.explanation} SMTP logged in all the same, so an RBAC for Applications role assignment covers this mailbox: nothing to fix for SMTP.`,
        checks: [...new Set([...cause.checks, 'smtp.login'])],
      })
      continue
    }
    if (cause.id === 'exchange.service-principal-wrong-object-id') {
      out.push(nameTheMixUp(cause, outcomes, settings))
      continue
    }
    out.push(cause)
  }
  return out
}

/** When the ObjectId given to New-ServicePrincipal is the app registration's (Graph says so), say it outright. */
function nameTheMixUp(cause: Cause, outcomes: ReadonlyMap<string, CheckOutcome>, settings: Settings): Cause {
  const graph = outcomes.get('graph.access')?.evidence as {applicationObjectId?: string} | undefined
  const given = settings.exchangeObjectId?.toLowerCase()
  if (!given || graph?.applicationObjectId?.toLowerCase() !== given) return cause
  return {
    ...cause,
    explanation: `${cause.explanation} Microsoft Graph shows that ${settings.exchangeObjectId} is the app registration's object ID (App registrations > Overview), the usual mix-up: New-ServicePrincipal needs the enterprise application's.`,
    evidence: {...cause.evidence, appRegistrationObjectId: graph.applicationObjectId},
    checks: [...new Set([...cause.checks, 'graph.access'])],
  }
}

/** Only SMTP is short of its role, and SMTP logged in: RBAC for Applications at work. */
function rbacExplains(settings: Settings, roles: string[] | undefined, loginPassed: (p: Protocol) => boolean): boolean {
  if (!loginPassed('smtp')) return false
  const missing = settings.protocols.filter((p) => !(roles ?? []).includes(ROLE_FOR[p]))
  return missing.length === 1 && missing[0] === 'smtp'
}

function narrow(cause: Cause, protocol: Protocol, provenByRole: Protocol[], settings: Settings, oid: string | undefined): Cause | undefined {
  const v = {tenant: settings.tenant, clientId: settings.clientId, mailbox: settings.mailbox, protocol, enterpriseObjectId: oid, exchangeObjectId: settings.exchangeObjectId, cloud: settings.cloud}
  const others = provenByRole.filter((p) => p !== protocol)
  if (others.length > 0) {
    const proof = `${others.map((p) => p.toUpperCase()).join(' and ')} logged in with the same token and mailbox, so the service principal and FullAccess are in place`
    if (protocol === 'pop') {
      return buildCause('exchange.pop-disabled', {
        confidence: 'likely', checks: cause.checks, evidence: {...cause.evidence, provenBy: others},
        summary: `POP refused a valid token while ${others.join('/').toUpperCase()} worked: POP is most likely disabled on the mailbox`,
      }, v)
    }
    return {...cause, explanation: `${cause.explanation} ${proof}.`, candidates: []}
  }
  if (settings.exchangeObjectId && oid && settings.exchangeObjectId.toLowerCase() === oid.toLowerCase()) {
    return buildCause('exchange.mailbox-permission-missing', {
      confidence: 'likely', checks: cause.checks, evidence: {...cause.evidence, exchangeObjectId: settings.exchangeObjectId},
      summary: `Exchange refused a valid token; the service principal was registered with the right object ID (${oid}), so FullAccess on ${settings.mailbox} is most likely missing`,
    }, v)
  }
  return undefined
}
