// config.scope: the scope is `<Exchange Online resource>/.default` (client credentials accept nothing else).
import {buildCause} from '../../diagnosis/catalogue.js'
import type {Cause} from '../../core/cause.js'
import {CLOUD_ENDPOINTS, cloudsOfExchangeResource} from '../../core/cloud.js'
import type {Check} from '../check.js'
import type {Settings} from '../../settings/types.js'
import {fixValuesFromSettings} from '../../diagnosis/fix-values.js'
import {outcomeFromCauses} from './outcome.js'
import {tokenEndpointVersion} from './token-url.js'

export function splitScope(scope: string): {resource: string; permission: string} {
  const trimmed = scope.trim()
  const slash = trimmed.match(/^(https?:\/\/[^/\s]+|api:\/\/[^/\s]+|[0-9a-f-]{36})(?:\/(.*))?$/i)
  if (!slash) return {resource: trimmed, permission: ''}
  return {resource: slash[1]!.toLowerCase(), permission: slash[2] ?? ''}
}

/**
 * The scope o365doctor asks MSAL (v2) for: the product's scope, except that a v1 product's bare resource
 * (resource=https://outlook.office365.com on /oauth2/token) becomes `<resource>/.default`, the same token from v2.
 */
export function msalScope(settings: Pick<Settings, 'scope' | 'tokenUrl'>): string {
  const scope = settings.scope.trim()
  if (settings.tokenUrl === undefined || tokenEndpointVersion(settings.tokenUrl) !== 'v1' || /\s/.test(scope)) return settings.scope
  const {resource, permission} = splitScope(scope)
  return permission === '' && cloudsOfExchangeResource(resource).length > 0 ? `${resource}/.default` : settings.scope
}

export const configScope: Check = {
  id: 'config.scope',
  title: 'Scope is the Exchange Online /.default scope',
  async run({settings}) {
    const v = fixValuesFromSettings(settings)
    const expected = `${CLOUD_ENDPOINTS[settings.cloud].exchangeResource}/.default`
    const {resource, permission} = splitScope(settings.scope)
    const scopes = settings.scope.trim().split(/\s+/)
    const causes: Cause[] = []
    const evidence = {scope: settings.scope, resource, expected}
    const exchangeClouds = cloudsOfExchangeResource(resource)
    // A v1 token URL takes the bare resource (resource=https://outlook.office365.com), not a /.default scope (§8.8.3).
    const v1Resource = settings.tokenUrl !== undefined && tokenEndpointVersion(settings.tokenUrl) === 'v1' && scopes.length === 1 && permission === ''
    if (!v1Resource && (scopes.length > 1 || permission.toLowerCase() !== '.default')) {
      causes.push(buildCause('config.scope-not-default', {
        confidence: 'certain',
        summary: `The scope "${settings.scope}" is not a single <resource>/.default scope`,
        evidence, checks: ['config.scope'],
      }, {...v, expectedScope: expected}))
    }
    if (exchangeClouds.length === 0) {
      causes.push(buildCause('config.scope-wrong-resource', {
        confidence: 'certain',
        summary: `The scope asks for ${resource || 'an unknown resource'}, not Exchange Online (${CLOUD_ENDPOINTS[settings.cloud].exchangeResource})`,
        evidence, checks: ['config.scope'],
      }, {...v, expectedScope: expected}))
    }
    if (causes.length > 0) return outcomeFromCauses(causes, '', evidence)
    const alias = resource !== CLOUD_ENDPOINTS[settings.cloud].exchangeResource && exchangeClouds.includes(settings.cloud)
    if (v1Resource) return {status: 'pass', summary: `resource ${resource} (the v1 token endpoint's form)`, evidence}
    return {
      status: 'pass',
      summary: alias ? `${settings.scope} (an accepted alias of ${expected})` : settings.scope,
      evidence,
    }
  },
}
