// config.token-url: a configured token URL can work: https, the cloud's authority, a real tenant, v2 token path.
import {isMultiTenantSegment} from '../../core/cloud.js'
import {buildCause} from '../../diagnosis/catalogue.js'
import {CLOUD_ENDPOINTS, cloudsOfHost} from '../../core/cloud.js'
import {PLACEHOLDER} from '../../settings/formats.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from '../../diagnosis/fix-values.js'
import {outcomeFromCauses} from './outcome.js'
import type {Cause} from '../../core/cause.js'
import {consumerAccountFindings, isConsumerDomain} from './consumer-account.js'
import {consumerAccountCause} from './values.js'

/** Which token endpoint version a token URL names, when it is one of the two. */
export function tokenEndpointVersion(tokenUrl: string): 'v1' | 'v2' | undefined {
  const path = tokenUrl.trim().replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+\/[^/?#]+\//i, '').replace(/[?#].*$/, '').replace(/\/+$/, '').toLowerCase()
  return path === 'oauth2/token' ? 'v1' : path === 'oauth2/v2.0/token' ? 'v2' : undefined
}

/**
 * How the product asks the v1 endpoint for a token, judged from its scope setting: a `/.default` (v2) scope is
 * refused there; a bare resource URI is what v1 takes as resource=; a scope left at the default says nothing.
 */
export function v1RequestForm(scope: string, scopeSource: string | undefined): 'v2-scope' | 'resource' | 'unknown' {
  if (scopeSource === undefined || scopeSource === 'default') return 'unknown'
  return /\/\.default$/i.test(scope.trim()) || /\s/.test(scope.trim()) ? 'v2-scope' : 'resource'
}

/** What is wrong with a token URL, or [] when it can work. `v1Form` says what the product sends to a v1 URL. */
export function tokenUrlProblems(tokenUrl: string, tenant: string | undefined, v1Form: 'v2-scope' | 'resource' | 'unknown' = 'unknown'): string[] {
  const problems: string[] = []
  const decoded = safeDecode(tokenUrl)
  if (PLACEHOLDER.test(decoded)) {
    problems.push(`the placeholder ${decoded.match(PLACEHOLDER)![0]} was left in; replace it with the tenant ID or domain`)
  }
  let url: URL
  try {
    url = new URL(tokenUrl.replace(/[{}#<>]/g, '_'))
  } catch {
    return [...problems, 'it is not a URL']
  }
  if (url.protocol !== 'https:') problems.push('it is not https://')
  if (cloudsOfHost(url.hostname).length === 0) problems.push(`${url.hostname} is not a Microsoft Entra authority host`)
  const segments = url.pathname.split('/').filter(Boolean)
  const tenantSegment = segments[0]?.toLowerCase()
  if (!tenantSegment || tenantSegment === 'oauth2') problems.push('it names no tenant (expected /<tenant>/oauth2/v2.0/token)')
  // /consumers (and a consumer domain) is config.consumer-account's finding, which this check reports separately.
  else if (isMultiTenantSegment(tenantSegment) && tenantSegment !== 'consumers') problems.push(`"/${tenantSegment}/" cannot issue app-only tokens; use the tenant ID or domain`)
  else if (tenant && tenantSegment !== 'consumers' && !isConsumerDomain(tenantSegment) && !PLACEHOLDER.test(safeDecode(segments[0]!)) && tenantSegment !== tenant.toLowerCase()) {
    problems.push(`its tenant "${segments[0]}" differs from the configured tenant "${tenant}"`)
  }
  const path = segments.slice(1).join('/').toLowerCase()
  if (path === 'oauth2/token') {
    // v1 still issues Exchange tokens for resource=<resource> (§8.8.3); only a v2 scope sent to it fails.
    if (v1Form === 'v2-scope') problems.push('it is the v1 endpoint (/oauth2/token), which takes resource=<resource>, but the product sends a v2 scope (…/.default); use /oauth2/v2.0/token')
  }
  else if (path.endsWith('authorize')) problems.push('it is the authorize endpoint, which is for interactive sign-in; use /oauth2/v2.0/token')
  else if (path !== 'oauth2/v2.0/token' && tenantSegment) problems.push(`the path /${path} is not /oauth2/v2.0/token`)
  return problems
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

export const configTokenUrl: Check = {
  id: 'config.token-url',
  title: 'Token URL can issue app-only tokens',
  applies: ({settings}) => settings.tokenUrl !== undefined,
  async run({settings, sources}) {
    const tokenUrl = settings.tokenUrl!
    const version = tokenEndpointVersion(tokenUrl)
    const v1Form = version === 'v1' ? v1RequestForm(settings.scope, sources.scope) : undefined
    const problems = tokenUrlProblems(tokenUrl, settings.tenant, v1Form)
    const consumer = consumerAccountFindings({tokenUrl})
    const expected = `https://${CLOUD_ENDPOINTS[settings.cloud].authorityHost}/${settings.tenant ?? '<tenant>'}/oauth2/v2.0/token`
    const evidence = {tokenUrl, expected, problems, ...(version ? {version} : {}), ...(v1Form ? {v1RequestForm: v1Form} : {})}
    const v = {...fixValuesFromSettings(settings), tokenUrl}
    const causes: Cause[] = problems.length === 0 ? [] : [buildCause('config.token-url', {
      confidence: 'certain',
      summary: `The token URL cannot work: ${problems[0]}`,
      evidence, checks: ['config.token-url'],
    }, v)]
    if (consumer.length > 0) causes.push(consumerAccountCause(consumer, v, 'config.token-url'))
    if (causes.length > 0) return outcomeFromCauses(causes, '', evidence)
    const note = v1Form === 'resource' ? ' (v1 endpoint with resource=, which issues Exchange tokens)'
      : v1Form === 'unknown' ? ` (v1 endpoint: works when the product sends resource=${CLOUD_ENDPOINTS[settings.cloud].exchangeResource}, not a v2 scope=…/.default)` : ''
    return {status: 'pass', summary: `${tokenUrl}${note}`, evidence}
  },
}
