// The values a remediation fills in, from the settings alone (live checks add the token's oid etc.).
import type {FixValues} from './catalogue.js'
import type {Settings} from '../settings/types.js'

export function fixValuesFromSettings(settings: Settings): FixValues {
  return {
    tenant: settings.tenant,
    cloud: settings.cloud,
    clientId: settings.clientId,
    mailbox: settings.mailbox,
    from: settings.from ?? settings.mailbox,
    scope: settings.scope,
    exchangeObjectId: settings.exchangeObjectId,
  }
}
