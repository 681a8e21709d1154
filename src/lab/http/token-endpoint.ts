// Entra's token endpoint for client credentials, deciding in the order lab-scenario.md gives (first failure
// answers): tenant, application, application state and secret presence, secret, scope/resource, Conditional
// Access, then a v1 RS256 access token.
import {isMultiTenantSegment} from '../../core/cloud.js'

import type {IncomingMessage, ServerResponse} from 'node:http'
import {CLOUD_ENDPOINTS} from '../../core/cloud.js'
import {GUID_RE} from '../scenario/yaml-reader.js'
import {buildLabTokenClaims, EXPIRES_IN_S, signLabToken} from '../token-jwt.js'
import {aadsts, entraHeaders, sendEntraError, type EntraError} from './entra-errors.js'
import {authorityHostsOf, findApplication, grantedRoles, resourceKind, type LabContext, type ResourceKind} from './lab-context.js'
import {clientRequestId, newId, readBody, sendJson} from './respond.js'
import {checkClientAssertion, JWT_BEARER} from './client-assertion.js'

const DNS_NAME_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i

export type TokenEndpointVersion = 'v1' | 'v2'

interface ClientCredentials {
  clientId?: string
  secret?: string
  assertion?: string
}

/** Body client_id/client_secret, or HTTP Basic (RFC 6749 §2.3.1: form-urlencoded id and secret). */
function credentialsOf(req: IncomingMessage, form: URLSearchParams): ClientCredentials {
  const creds: ClientCredentials = {
    clientId: form.get('client_id') ?? undefined,
    secret: form.get('client_secret') ?? undefined,
    assertion: form.get('client_assertion') ?? undefined,
  }
  const auth = req.headers.authorization
  if (auth && /^basic /i.test(auth)) {
    const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon > 0) {
      const unform = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '))
      try {
        creds.clientId ??= unform(decoded.slice(0, colon))
        creds.secret ??= unform(decoded.slice(colon + 1))
      } catch {
        // A malformed escape is treated as no Basic credentials at all.
      }
    }
  }
  return creds
}

/** Rule 1. `common`/`organizations`/`consumers` name no tenant, which client credentials needs (AADSTS50059). */
function checkTenant(ctx: LabContext, tenant: string, host: string): EntraError | undefined {
  const t = tenant.toLowerCase()
  if (t === '' || isMultiTenantSegment(t)) return aadsts.tenantMissing()
  if (!GUID_RE.test(t) && !DNS_NAME_RE.test(t)) return aadsts.tenantMalformed(tenant)
  const {tenant: st} = ctx.scenario
  // The lab's tenant lives in one cloud: asked on another cloud's authority, it does not exist (azure-cli#22145).
  const known = authorityHostsOf(st.cloud).includes(host) && (t === st.id || st.domains.includes(t))
  return known ? undefined : aadsts.tenantNotFound(tenant)
}

function checkResource(ctx: LabContext, resource: string, tenant: string): {kind: ResourceKind} | EntraError {
  const kind = resourceKind(resource, ctx.scenario.tenant.cloud)
  if (!kind || (kind === 'exchange' && !ctx.scenario.tenant.exchangeOnline)) return aadsts.resourceNotFound(resource, tenant)
  return {kind}
}

export async function handleTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: LabContext,
  tenant: string,
  host: string,
  version: TokenEndpointVersion,
): Promise<void> {
  const form = new URLSearchParams(await readBody(req))
  const requestId = form.get('client-request-id') ?? undefined
  const fail = (err: EntraError) => {
    ctx.log(`token: AADSTS${err.code} (${err.error}) for client ${form.get('client_id') ?? '(none)'}`)
    sendEntraError(req, res, err, host, requestId)
  }
  const scenario = ctx.scenario
  const creds = credentialsOf(req, form)

  const tenantError = checkTenant(ctx, tenant, host)
  if (tenantError) return fail(tenantError)

  const grant = form.get('grant_type')
  if (!grant) return fail(aadsts.missingParameter('grant_type'))
  if (grant !== 'client_credentials') return fail(aadsts.unsupportedGrant(grant))
  if (!creds.clientId) return fail(aadsts.missingParameter('client_id'))

  // Rule 2.
  const app = findApplication(scenario, creds.clientId)
  if (!app) return fail(aadsts.appNotFound(creds.clientId, tenant))

  // Rule 3.
  if (!app.servicePrincipalEnabled) return fail(aadsts.appDisabled(app.appId, app.displayName))
  if (app.publicClient && (creds.secret !== undefined || creds.assertion !== undefined)) return fail(aadsts.publicClient())
  const now = new Date()
  if (creds.assertion) {
    // Rule 4 for certificates and federated tokens (lab-scenario.md "Additions").
    if (form.get('client_assertion_type') !== JWT_BEARER) return fail(aadsts.assertionMalformed())
    const assertionError = await checkClientAssertion(ctx, app, creds.assertion, tenant, host, now)
    if (assertionError) return fail(assertionError)
  } else {
    if (creds.secret === undefined || creds.secret === '') return fail(aadsts.missingSecret())

    // Rule 4. A secret's ID is never its value, so it lands in 7000215 like any other wrong string.
    const matching = app.secrets.filter((s) => s.value === creds.secret)
    if (matching.length === 0) return fail(aadsts.invalidSecret(app.appId))
    if (!matching.some((s) => s.expires.getTime() > now.getTime())) return fail(aadsts.expiredSecret(app.appId))
  }

  // Rule 5. v2 takes `scope` (one resource, `/.default`); v1 takes `resource`.
  let resource: string
  if (version === 'v2') {
    const scope = form.get('scope')?.trim()
    if (!scope) return fail(aadsts.missingParameter('scope'))
    const scopes = scope.split(/\s+/)
    const notDefault = scopes.find((s) => !s.toLowerCase().endsWith('/.default'))
    if (notDefault !== undefined) return fail(aadsts.scopeNotDefault(scope))
    const resources = [...new Set(scopes.map((s) => s.slice(0, -'/.default'.length)))]
    if (resources.length > 1) return fail(aadsts.scopeInvalid(scope))
    resource = resources[0]!
  } else {
    // The v1 endpoint ignores `scope` and needs `resource`: a v2-style request fails here.
    const r = form.get('resource')?.trim()
    if (!r) return fail(aadsts.missingParameter('resource'))
    resource = r
  }
  const checked = checkResource(ctx, resource, tenant)
  if ('code' in checked) return fail(checked)

  // Rule 6.
  if (scenario.tenant.conditionalAccessBlocksApps) return fail(aadsts.conditionalAccess())

  // Rule 7.
  const claims = buildLabTokenClaims(
    {
      cloud: scenario.tenant.cloud,
      tenantId: scenario.tenant.id,
      appId: app.appId,
      appDisplayName: app.displayName,
      servicePrincipalId: app.servicePrincipalId,
      audience: resource,
      roles: grantedRoles(app, checked.kind),
    },
    now,
  )
  // appidacr 2: the app proved itself with a certificate or assertion, not a secret (§8.1.1).
  if (creds.assertion) claims.appidacr = '2'
  const accessToken = await signLabToken(await ctx.key, claims)
  ctx.log(`token: issued to ${app.appId} for ${resource} with roles [${(claims.roles ?? []).join(', ')}]`)
  const traceId = newId()
  const headers = {...entraHeaders(traceId), 'client-request-id': clientRequestId(req, requestId) ?? newId()}
  if (version === 'v2') {
    sendJson(res, 200, {token_type: 'Bearer', expires_in: EXPIRES_IN_S, ext_expires_in: EXPIRES_IN_S, access_token: accessToken}, headers)
  } else {
    // v1 replies carry numbers as strings, plus expires_on/not_before/resource.
    sendJson(
      res,
      200,
      {
        token_type: 'Bearer',
        expires_in: String(EXPIRES_IN_S),
        ext_expires_in: String(EXPIRES_IN_S),
        expires_on: String(claims.exp),
        not_before: String(claims.nbf),
        resource,
        access_token: accessToken,
      },
      headers,
    )
  }
}

/** The authority host names MSAL knows for a cloud, for instance discovery. */
export function instanceMetadata(): {preferred_network: string; preferred_cache: string; aliases: string[]}[] {
  const g = CLOUD_ENDPOINTS.global
  const us = CLOUD_ENDPOINTS.usgov
  const cn = CLOUD_ENDPOINTS.china
  return [
    {preferred_network: g.authorityHost, preferred_cache: 'login.windows.net', aliases: [g.authorityHost, ...g.authorityAliases]},
    {preferred_network: cn.authorityHost, preferred_cache: cn.authorityHost, aliases: [cn.authorityHost, ...cn.authorityAliases]},
    {preferred_network: us.authorityHost, preferred_cache: us.authorityHost, aliases: [us.authorityHost, ...us.authorityAliases]},
  ]
}
