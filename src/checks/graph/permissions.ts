// graph.permissions: per protocol, is the Exchange application permission configured on the app registration,
// and does it have admin consent (an appRoleAssignment)? Catches delegated-instead-of-application too.
import {buildCause} from '../../diagnosis/catalogue.js'
import type {Cause} from '../../core/cause.js'
import {EXCHANGE_PERMISSIONS} from '../../knowledge/exchange-permissions.js'
import {EXCHANGE_RESOURCE_APP_ID} from '../../core/cloud.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from '../../diagnosis/fix-values.js'
import {outcomeFromCauses} from '../config/outcome.js'
import {describeGraphFailure} from './access.js'
import {graphFacts} from './facts.js'

interface Assignment {
  appRoleId: string
  resourceDisplayName?: string
}

export const graphPermissions: Check = {
  id: 'graph.permissions',
  title: 'Exchange permissions configured and consented',
  needs: ['graph.access'],
  async run(ctx) {
    const {settings} = ctx
    const facts = graphFacts(ctx)
    // graph.access warned without reading Graph at all (a transport failure): nothing to look at, and no guess.
    if (!facts) return {status: 'warn', summary: 'not checked: Microsoft Graph could not be read (see graph.access)'}
    const app = facts.application
    const sp = facts.servicePrincipal
    const notChecked: string[] = []
    let assignments: Assignment[] | undefined
    if (sp) {
      const reply = await facts.reader.get<{value?: unknown}>(`/servicePrincipals/${sp.id}/appRoleAssignments`)
      // Typed before use: a list of {appRoleId: string}; anything else is a malformed reply, not a missing permission.
      const list = reply.ok ? reply.value.value : undefined
      if (reply.ok && Array.isArray(list) && list.every((a) => a !== null && typeof a === 'object' && typeof (a as Assignment).appRoleId === 'string')) assignments = list as Assignment[]
      else if (reply.ok) notChecked.push('admin consent (Graph\'s appRoleAssignments reply is not a list of assignments)')
      else notChecked.push(`admin consent (${describeGraphFailure(reply.failure)}${reply.failure.status === 401 || reply.failure.status === 403 ? '; Application.Read.All would allow it' : ''})`)
    } else notChecked.push('admin consent (the enterprise application could not be read)')
    if (!app) notChecked.push('configured permissions (the app registration could not be read)')
    const exchangeAccess = app?.requiredResourceAccess?.find((r) => r.resourceAppId === EXCHANGE_RESOURCE_APP_ID)?.resourceAccess ?? []
    const v = {...fixValuesFromSettings(settings), enterpriseObjectId: sp?.id, appRegistrationObjectId: app?.id, appDisplayName: sp?.displayName ?? app?.displayName}
    const causes: Cause[] = []
    const perProtocol: Record<string, {configured?: boolean; delegatedOnly?: boolean; consented?: boolean}> = {}
    for (const protocol of settings.protocols) {
      const {role, delegated} = EXCHANGE_PERMISSIONS[protocol]
      const configured = app ? exchangeAccess.some((a) => a.type === 'Role' && a.id === role.id) : undefined
      const delegatedOnly = app ? !configured && exchangeAccess.some((a) => a.type === 'Scope' && a.id === delegated.id) : undefined
      const consented = assignments ? assignments.some((a) => a.appRoleId === role.id) : undefined
      perProtocol[protocol] = {configured, delegatedOnly, consented}
      const evidence = {protocol, permission: role.name, configured, consented, delegatedConfigured: delegatedOnly}
      const pv = {...v, protocol, missingRoles: [role.name]}
      if (delegatedOnly && !consented) {
        causes.push(buildCause('graph.delegated-instead-of-application', {
          confidence: 'certain', summary: `${delegated.name} was added as a delegated permission; ${protocol.toUpperCase()} needs the application permission ${role.name}`,
          evidence, checks: ['graph.permissions'],
        }, pv))
      } else if (configured === false && consented === false) {
        causes.push(buildCause('graph.permission-not-configured', {
          confidence: 'certain', summary: `The app registration does not list the application permission ${role.name}`, evidence, checks: ['graph.permissions'],
        }, pv))
      } else if (configured && consented === false) {
        causes.push(buildCause('graph.consent-missing', {
          confidence: 'certain', summary: `${role.name} is configured but admin consent was not granted`, evidence, checks: ['graph.permissions'],
        }, pv))
      }
    }
    const evidence = {permissions: perProtocol, notChecked}
    if (causes.length === 0 && notChecked.length > 0 && !assignments && !app) {
      return {status: 'warn', summary: `not checked: ${notChecked.join('; ')}`, evidence}
    }
    const outcome = outcomeFromCauses(causes, settings.protocols.map((p) => `${EXCHANGE_PERMISSIONS[p].role.name} ${perProtocol[p]!.consented === undefined ? 'configured' : 'consented'}`).join(', '), evidence)
    if (outcome.status === 'pass' && notChecked.length > 0) return {...outcome, status: 'warn', summary: `${outcome.summary}; not checked: ${notChecked.join('; ')}`}
    return outcome
  },
}
