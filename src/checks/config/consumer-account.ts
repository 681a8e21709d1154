// Consumer (personal) Microsoft accounts: app-only tokens cannot serve them. Entra ID refuses client credentials on
// /consumers and /common (AADSTS9001023) and msal-node refuses client-side (missing_tenant_id_error); a tenant's
// app-only token has no authority over an outlook.com mailbox (microsoft-behaviour.md §8.5).

import {isConsumerDomain} from '../../core/cloud.js'

export {isConsumerDomain}

/** The domain of an address, or undefined when it has no @. */
function domainOf(address: string): string | undefined {
  const at = address.lastIndexOf('@')
  return at < 0 ? undefined : address.slice(at + 1)
}

export interface ConsumerFinding {
  /** The setting that points at a consumer account. */
  setting: 'tenant' | 'mailbox' | 'from' | 'tokenUrl'
  value: string
  /** Why, in words. */
  reason: string
}

/** Every setting that names a consumer account or the consumer authority; [] when none does. */
export function consumerAccountFindings(values: {tenant?: string; mailbox?: string; from?: string; tokenUrl?: string}): ConsumerFinding[] {
  const found: ConsumerFinding[] = []
  const {tenant, mailbox, from, tokenUrl} = values
  if (tenant !== undefined) {
    const t = tenant.trim().toLowerCase()
    if (t === 'consumers') found.push({setting: 'tenant', value: tenant, reason: 'the tenant is "consumers", the personal-account authority'})
    else if (isConsumerDomain(t)) found.push({setting: 'tenant', value: tenant, reason: `the tenant ${tenant} is a personal Microsoft account domain`})
  }
  for (const [setting, address] of [['mailbox', mailbox], ['from', from]] as const) {
    const domain = address === undefined ? undefined : domainOf(address)
    if (domain !== undefined && isConsumerDomain(domain)) {
      found.push({setting, value: address!, reason: `${address} is a personal Microsoft account (${domain.toLowerCase()})`})
    }
  }
  if (tokenUrl !== undefined) {
    const segment = tenantSegmentOf(tokenUrl)
    if (segment === 'consumers') found.push({setting: 'tokenUrl', value: tokenUrl, reason: 'the token URL uses /consumers, the personal-account authority'})
    else if (segment !== undefined && isConsumerDomain(segment)) {
      found.push({setting: 'tokenUrl', value: tokenUrl, reason: `the token URL names ${segment}, a personal Microsoft account domain`})
    }
  }
  return found
}

function tenantSegmentOf(tokenUrl: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]+\/([^/?#]+)/i.exec(tokenUrl.trim())
  return m ? m[1]!.toLowerCase() : undefined
}
