// Everything on an authority host (login.microsoftonline.com and the other clouds' hosts and aliases): the token
// endpoints, OpenID discovery, the signing keys and MSAL's instance discovery.
import {isMultiTenantSegment} from '../../core/cloud.js'

import type {IncomingMessage, ServerResponse} from 'node:http'
import {CLOUD_ENDPOINTS, CLOUDS, type Cloud} from '../../core/cloud.js'
import {GUID_RE} from '../scenario/yaml-reader.js'
import {aadsts, entraErrorBody, entraHeaders, sendEntraError} from './entra-errors.js'
import {allAuthorityHosts, authorityHostsOf, type LabContext} from './lab-context.js'
import {newId, sendJson, sendText} from './respond.js'
import {handleTokenRequest, instanceMetadata} from './token-endpoint.js'

const CLOUD_INSTANCE: Record<Cloud, {instance: string; aadGraph: string; region: string}> = {
  global: {instance: 'microsoftonline.com', aadGraph: 'graph.windows.net', region: 'NA'},
  usgov: {instance: 'microsoftonline.us', aadGraph: 'graph.microsoftazure.us', region: 'USGov'},
  usgovdod: {instance: 'microsoftonline.us', aadGraph: 'graph.microsoftazure.us', region: 'USGov'},
  china: {instance: 'partner.microsoftonline.cn', aadGraph: 'graph.chinacloudapi.cn', region: 'AS'},
}

/** The cloud an authority host belongs to, preferring the lab tenant's own (usgov and usgovdod share hosts). */
function cloudOfAuthority(host: string, preferred: Cloud): Cloud {
  if (authorityHostsOf(preferred).includes(host)) return preferred
  return CLOUDS.find((c) => authorityHostsOf(c).includes(host)) ?? 'global'
}

/** The tenant ID a discovery path names, `{tenantid}` for the multi-tenant names, undefined when unknown. */
function discoveryTenant(ctx: LabContext, tenant: string, host: string): string | undefined {
  const t = tenant.toLowerCase()
  if (isMultiTenantSegment(t)) return '{tenantid}'
  const st = ctx.scenario.tenant
  if (!authorityHostsOf(st.cloud).includes(host)) return undefined
  return t === st.id || st.domains.includes(t) ? st.id : undefined
}

function openIdConfiguration(host: string, tid: string, cloud: Cloud, v2: boolean) {
  const e = CLOUD_ENDPOINTS[cloud]
  const ci = CLOUD_INSTANCE[cloud]
  const base = `https://${host}/${tid}`
  const oauth = v2 ? `${base}/oauth2/v2.0` : `${base}/oauth2`
  return {
    token_endpoint: `${oauth}/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: v2 ? `${base}/discovery/v2.0/keys` : `https://${host}/common/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: v2 ? `https://${e.issuerHost}/${tid}/v2.0` : cloud === 'china' ? `https://sts.chinacloudapi.cn/${tid}/` : `https://sts.windows.net/${tid}/`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `https://${e.graphHost}/oidc/userinfo`,
    authorization_endpoint: `${oauth}/authorize`,
    device_authorization_endpoint: `${oauth}/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${oauth}/logout`,
    claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: ci.region,
    cloud_instance_name: ci.instance,
    cloud_graph_host_name: ci.aadGraph,
    msgraph_host: e.graphHost,
    rbac_url: 'https://pas.windows.net',
  }
}

function notFoundPage(res: ServerResponse): void {
  sendText(res, 404, 'text/html; charset=utf-8', '<!DOCTYPE html><html><head><title>404 - Not Found</title></head><body><h1>404 - Not Found</h1></body></html>')
}

export async function handleIdentityRequest(req: IncomingMessage, res: ServerResponse, ctx: LabContext, host: string, url: URL): Promise<void> {
  const segments = url.pathname.split('/').slice(1)
  const method = req.method ?? 'GET'
  const rest = segments.slice(1).join('/').toLowerCase()
  const tenant = decodeURIComponent(segments[0] ?? '')

  // `…/oauth2/v2.0/token` with the tenant left out of the URL.
  if (segments[0]?.toLowerCase() === 'oauth2') {
    return sendEntraError(req, res, aadsts.tenantMissing(), host)
  }

  if (rest === 'oauth2/v2.0/token' || rest === 'oauth2/token') {
    if (method !== 'POST') return sendEntraError(req, res, aadsts.postOnly(method), host)
    return handleTokenRequest(req, res, ctx, tenant, host, rest === 'oauth2/token' ? 'v1' : 'v2')
  }

  if (rest === 'oauth2/authorize' || rest === 'oauth2/v2.0/authorize') {
    // The authorize endpoint is for interactive sign-in: it answers a token request (POSTed or not) with an HTML
    // error page, not JSON, because response_type is missing. Exact page wording [U]; the HTML is the point.
    const traceId = newId()
    return sendText(
      res,
      400,
      'text/html; charset=utf-8',
      `<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body><div id="error">AADSTS900144: The request body must contain the following parameter: 'response_type'.<br>Trace ID: ${traceId}<br>Correlation ID: ${newId()}</div></body></html>`,
      entraHeaders(traceId),
    )
  }

  const cloud = cloudOfAuthority(host, ctx.scenario.tenant.cloud)
  if (method === 'GET' && (rest === 'v2.0/.well-known/openid-configuration' || rest === '.well-known/openid-configuration')) {
    const tid = discoveryTenant(ctx, tenant, host)
    if (!tid) {
      // The discovery document of an unknown tenant is the same AADSTS90002 JSON as the token endpoint's.
      const err = GUID_RE.test(tenant) || tenant.includes('.') ? aadsts.tenantNotFound(tenant) : aadsts.tenantMalformed(tenant)
      return sendEntraError(req, res, err, host)
    }
    return sendJson(res, 200, openIdConfiguration(host, tid, cloud, rest.startsWith('v2.0')), {'Cache-Control': 'max-age=86400, private'})
  }

  if (method === 'GET' && (rest === 'discovery/v2.0/keys' || rest === 'discovery/keys')) {
    const key = await ctx.key
    const issuerKey = rest.startsWith('discovery/v2.0') ? {issuer: `https://${CLOUD_ENDPOINTS[cloud].issuerHost}/{tenantid}/v2.0`} : {}
    return sendJson(res, 200, {keys: [{...key.jwk, ...issuerKey}]}, {'Cache-Control': 'max-age=86400, private'})
  }

  if (method === 'GET' && tenant.toLowerCase() === 'common' && rest === 'discovery/instance') {
    return instanceDiscovery(res, url, host)
  }

  notFoundPage(res)
}

/** MSAL's instance discovery: known authority hosts get the alias table, anything else `invalid_instance`. */
function instanceDiscovery(res: ServerResponse, url: URL, host: string): void {
  const endpoint = url.searchParams.get('authorization_endpoint') ?? ''
  let authority: URL | undefined
  try {
    authority = new URL(endpoint)
  } catch {
    authority = undefined
  }
  if (!authority || !allAuthorityHosts().has(authority.hostname.toLowerCase())) {
    const traceId = newId()
    const body = entraErrorBody({status: 400, error: 'invalid_instance', code: 50049, message: 'Unknown or invalid instance.'}, host, traceId, newId())
    return sendJson(res, 400, body, entraHeaders(traceId))
  }
  const tenant = authority.pathname.split('/')[1] ?? 'common'
  sendJson(res, 200, {
    tenant_discovery_endpoint: `https://${authority.hostname}/${tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: instanceMetadata(),
  })
}
