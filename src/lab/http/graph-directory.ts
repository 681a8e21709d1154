// The tenant's directory as Microsoft Graph v1.0 shows it (microsoft-behaviour.md §3.3): the scenario's app
// registrations (`applications`), their enterprise applications and the Exchange and Graph resource service
// principals (`servicePrincipals`), and the granted application permissions (`appRoleAssignments`).

import {createHash, X509Certificate} from 'node:crypto'
import {EXCHANGE_RESOURCE_APP_ID, GRAPH_RESOURCE_APP_ID} from '../../core/cloud.js'
import {derivedGuid} from '../derived-id.js'
import type {PermissionApi, Scenario, ScenarioApplication} from '../scenario/types.js'
import {permissionId, resourceAppRoles, resourceScopes} from './permission-ids.js'

type Json = Record<string, unknown>

/** Microsoft's own tenant, the owner of first-party service principals such as Exchange Online. */
const MICROSOFT_SERVICES_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a'
const CREATED = '2024-03-01T09:00:00Z'

export interface GraphDirectory {
  applications: Json[]
  servicePrincipals: Json[]
  /** appRoleAssignments by the assigned (client) service principal's id. */
  assignments: Map<string, Json[]>
  /** federatedIdentityCredentials by the application's object id (§8.2.3). */
  federatedCredentials?: Map<string, Json[]>
}

const RESOURCES: Record<PermissionApi, {appId: string; displayName: string}> = {
  exchange: {appId: EXCHANGE_RESOURCE_APP_ID, displayName: 'Office 365 Exchange Online'},
  graph: {appId: GRAPH_RESOURCE_APP_ID, displayName: 'Microsoft Graph'},
}

export function resourceServicePrincipalId(scenario: Scenario, api: PermissionApi): string {
  return derivedGuid(scenario.tenant.id, 'resource', api)
}

function resourceServicePrincipal(scenario: Scenario, api: PermissionApi): Json {
  const r = RESOURCES[api]
  return {
    id: resourceServicePrincipalId(scenario, api),
    deletedDateTime: null,
    accountEnabled: true,
    appDisplayName: r.displayName,
    appId: r.appId,
    appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT,
    appRoleAssignmentRequired: false,
    disabledByMicrosoftStatus: null,
    displayName: r.displayName,
    servicePrincipalNames: [r.appId],
    servicePrincipalType: 'Application',
    signInAudience: 'AzureADMultipleOrgs',
    tags: [],
    appRoles: resourceAppRoles(api),
    oauth2PermissionScopes: resourceScopes(api),
    keyCredentials: [],
    passwordCredentials: [],
  }
}

function application(scenario: Scenario, app: ScenarioApplication): Json {
  const byApi = new Map<PermissionApi, {id: string; type: 'Role' | 'Scope'}[]>()
  for (const p of app.permissions) {
    const list = byApi.get(p.api) ?? []
    const entry = {id: permissionId(p.api, p.type, p.name), type: p.type === 'application' ? ('Role' as const) : ('Scope' as const)}
    if (!list.some((x) => x.id === entry.id && x.type === entry.type)) list.push(entry)
    byApi.set(p.api, list)
  }
  return {
    id: app.objectId,
    deletedDateTime: null,
    appId: app.appId,
    applicationTemplateId: null,
    createdDateTime: CREATED,
    displayName: app.displayName,
    isFallbackPublicClient: app.publicClient ? true : null,
    publisherDomain: scenario.tenant.domains[0] ?? null,
    signInAudience: 'AzureADMyOrg',
    tags: [],
    keyCredentials: (app.certificates ?? []).map((c) => keyCredential(c.pem, c.expires)),
    passwordCredentials: app.secrets.map((s) => ({
      customKeyIdentifier: null,
      displayName: 'lab secret',
      endDateTime: s.expires.toISOString().replace('.000Z', 'Z'),
      // Graph shows the first three characters of the value.
      hint: s.value.slice(0, 3),
      keyId: s.id,
      secretText: null,
      startDateTime: new Date(s.expires.getTime() - 180 * 86_400_000).toISOString().replace('.000Z', 'Z'),
    })),
    requiredResourceAccess: [...byApi].map(([api, resourceAccess]) => ({resourceAppId: RESOURCES[api].appId, resourceAccess})),
    publicClient: {redirectUris: []},
    web: {homePageUrl: null, logoutUrl: null, redirectUris: []},
  }
}

const graphDate = (d: Date): string => d.toISOString().replace('.000Z', 'Z')

/** §8.1.6: customKeyIdentifier is base64 of the SHA-1 thumbprint's bytes; `key` is null in reads. */
function keyCredential(pem: string, expires: Date): Json {
  const cert = new X509Certificate(pem)
  const sha1 = createHash('sha1').update(cert.raw).digest()
  return {
    customKeyIdentifier: sha1.toString('base64'),
    displayName: cert.subject.replace(/\n/g, ', '),
    endDateTime: graphDate(expires),
    key: null,
    keyId: derivedGuid(sha1.toString('hex'), 'keyCredential'),
    startDateTime: graphDate(new Date(cert.validFrom)),
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
  }
}

function clientServicePrincipal(scenario: Scenario, app: ScenarioApplication): Json {
  return {
    id: app.servicePrincipalId,
    deletedDateTime: null,
    accountEnabled: app.servicePrincipalEnabled,
    appDisplayName: app.displayName,
    appId: app.appId,
    appOwnerOrganizationId: scenario.tenant.id,
    appRoleAssignmentRequired: false,
    disabledByMicrosoftStatus: null,
    displayName: app.displayName,
    servicePrincipalNames: [app.appId],
    servicePrincipalType: 'Application',
    signInAudience: 'AzureADMyOrg',
    tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
    appRoles: [],
    oauth2PermissionScopes: [],
    keyCredentials: [],
    passwordCredentials: [],
  }
}

/** Graph's assignment ids are 43-character base64url strings. */
function assignmentId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('|')).digest('base64url')
}

export function buildGraphDirectory(scenario: Scenario): GraphDirectory {
  // Exchange Online's service principal exists only in a tenant that has Exchange Online.
  const apis: PermissionApi[] = scenario.tenant.exchangeOnline ? ['exchange', 'graph'] : ['graph']
  const assignments = new Map<string, Json[]>()
  for (const app of scenario.applications) {
    const granted = app.permissions.filter((p) => p.type === 'application' && p.consented && apis.includes(p.api))
    const seen = new Set<string>()
    const list: Json[] = []
    for (const p of granted) {
      const appRoleId = permissionId(p.api, 'application', p.name)
      if (seen.has(appRoleId + p.api)) continue
      seen.add(appRoleId + p.api)
      list.push({
        id: assignmentId(app.servicePrincipalId, p.api, appRoleId),
        deletedDateTime: null,
        appRoleId,
        createdDateTime: CREATED,
        principalDisplayName: app.displayName,
        principalId: app.servicePrincipalId,
        principalType: 'ServicePrincipal',
        resourceDisplayName: RESOURCES[p.api].displayName,
        resourceId: resourceServicePrincipalId(scenario, p.api),
      })
    }
    assignments.set(app.servicePrincipalId, list)
  }
  return {
    applications: scenario.applications.map((a) => application(scenario, a)),
    servicePrincipals: [...scenario.applications.map((a) => clientServicePrincipal(scenario, a)), ...apis.map((api) => resourceServicePrincipal(scenario, api))],
    assignments,
    federatedCredentials: new Map(scenario.applications.map((a) => [a.objectId, (a.federatedCredentials ?? []).map((c) => ({
      audiences: [...c.audiences],
      description: null,
      id: derivedGuid(a.objectId, 'federatedIdentityCredential', c.name),
      issuer: c.issuer,
      name: c.name,
      subject: c.subject,
    }))])),
  }
}
