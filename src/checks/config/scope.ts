// config.scope: the scope is `<Exchange Online resource>/.default` (client credentials accept nothing else).
import {buildCause} from '../../diagnosis/catalogue.js'
import type {Cause} from '../../core/cause.js'
import {CLOUD_ENDPOINTS, cloudsOfExchangeResource} from '../../core/cloud.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from './fix-values.js'
import {outcomeFromCauses} from './outcome.js'

export function splitScope(scope: string): {resource: string; permission: string} {
  const trimmed = scope.trim()
  const slash = trimmed.match(/^(https?:\/\/[^/\s]+|api:\/\/[^/\s]+|[0-9a-f-]{36})(?:\/(.*))?$/i)
  if (!slash) return {resource: trimmed, permission: ''}
  return {resource: slash[1]!.toLowerCase(), permission: slash[2] ?? ''}
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
    if (scopes.length > 1 || permission.toLowerCase() !== '.default') {
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
    return {
      status: 'pass',
      summary: alias ? `${settings.scope} (an accepted alias of ${expected})` : settings.scope,
      evidence,
    }
  },
}
