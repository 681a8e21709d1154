// The lab's scenario, after loading and defaults (../shared/spec/lab-scenario.md is the contract).
// Everything downstream (token endpoint, Graph, mail servers, evidence) reads this normalised shape.

import type {Cloud} from '../../core/cloud.js'
import type {TlsMode} from '../../core/protocol.js'

export type PermissionApi = 'exchange' | 'graph'
export type PermissionType = 'application' | 'delegated'

export interface ScenarioTenant {
  id: string
  domains: string[]
  cloud: Cloud
  exchangeOnline: boolean
  smtpClientAuthenticationDisabled: boolean
  conditionalAccessBlocksApps: boolean
}

export interface ScenarioSecret {
  id: string
  value: string
  expires: Date
}

export interface ScenarioPermission {
  api: PermissionApi
  name: string
  type: PermissionType
  consented: boolean
}

export interface ScenarioApplication {
  displayName: string
  appId: string
  objectId: string
  servicePrincipalId: string
  servicePrincipalEnabled: boolean
  publicClient: boolean
  secrets: ScenarioSecret[]
  permissions: ScenarioPermission[]
  /** Graph keyCredentials; the token endpoint accepts client assertions signed with these (§8.1). */
  certificates?: ScenarioCertificate[]
  /** Graph federatedIdentityCredentials (§8.2). */
  federatedCredentials?: ScenarioFederatedCredential[]
}

export interface ScenarioCertificate {
  /** The certificate's PEM (public part). */
  pem: string
  /** What Entra holds as endDateTime (default: the certificate's notAfter). */
  expires: Date
}

export interface ScenarioFederatedCredential {
  name: string
  issuer: string
  subject: string
  audiences: string[]
}

/** The product authenticates with a certificate: PEM with key, or PFX with its password. */
export interface ScenarioClientCertificate {
  /** Absolute path (resolved against the scenario file's folder). */
  file: string
  password?: string
}

/** The product presents an external OIDC token; the lab mints it from its own issuer for `issuer`. */
export interface ScenarioClientFederatedToken {
  issuer: string
  subject: string
  audience: string
}

export interface ExchangeServicePrincipal {
  appId: string
  objectId: string
  displayName: string
}

export interface RbacAssignment {
  appId: string
  role: string
  mailboxes: string[]
}

export interface ScenarioMailbox {
  address: string
  /** null follows the tenant setting (Set-CASMailbox -SmtpClientAuthenticationDisabled $null). */
  smtpClientAuthenticationDisabled: boolean | null
  imapEnabled: boolean
  popEnabled: boolean
  /** Principals (displayName or objectId) with FullAccess. */
  fullAccess: string[]
  /** Principals (displayName, objectId or mailbox address) that may send as this address. */
  sendAs: string[]
}

export interface ScenarioExchange {
  servicePrincipals: ExchangeServicePrincipal[]
  rbacForApplications: RbacAssignment[]
  mailboxes: ScenarioMailbox[]
}

export interface ScenarioEndpoint {
  host: string
  port: number
  tls: TlsMode
}

/** What the product was configured with. Kept as typed; the doctor's own validation judges it. */
export interface ScenarioClient {
  tenant?: string
  clientId?: string
  clientSecret?: string
  mailbox?: string
  from?: string
  scope?: string
  tokenUrl?: string
  smtp?: ScenarioEndpoint
  imap?: ScenarioEndpoint
  pop?: ScenarioEndpoint
  exchangeObjectId?: string
  certificate?: ScenarioClientCertificate
  federatedToken?: ScenarioClientFederatedToken
}

export interface ScenarioLabKnobs {
  latencyMs: number
  failureDelayMs: number
  /** lab-scenario.md "Additions": after afterMs from the lab's start, answer as `target` (a fix taking effect). */
  switchTo?: ScenarioSwitch
}

export interface ScenarioSwitch {
  afterMs: number
  /** As written: a path relative to the scenario file. */
  scenario: string
  /** The loaded target (its tenant, applications and exchange take over; the client stays the product's). */
  target: Scenario
}

export interface Scenario {
  name: string
  description: string
  /** Where it came from: a built-in name or a file path (for messages only). */
  source: string
  tenant: ScenarioTenant
  applications: ScenarioApplication[]
  exchange: ScenarioExchange
  client: ScenarioClient
  lab: ScenarioLabKnobs
  /** Free-form keys a scenario may carry for its own tests (e.g. `expect:`); ignored by the lab. */
  expect?: ScenarioExpectation
}

/** Optional test metadata: what the doctor should find. Never read by the lab or the doctor. */
export interface ScenarioExpectation {
  causes: string[]
  verdict?: 'pass' | 'warn' | 'fail'
}
