// graph.access: with the same credentials, read the app's own service principal and application from Graph.
// A service principal may read its own objects without any Graph permission; if even that is refused,
// the Graph checks say what they could not check (information, not a failure).
import {buildCause} from '../../diagnosis/catalogue.js'
import {createGraphReader, type GraphFailure, type GraphReader, type GraphResult} from '../../probes/graph.js'
import {authorityFor} from '../../probes/token.js'
import {tokenRequestKey} from '../../fleet/shared-requests.js'
import {CLOUD_ENDPOINTS} from '../../core/cloud.js'
import type {Check, CheckContext} from '../check.js'
import type {CheckOutcome} from '../../core/check.js'
import type {CauseId} from '../../core/cause-ids.js'
import {psArg} from '../../diagnosis/powershell.js'
import {fixValuesFromSettings} from '../../diagnosis/fix-values.js'
import {presentedCredential, requestToken} from '../token/acquire.js'
import {setGraphFacts, type GraphApplication, type GraphServicePrincipal} from './facts.js'

export const describeGraphFailure = (f: GraphFailure): string =>
  `${f.status || 'no answer'} ${f.code}${f.requestId ? ` (request-id ${f.requestId})` : ''}`

export const graphAccess: Check = {
  id: 'graph.access',
  title: 'Read the app and its service principal from Microsoft Graph',
  needs: ['token.acquire'],
  async run(ctx) {
    const {settings} = ctx
    const graphHost = CLOUD_ENDPOINTS[settings.cloud].graphHost
    const credential = presentedCredential(ctx)
    if (!credential?.ok) return {status: 'warn', summary: 'not checked: no credential to ask Graph with', evidence: {graphHost}}
    const request = {
      cloud: settings.cloud, authority: authorityFor(settings.cloud, settings.tenant!, settings.tokenUrl, settings.authorityHost),
      clientId: settings.clientId!, credential: credential.credential, scope: `https://${graphHost}/.default`, network: ctx.network,
      signal: ctx.signal, deadline: ctx.deadline,
    }
    const token = await requestToken(ctx, request)
    if (!token.ok) {
      return {status: 'warn', summary: `not checked: no Graph token (${token.failure.description})`, evidence: {graphHost, failure: token.failure}}
    }
    // The reader outlives this check (graph.permissions reads through it): bounded per request, not by this signal.
    const reader = sharedReader(ctx, createGraphReader(graphHost, token.token, ctx.network, ctx.options.timeoutMs), tokenRequestKey(request))
    const appId = settings.clientId!
    const [spReply, appReply] = await Promise.all([
      reader.get<unknown>(`/servicePrincipals(appId='${appId}')?$select=id,appId,displayName,accountEnabled`),
      reader.get<unknown>(`/applications(appId='${appId}')?$select=id,appId,displayName,requiredResourceAccess,passwordCredentials,keyCredentials`),
    ])
    const sp = checked(spReply, servicePrincipalOf)
    const app = checked(appReply, applicationOf)
    const transport = [sp, app].map((r) => (r.ok ? undefined : r.failure)).find((f) => f?.transport)
    if (transport?.transport) return graphUnreachable(ctx, graphHost, transport)
    const notChecked: string[] = []
    if (!sp.ok) notChecked.push(`the enterprise application (${describeGraphFailure(sp.failure)}${because(sp.failure)})`)
    if (!app.ok) notChecked.push(`the app registration (${describeGraphFailure(app.failure)}${because(app.failure)})`)
    const servicePrincipal = sp.ok ? sp.value : undefined
    const application = app.ok ? app.value : undefined
    setGraphFacts(ctx, {reader, servicePrincipal, application, notChecked})
    const evidence = {
      graphHost, servicePrincipalId: servicePrincipal?.id, accountEnabled: servicePrincipal?.accountEnabled,
      applicationObjectId: application?.id, displayName: servicePrincipal?.displayName ?? application?.displayName, notChecked,
    }
    if (servicePrincipal?.accountEnabled === false) {
      return {
        status: 'fail', summary: 'the enterprise application is disabled', evidence,
        causes: [buildCause('graph.service-principal-disabled', {confidence: 'certain', evidence, checks: ['graph.access']},
          {...fixValuesFromSettings(settings), enterpriseObjectId: servicePrincipal.id, appDisplayName: servicePrincipal.displayName})],
      }
    }
    if (!servicePrincipal && !application) return {status: 'warn', summary: `not checked: ${notChecked.join('; ')}`, evidence}
    const parts = [
      servicePrincipal ? `enterprise app object ID ${servicePrincipal.id}` : undefined,
      application ? `app registration object ID ${application.id}` : undefined,
    ].filter(Boolean)
    return {status: notChecked.length > 0 ? 'warn' : 'pass', summary: parts.join(', ') + (notChecked.length ? `; not checked: ${notChecked.join('; ')}` : ''), evidence}
  },
}

/**
 * In a fleet run, what Graph says about the app is read once per app token and path; a mailbox's own reads
 * (/users/…) are its target's alone.
 */
function sharedReader(ctx: CheckContext, reader: GraphReader, appKey: string): GraphReader {
  const shared = ctx.options.shared
  if (!shared) return reader
  return {get: <T>(path: string) => shared.graph<T>(/^\/users\//i.test(path) ? undefined : `${appKey} ${path}`, () => reader.get<T>(path))}
}

/** Only a refusal (401/403) is a missing permission; a malformed reply or server error is not. */
const because = (f: GraphFailure): string =>
  f.status === 401 || f.status === 403 ? '; Application.Read.All would allow it' : f.code === 'malformed_reply' ? `: ${f.message}` : ''

function checked<T>(r: GraphResult<unknown>, shape: (v: Record<string, unknown>) => T | string): GraphResult<T> {
  if (!r.ok) return r
  const v = shape(r.value as Record<string, unknown>)
  return typeof v === 'string' ? {ok: false, failure: {status: 200, code: 'malformed_reply', message: `Graph's reply ${v}`}} : {ok: true, value: v}
}

const str = (v: unknown): v is string => typeof v === 'string'
const optStr = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string'

function servicePrincipalOf(v: Record<string, unknown>): GraphServicePrincipal | string {
  if (!str(v.id) || !str(v.appId)) return 'has no string id/appId'
  if (!optStr(v.displayName)) return 'has a displayName that is not a string'
  if (v.accountEnabled !== undefined && v.accountEnabled !== null && typeof v.accountEnabled !== 'boolean') return 'has an accountEnabled that is not true/false'
  return {id: v.id, appId: v.appId, displayName: (v.displayName as string | null) ?? undefined, accountEnabled: (v.accountEnabled as boolean | null) ?? undefined}
}

function applicationOf(v: Record<string, unknown>): GraphApplication | string {
  if (!str(v.id) || !str(v.appId)) return 'has no string id/appId'
  if (!optStr(v.displayName)) return 'has a displayName that is not a string'
  const rra = v.requiredResourceAccess ?? []
  const okAccess = Array.isArray(rra) && rra.every((r: unknown) => {
    const x = r as {resourceAppId?: unknown; resourceAccess?: unknown} | null
    return x !== null && typeof x === 'object' && str(x.resourceAppId) && Array.isArray(x.resourceAccess) &&
      (x.resourceAccess as unknown[]).every((a) => a !== null && typeof a === 'object' && str((a as {id?: unknown}).id) && ['Role', 'Scope'].includes((a as {type?: unknown}).type as string))
  })
  if (!okAccess) return 'has a requiredResourceAccess that is not a list of {resourceAppId, resourceAccess[{id, type}]}'
  const creds = v.passwordCredentials ?? []
  const okCreds = Array.isArray(creds) && creds.every((c: unknown) => {
    const x = c as Record<string, unknown> | null
    return x !== null && typeof x === 'object' && str(x.keyId) && optStr(x.displayName) && optStr(x.hint) && optStr(x.endDateTime)
  })
  if (!okCreds) return 'has passwordCredentials that are not a list of {keyId, endDateTime…}'
  const keys = v.keyCredentials ?? []
  const okKeys = Array.isArray(keys) && keys.every((c: unknown) => {
    const x = c as Record<string, unknown> | null
    return x !== null && typeof x === 'object' && str(x.keyId) && optStr(x.displayName) && optStr(x.customKeyIdentifier) && optStr(x.endDateTime) && optStr(x.startDateTime)
  })
  if (!okKeys) return 'has keyCredentials that are not a list of {keyId, endDateTime…}'
  return {
    id: v.id, appId: v.appId, displayName: (v.displayName as string | null) ?? undefined,
    requiredResourceAccess: rra as GraphApplication['requiredResourceAccess'], passwordCredentials: creds as GraphApplication['passwordCredentials'],
    keyCredentials: keys as GraphApplication['keyCredentials'],
  }
}

/** Graph could not be reached: a network cause (a warning: the mail itself does not need Graph). */
function graphUnreachable(ctx: CheckContext, graphHost: string, f: GraphFailure): CheckOutcome {
  const t = f.transport!
  const id: CauseId = t.code === 'EPROXY' ? 'network.proxy-failure'
    : /^(ENOTFOUND|EAI_AGAIN|EAI_FAIL)$/.test(t.code) ? 'network.dns-failure'
    : t.code === 'ECONNREFUSED' ? 'network.connection-refused'
    : t.code === 'ETIMEDOUT' ? 'network.timeout'
    : t.code === 'ERESPONSETOOLARGE' ? 'network.unexpected-reply'
    : /CERT|SELF_SIGNED|UNABLE_TO|ALTNAME|ERR_TLS|ERR_SSL/.test(t.code) ? 'network.tls-failure'
    : 'network.connection-reset'
  const evidence = {graphHost, code: t.code, step: t.step, message: f.message}
  const summary = `Graph ${graphHost} could not be used: ${f.message}`
  const cause = buildCause(id, {severity: 'warning', confidence: 'certain', summary, explanation: `${summary} (while waiting for the ${t.step}). The mail checks do not need Graph; the permission checks could not run.`, evidence, checks: ['graph.access']},
    {...fixValuesFromSettings(ctx.settings), host: graphHost, port: 443})
  cause.remediation = {
    steps: [`From this machine, check that HTTPS (port 443) to ${graphHost} works, and whether the network requires a proxy (HTTPS_PROXY).`],
    powershell: [`Test-NetConnection -ComputerName ${psArg(graphHost, 'host')} -Port 443`],
  }
  return {status: 'warn', summary, evidence, causes: [cause]}
}
