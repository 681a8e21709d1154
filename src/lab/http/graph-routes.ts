// Microsoft Graph v1.0 for the few reads the doctor needs: servicePrincipals and applications by id, by
// `(appId='…')` and by `$filter=appId eq '…'`, and servicePrincipals/{id}/appRoleAssignments.
//
// Authorisation: a Bearer token the lab signed for this cloud's Graph resource. A token may read its own
// application and service principal; anything else, including its own appRoleAssignments, needs a Graph
// application role such as Application.Read.All. (Own assignments: Graph documents Application.Read.All as the
// least privilege for that list and has no self-read exception, so the lab denies it and the doctor must fall
// back to the token's `roles`.)

import type {IncomingMessage, ServerResponse} from 'node:http'
import {decodeJwt} from 'jose'
import {CLOUD_ENDPOINTS, CLOUDS, GRAPH_RESOURCE_APP_ID, type Cloud} from '../../core/cloud.js'
import type {LabTokenClaims} from '../lab-types.js'
import {GUID_RE} from '../scenario/yaml-reader.js'
import {verifyLabToken} from '../token-jwt.js'
import type {GraphDirectory} from './graph-directory.js'
import {answerPolicies, answerUsers} from './graph-users.js'
import type {LabContext} from './lab-context.js'
import {GRAPH_READ_ALL_ROLES} from './permission-ids.js'
import {clientRequestId, newId, sendJson} from './respond.js'

type Json = Record<string, unknown>
type EntitySet = 'servicePrincipals' | 'applications'
const ENTITY_TYPE: Record<EntitySet, string> = {servicePrincipals: 'ServicePrincipal', applications: 'Application'}

class GraphError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
}

const denied = () => new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.')
const notFound = (id: string) =>
  new GraphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`)
const badSegment = (segment: string) => new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`)

/** The same on every reply; serialised once. */
const AGS_DIAGNOSTIC = JSON.stringify({ServerInfo: {DataCenter: 'Lab', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'LAB0001', ADSiteName: 'LAB'}})

function graphHeaders(requestId: string, clientId: string): Record<string, string> {
  return {
    'request-id': requestId,
    'client-request-id': clientId,
    'x-ms-ags-diagnostic': AGS_DIAGNOSTIC,
    'Strict-Transport-Security': 'max-age=31536000',
    'Cache-Control': 'no-cache',
  }
}

function sendGraphError(req: IncomingMessage, res: ServerResponse, err: GraphError): void {
  const requestId = newId()
  const clientId = clientRequestId(req) ?? requestId
  const headers = graphHeaders(requestId, clientId)
  if (err.status === 401) {
    headers['WWW-Authenticate'] = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_RESOURCE_APP_ID}"`
  }
  // innerError.date has no fraction and no zone, as Graph sends it.
  const date = new Date().toISOString().slice(0, 19)
  sendJson(res, err.status, {error: {code: err.code, message: err.message, innerError: {date, 'request-id': requestId, 'client-request-id': clientId}}}, headers)
}

function cloudOfGraphHost(host: string): Cloud {
  return CLOUDS.find((c) => CLOUD_ENDPOINTS[c].graphHost === host) ?? 'global'
}

async function authenticate(req: IncomingMessage, ctx: LabContext, host: string): Promise<LabTokenClaims | GraphError> {
  const auth = req.headers.authorization ?? ''
  const token = /^bearer\s+(.+)$/i.exec(auth)?.[1]?.trim()
  if (!token) return new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.')
  const claims = await verifyLabToken(await ctx.key, token, ctx.issuer)
  if (!claims) {
    let exp: number | undefined
    try {
      exp = decodeJwt(token).exp
    } catch {
      return new GraphError(401, 'InvalidAuthenticationToken', 'IDX14100: JWT is not well formed, there are no dots (.).')
    }
    if (exp !== undefined && exp * 1000 < Date.now()) return new GraphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.')
    return new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.')
  }
  const graph = `https://${CLOUD_ENDPOINTS[cloudOfGraphHost(host)].graphHost}`
  const aud = String(claims.aud).toLowerCase().replace(/\/+$/, '')
  if (aud !== graph && aud !== GRAPH_RESOURCE_APP_ID) return new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.')
  return claims
}

/** `servicePrincipals`, `servicePrincipals(appId='…')`, `servicePrincipals/{id}`, `…/appRoleAssignments`. */
interface GraphPath {
  set: EntitySet
  key?: {by: 'id' | 'appId'; value: string}
  nav?: 'appRoleAssignments' | 'federatedIdentityCredentials'
}

function parsePath(segments: string[]): GraphPath | GraphError {
  const [first = '', second, third, ...more] = segments
  const m = /^(servicePrincipals|applications)(?:\(appId='([^']*)'\))?$/i.exec(first)
  if (!m) return badSegment(first)
  const set = (m[1]!.toLowerCase() === 'applications' ? 'applications' : 'servicePrincipals') as EntitySet
  const path: GraphPath = {set}
  let navSegment: string | undefined
  if (m[2] !== undefined) {
    path.key = {by: 'appId', value: m[2]}
    navSegment = second
    if (third !== undefined) return badSegment(third)
  } else if (second !== undefined) {
    path.key = {by: 'id', value: second}
    navSegment = third
    if (more.length > 0) return badSegment(more[0]!)
  }
  if (navSegment !== undefined) {
    const nav = navSegment.toLowerCase()
    if (set === 'servicePrincipals' && nav === 'approleassignments') path.nav = 'appRoleAssignments'
    else if (set === 'applications' && nav === 'federatedidentitycredentials') path.nav = 'federatedIdentityCredentials'
    else return badSegment(navSegment)
  }
  return path
}

function select(entity: Json, selectParam: string | null): Json {
  if (!selectParam) return entity
  const keys = selectParam.split(',').map((k) => k.trim()).filter(Boolean)
  return Object.fromEntries(Object.entries(entity).filter(([k]) => keys.some((s) => s.toLowerCase() === k.toLowerCase())))
}

export async function handleGraphRequest(req: IncomingMessage, res: ServerResponse, ctx: LabContext, dir: GraphDirectory, host: string, url: URL): Promise<void> {
  const result = await answer(req, ctx, dir, host, url)
  if (result instanceof GraphError) {
    ctx.log(`graph: ${req.method} ${url.pathname} -> ${result.status} ${result.code}`)
    return sendGraphError(req, res, result)
  }
  const requestId = newId()
  ctx.log(`graph: ${req.method} ${url.pathname} -> 200`)
  sendJson(res, 200, result, {
    ...graphHeaders(requestId, clientRequestId(req) ?? requestId),
    'Content-Type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    'OData-Version': '4.0',
  })
}

async function answer(req: IncomingMessage, ctx: LabContext, dir: GraphDirectory, host: string, url: URL): Promise<Json | GraphError> {
  const segments = url.pathname.split('/').slice(1).map((s) => decodeURIComponent(s))
  const version = segments.shift() ?? ''
  if (version !== 'v1.0' && version !== 'beta') return new GraphError(400, 'BadRequest', `Invalid version: ${version}`)
  if (req.method !== 'GET') return new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.')
  const claims = await authenticate(req, ctx, host)
  if (claims instanceof GraphError) return claims
  const users = answerUsers(ctx.scenario, claims, segments, host, version) ?? answerPolicies(ctx.scenario, claims, segments, host, version)
  if (users !== undefined) return 'status' in users && 'code' in users ? new GraphError(Number(users.status), String(users.code), String(users.message)) : users
  const path = parsePath(segments)
  if (path instanceof GraphError) return path

  const readAll = (claims.roles ?? []).some((r) => GRAPH_READ_ALL_ROLES.includes(r))
  const isOwn = (e: Json) => e['appId'] === claims.appid
  const context = `https://${host}/${version}/$metadata#${path.set}`
  const entities = dir[path.set]
  const sel = url.searchParams.get('$select')

  if (!path.key) {
    const filter = url.searchParams.get('$filter')
    let items = entities
    if (filter !== null) {
      const m = /^\s*appId\s+eq\s+'([^']*)'\s*$/i.exec(filter)
      if (!m) {
        const property = /^\s*([A-Za-z]+)/.exec(filter)?.[1] ?? filter
        return new GraphError(400, 'Request_UnsupportedQuery', `Unsupported or invalid query filter clause specified for property '${property}' of resource '${ENTITY_TYPE[path.set]}'.`)
      }
      const appId = m[1]!.toLowerCase()
      items = entities.filter((e) => String(e['appId']).toLowerCase() === appId)
      if (!readAll && appId !== claims.appid) return denied()
    } else if (!readAll) return denied()
    return {'@odata.context': context, value: items.map((e) => select(e, sel))}
  }

  const key = path.key
  if (key.by === 'id' && !GUID_RE.test(key.value)) return new GraphError(400, 'Request_BadRequest', `Invalid object identifier '${key.value}'.`)
  const wanted = key.value.toLowerCase()
  const entity = entities.find((e) => String(e[key.by]).toLowerCase() === wanted)
  // Without a read-all role the caller cannot even learn whether someone else's object exists.
  if (!readAll && !(entity && isOwn(entity) && !path.nav)) return denied()
  if (!entity) return notFound(key.value)

  if (path.nav === 'appRoleAssignments') {
    const value = dir.assignments.get(String(entity['id'])) ?? []
    return {'@odata.context': `https://${host}/${version}/$metadata#servicePrincipals('${entity['id']}')/appRoleAssignments`, value: value.map((e) => select(e, sel))}
  }
  if (path.nav === 'federatedIdentityCredentials') {
    const value = dir.federatedCredentials?.get(String(entity['id'])) ?? []
    return {'@odata.context': `https://${host}/${version}/$metadata#applications('${entity['id']}')/federatedIdentityCredentials`, value: value.map((e) => select(e, sel))}
  }
  return {'@odata.context': `${context}/$entity`, ...select(entity, sel)}
}
