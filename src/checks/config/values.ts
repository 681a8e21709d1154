// config.values: the tenant, client ID, mailbox and sender can be right at all (shape only).
import {buildCause} from '../../diagnosis/catalogue.js'
import type {Cause} from '../../core/cause.js'
import {isDomain, isGuid, isMailAddress} from '../../settings/formats.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from './fix-values.js'
import {outcomeFromCauses} from './outcome.js'

export const configValues: Check = {
  id: 'config.values',
  title: 'Tenant, client ID and mailbox are well-formed',
  async run({settings}) {
    const v = fixValuesFromSettings(settings)
    const problems: string[] = []
    const {tenant, clientId, mailbox, from, exchangeObjectId} = settings
    if (tenant !== undefined && !isGuid(tenant) && !isDomain(tenant)) {
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
    return outcomeFromCauses(causes, 'tenant, client ID and mailbox have the right shape', {problems})
  },
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
