// What the lab's HTTP handlers share: the scenario, the signing key (still being generated at first), and the
// scenario-derived facts each handler would otherwise recompute.

import {CLOUD_ENDPOINTS, CLOUDS, EXCHANGE_RESOURCE_APP_ID, GRAPH_RESOURCE_APP_ID, type Cloud} from '../../core/cloud.js'
import type {Scenario, ScenarioApplication} from '../scenario/types.js'
import type {LabTokenKey} from '../token-jwt.js'
import type {FederationIssuer} from './federation-issuer.js'

export interface LabContext {
  scenario: Scenario
  /** Resolves once the RSA key exists (see token-jwt.ts for why it is not awaited at start). */
  key: Promise<LabTokenKey>
  /** The v1 issuer of this lab's tokens. */
  issuer: string
  log: (line: string) => void
  /** The external OIDC issuers' key (federated tokens, §8.2); absent in contexts built without one. */
  federation?: FederationIssuer
}

/** Authority host names (with aliases and the issuer host) of one cloud. */
export function authorityHostsOf(cloud: Cloud): string[] {
  const e = CLOUD_ENDPOINTS[cloud]
  return [e.authorityHost, ...e.authorityAliases, e.issuerHost]
}

export function allAuthorityHosts(): Set<string> {
  return new Set(CLOUDS.flatMap((c) => authorityHostsOf(c)))
}

export function allGraphHosts(): Set<string> {
  return new Set(CLOUDS.map((c) => CLOUD_ENDPOINTS[c].graphHost))
}

export function findApplication(scenario: Scenario, appId: string): ScenarioApplication | undefined {
  const id = appId.trim().toLowerCase()
  return scenario.applications.find((a) => a.appId === id)
}

export type ResourceKind = 'exchange' | 'graph'

/** Which API a requested resource (scope minus `/.default`, or v1 `resource`) names in this lab's cloud. */
export function resourceKind(resource: string, cloud: Cloud): ResourceKind | undefined {
  const r = resource.trim().toLowerCase().replace(/\/+$/, '')
  const e = CLOUD_ENDPOINTS[cloud]
  if (r === e.exchangeResource || e.exchangeResourceAliases.includes(r) || r === EXCHANGE_RESOURCE_APP_ID) return 'exchange'
  if (r === `https://${e.graphHost}` || r === GRAPH_RESOURCE_APP_ID) return 'graph'
  return undefined
}

/** The consented application permissions of one API: the token's `roles`. */
export function grantedRoles(app: ScenarioApplication, api: ResourceKind): string[] {
  const names = app.permissions.filter((p) => p.api === api && p.type === 'application' && p.consented).map((p) => p.name)
  return [...new Set(names)]
}
