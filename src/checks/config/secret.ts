// config.secret: the client secret looks like a secret Value, not the Secret ID shown next to it.
import {buildCause} from '../../diagnosis/catalogue.js'
import {isGuid} from '../../settings/formats.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from '../../diagnosis/fix-values.js'
import {outcomeFromCauses} from './outcome.js'

export const configSecret: Check = {
  id: 'config.secret',
  title: 'Client secret is a secret Value',
  async run({settings}) {
    const secret = settings.clientSecret
    if (!secret) return {status: 'pass', summary: 'no client secret configured'}
    const value = secret.reveal()
    const evidence = {length: secret.length, shape: isGuid(value.trim()) ? 'guid' : 'opaque', surroundingWhitespace: value !== value.trim()}
    if (isGuid(value.trim())) {
      // Portal secret Values are ~40 random characters; the Secret ID column is a GUID. A GUID is never a Value.
      return outcomeFromCauses([buildCause('config.secret-is-secret-id', {
        confidence: 'likely',
        summary: 'The client secret is a GUID: the Secret ID was copied instead of the secret Value',
        evidence,
        checks: ['config.secret'],
      }, fixValuesFromSettings(settings))], '', evidence)
    }
    return {status: 'pass', summary: `a ${secret.length}-character secret value (not a Secret ID)`, evidence}
  },
}
