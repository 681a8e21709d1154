// Building blocks for the runnable PowerShell in remediations: safe quoting, placeholders and the
// cloud-specific connect lines. Pure string functions, no I/O.

import {CLOUD_ENDPOINTS, type Cloud} from '../core/cloud.js'

// PowerShell treats U+2018..U+201B as single quotes too, so each must be doubled like `'` or a value
// containing one would end the string early (and what follows would run as code).
const SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g
// Control characters never belong in an ID, address or host; a newline could smuggle a second command
// line into something a person copy-pastes.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g

/** A PowerShell single-quoted string literal for `value`: no expansion of `$`, backticks or subexpressions. */
export function psQuote(value: string): string {
  return `'${value.replace(CONTROL, '').replace(SINGLE_QUOTES, (q) => q + q)}'`
}

/**
 * A quoted value when known, else a visible placeholder like `<enterprise application object ID>`. The bare `<`
 * makes PowerShell refuse the line, so a placeholder can never be run by accident.
 */
export function psArg(value: string | undefined, placeholder: string): string {
  return value !== undefined && value !== '' ? psQuote(value) : `<${placeholder}>`
}

/** Plain text (steps, explanations): the value, or the placeholder in angle brackets. */
export function show(value: string | undefined, placeholder: string): string {
  return value !== undefined && value !== '' ? value : `<${placeholder}>`
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isGuid(value: string | undefined): value is string {
  return value !== undefined && GUID.test(value)
}

const EXO_ENVIRONMENT: Record<Cloud, string | undefined> = {
  global: undefined,
  usgov: 'O365USGovGCCHigh',
  usgovdod: 'O365USGovDoD',
  china: 'O365China',
}

const GRAPH_ENVIRONMENT: Record<Cloud, string | undefined> = {
  global: undefined,
  usgov: 'USGov',
  usgovdod: 'USGovDoD',
  china: 'China',
}

/** `Connect-ExchangeOnline` for the right cloud (an Exchange administrator signs in interactively). */
export function connectExchange(cloud: Cloud | undefined): string {
  const env = EXO_ENVIRONMENT[cloud ?? 'global']
  return env ? `Connect-ExchangeOnline -ExchangeEnvironmentName ${env}` : 'Connect-ExchangeOnline'
}

/** `Connect-MgGraph` (Microsoft Graph PowerShell) with the given delegated scopes, for the right cloud and tenant. */
export function connectGraph(cloud: Cloud | undefined, tenant: string | undefined, scopes: string[]): string {
  const env = GRAPH_ENVIRONMENT[cloud ?? 'global']
  const parts = ['Connect-MgGraph']
  if (tenant) parts.push(`-TenantId ${psQuote(tenant)}`)
  parts.push(`-Scopes ${scopes.map(psQuote).join(',')}`)
  if (env) parts.push(`-Environment ${env}`)
  return parts.join(' ')
}

/** The admin-consent URL of Microsoft's doc, on the cloud's own authority host. */
export function adminConsentUrl(cloud: Cloud | undefined, tenant: string | undefined, clientId: string | undefined): string {
  const host = CLOUD_ENDPOINTS[cloud ?? 'global'].authorityHost
  const t = tenant ? encodeURIComponent(tenant) : '<tenant ID>'
  const c = clientId ? encodeURIComponent(clientId) : '<client ID>'
  return `https://${host}/${t}/adminconsent?client_id=${c}`
}

/**
 * A Graph `-Filter "appId eq '…'"` argument. Only a real GUID is interpolated into the double-quoted string (where
 * `$` would expand); anything else becomes a placeholder.
 */
export function appIdFilter(clientId: string | undefined): string {
  return isGuid(clientId) ? `"appId eq '${clientId}'"` : `"appId eq '<client ID>'"`
}
