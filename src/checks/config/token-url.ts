// config.token-url: a configured token URL can work: https, the cloud's authority, a real tenant, v2 token path.
import {isMultiTenantSegment} from '../../core/cloud.js'
import {buildCause} from '../../diagnosis/catalogue.js'
import {CLOUD_ENDPOINTS, cloudsOfHost} from '../../core/cloud.js'
import {PLACEHOLDER} from '../../settings/formats.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from './fix-values.js'
import {outcomeFromCauses} from './outcome.js'

/** What is wrong with a token URL, or [] when it can work. */
export function tokenUrlProblems(tokenUrl: string, tenant: string | undefined): string[] {
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
  else if (isMultiTenantSegment(tenantSegment)) problems.push(`"/${tenantSegment}/" cannot issue app-only tokens; use the tenant ID or domain`)
  else if (tenant && !PLACEHOLDER.test(safeDecode(segments[0]!)) && tenantSegment !== tenant.toLowerCase()) {
    problems.push(`its tenant "${segments[0]}" differs from the configured tenant "${tenant}"`)
  }
  const path = segments.slice(1).join('/').toLowerCase()
  if (path === 'oauth2/token') problems.push('it is the v1 endpoint (/oauth2/token); use /oauth2/v2.0/token with a /.default scope')
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
  async run({settings}) {
    const tokenUrl = settings.tokenUrl!
    const problems = tokenUrlProblems(tokenUrl, settings.tenant)
    const expected = `https://${CLOUD_ENDPOINTS[settings.cloud].authorityHost}/${settings.tenant ?? '<tenant>'}/oauth2/v2.0/token`
    const evidence = {tokenUrl, expected, problems}
    if (problems.length === 0) return {status: 'pass', summary: tokenUrl, evidence}
    return outcomeFromCauses([buildCause('config.token-url', {
      confidence: 'certain',
      summary: `The token URL cannot work: ${problems[0]}`,
      evidence, checks: ['config.token-url'],
    }, {...fixValuesFromSettings(settings), tokenUrl})], '', evidence)
  },
}
