// config.values: the tenant, client ID, mailbox and sender can be right at all (shape only).
import {buildCause} from '../../diagnosis/catalogue.js'
import type {Cause} from '../../core/cause.js'
import {isDomain, isGuid, isMailAddress} from '../../settings/formats.js'
import {consumerAccountFindings, type ConsumerFinding} from './consumer-account.js'
import type {FixValues} from '../../diagnosis/catalogue.js'
import type {CheckId} from '../../core/check.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from '../../diagnosis/fix-values.js'
import {outcomeFromCauses} from './outcome.js'

export const configValues: Check = {
  id: 'config.values',
  title: 'Tenant, client ID and mailbox are well-formed',
  async run({settings}) {
    const v = fixValuesFromSettings(settings)
    const problems: string[] = []
    const {tenant, clientId, mailbox, from, exchangeObjectId} = settings
    // The token URL's consumer authority is config.token-url's finding; here the tenant and the addresses.
    const consumer = consumerAccountFindings({tenant, mailbox, from})
    if (tenant !== undefined && !isGuid(tenant) && !isDomain(tenant) && !consumer.some((c) => c.setting === 'tenant')) {
      problems.push(`tenant "${tenant}" is neither a directory (tenant) ID GUID nor a domain such as contoso.onmicrosoft.com`)
    }
    if (clientId !== undefined && !isGuid(clientId)) {
      problems.push(`client ID "${clientId}" is not a GUID (Entra ID > App registrations > Application (client) ID)`)
    }
    if (clientId !== undefined && tenant !== undefined && isGuid(clientId) && clientId.toLowerCase() === tenant.toLowerCase()) {
      problems.push('the client ID equals the tenant ID: one of the two was pasted into both fields')
    }
    if (mailbox !== undefined && !isMailAddress(mailbox)) problems.push(`mailbox "${mailbox}" is not an e-mail address`)
    if (from !== undefined && !isMailAddress(from)) problems.push(`sender (from) "${from}" is not an e-mail address`)
    if (exchangeObjectId !== undefined && !isGuid(exchangeObjectId)) {
      problems.push(`Exchange service principal object ID "${exchangeObjectId}" is not a GUID`)
    }
    const causes: Cause[] = problems.length === 0 ? [] : [buildCause('config.invalid-value', {
      confidence: 'certain',
      summary: problems.length === 1 ? capitalise(problems[0]!) : `${problems.length} settings cannot be right`,
      evidence: {problems},
      checks: ['config.values'],
    }, v)]
    if (consumer.length > 0) causes.push(consumerAccountCause(consumer, v))
    const consumerAccounts = consumer.map((c) => ({setting: c.setting, value: c.value}))
    return outcomeFromCauses(causes, 'tenant, client ID and mailbox have the right shape', {problems, ...(consumer.length > 0 ? {consumerAccounts} : {})})
  },
}

/** config.consumer-account for every setting that names a personal Microsoft account (AADSTS9001023). */
export function consumerAccountCause(found: ConsumerFinding[], v: FixValues, check: CheckId = 'config.values'): Cause {
  return buildCause('config.consumer-account', {
    confidence: 'certain',
    summary: `App-only tokens cannot serve a personal Microsoft account: ${found.map((f) => f.reason).join('; ')}`,
    evidence: {consumerAccounts: found.map((f) => ({setting: f.setting, value: f.value}))},
    checks: [check],
  }, v)
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
