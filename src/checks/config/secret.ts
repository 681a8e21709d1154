// config.secret: the client secret looks like a secret Value, not the Secret ID shown next to it.
import {buildCause} from '../../diagnosis/catalogue.js'
import type {Cause} from '../../core/cause.js'
import {isGuid} from '../../settings/formats.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from '../../diagnosis/fix-values.js'
import {outcomeFromCauses} from './outcome.js'
import {secretHazards} from './secret-hazards.js'

export const configSecret: Check = {
  id: 'config.secret',
  title: 'Client secret is a secret Value',
  async run({settings}) {
    const secret = settings.clientSecret
    if (!secret) return {status: 'pass', summary: 'no client secret configured'}
    const value = secret.reveal()
    const hazards = secretHazards(value)
    const evidence = {length: secret.length, shape: isGuid(value.trim()) ? 'guid' : 'opaque', surroundingWhitespace: value !== value.trim(), hazards}
    const causes: Cause[] = []
    if (isGuid(value.trim())) {
      // Portal secret Values are ~40 random characters; the Secret ID column is a GUID. A GUID is never a Value.
      causes.push(buildCause('config.secret-is-secret-id', {
        confidence: 'likely',
        summary: 'The client secret is a GUID: the Secret ID was copied instead of the secret Value',
        evidence,
        checks: ['config.secret'],
      }, fixValuesFromSettings(settings)))
    }
    if (hazards.length > 0) {
      // A warning, not an error: o365doctor read the secret unchanged; the product may not have.
      causes.push(buildCause('config.secret-encoding-hazard', {
        confidence: 'possible',
        summary: `The client secret contains ${hazards.join(', ')}: a .env file, shell or form encoder may change it before the product sends it`,
        evidence: {hazards},
        checks: ['config.secret'],
      }, {...fixValuesFromSettings(settings), secretHazards: hazards}))
    }
    if (causes.length > 0) return outcomeFromCauses(causes, '', evidence)
    return {status: 'pass', summary: `a ${secret.length}-character secret value (not a Secret ID)`, evidence}
  },
}
