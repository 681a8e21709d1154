// graph.security-defaults: with password (basic) authentication only — security defaults block basic SMTP AUTH and
// never XOAUTH2 (microsoft-behaviour.md §8.3), so with OAuth this check does not run and never blames them. Reads
// Graph's identitySecurityDefaultsEnforcementPolicy when the app holds Policy.Read.All; otherwise says so.
import {buildCause} from '../../diagnosis/catalogue.js'
import type {GraphResult} from '../../probes/graph.js'
import type {Check} from '../check.js'
import type {CheckOutcome} from '../../core/check.js'
import {fixValuesFromSettings} from '../../diagnosis/fix-values.js'
import {describeGraphFailure} from './access.js'
import {graphFacts} from './facts.js'

export interface SecurityDefaultsPolicy {
  isEnabled?: boolean
}

/** The decision on Graph's answer: on, off, or not checked (and why). */
export function decideSecurityDefaults(policy: GraphResult<SecurityDefaultsPolicy>): 'on' | 'off' | 'not-checked' {
  if (!policy.ok || typeof policy.value.isEnabled !== 'boolean') return 'not-checked'
  return policy.value.isEnabled ? 'on' : 'off'
}

export const graphSecurityDefaults: Check = {
  id: 'graph.security-defaults',
  title: 'Security defaults (they block password SMTP AUTH)',
  needs: ['graph.access'],
  applies: ({settings}) => settings.auth === 'basic',
  async run(ctx): Promise<CheckOutcome> {
    const facts = graphFacts(ctx)
    if (!facts) return {status: 'warn', summary: 'not checked: no Graph access'}
    const policy = await facts.reader.get<SecurityDefaultsPolicy>('/policies/identitySecurityDefaultsEnforcementPolicy?$select=isEnabled')
    const decision = decideSecurityDefaults(policy)
    const evidence = {securityDefaults: decision, ...(policy.ok ? {} : {graph: describeGraphFailure(policy.failure)})}
    if (decision === 'not-checked') {
      return {status: 'warn', evidence, summary: 'not checked: whether security defaults are on; grant the app the Microsoft Graph application permission Policy.Read.All to check'}
    }
    if (decision === 'off') return {status: 'pass', evidence, summary: 'security defaults are off (authentication policies or Conditional Access may still block password SMTP AUTH)'}
    return {
      status: 'fail', evidence,
      summary: 'security defaults are on: Exchange refuses password SMTP AUTH ("535 5.7.139 … security defaults policy"); OAuth (XOAUTH2) is not affected',
      causes: [buildCause('config.basic-auth', {
        confidence: 'certain', evidence, checks: ['graph.security-defaults'],
        summary: 'The product logs in with a password, and security defaults are on in this tenant, which blocks password SMTP AUTH',
      }, fixValuesFromSettings(ctx.settings))],
    }
  },
}
