// What graph.access hands to the other Graph checks.
import type {GraphReader} from '../../probes/graph.js'
import type {CheckContext} from '../check.js'

export interface GraphServicePrincipal {
  id: string
  appId: string
  displayName?: string
  accountEnabled?: boolean
}

export interface GraphApplication {
  id: string
  appId: string
  displayName?: string
  requiredResourceAccess?: {resourceAppId: string; resourceAccess: {id: string; type: 'Role' | 'Scope'}[]}[]
  passwordCredentials?: {keyId: string; displayName?: string | null; hint?: string | null; endDateTime?: string | null}[]
  /** Certificates (§8.1.6): customKeyIdentifier is base64 of the SHA-1 thumbprint's 20 bytes. */
  keyCredentials?: {keyId: string; displayName?: string | null; customKeyIdentifier?: string | null; endDateTime?: string | null; startDateTime?: string | null; type?: string; usage?: string}[]
}

export interface GraphFacts {
  reader: GraphReader
  servicePrincipal?: GraphServicePrincipal
  application?: GraphApplication
  /** What could not be read, and the permission that would allow it. */
  notChecked: string[]
}

export const graphFacts = (ctx: CheckContext): GraphFacts | undefined => ctx.facts.get('graph') as GraphFacts | undefined
export const setGraphFacts = (ctx: CheckContext, facts: GraphFacts): void => { ctx.facts.set('graph', facts) }
