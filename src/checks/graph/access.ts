// graph.access: with the same credentials, read the app's own service principal and application from Graph.
// A service principal may read its own objects without any Graph permission; if even that is refused,
// the Graph checks say what they could not check (information, not a failure).
import {buildCause} from '../../diagnosis/catalogue.js'
import {createGraphReader, type GraphFailure} from '../../probes/graph.js'
import {acquireAppToken, authorityFor} from '../../probes/token.js'
import {CLOUD_ENDPOINTS} from '../../core/cloud.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from '../config/fix-values.js'
import {presentedCredential} from '../token/acquire.js'
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
    const token = await acquireAppToken({
      cloud: settings.cloud, authority: authorityFor(settings.cloud, settings.tenant!, settings.tokenUrl, settings.authorityHost),
      clientId: settings.clientId!, credential: credential.credential, scope: `https://${graphHost}/.default`, network: ctx.network,
    })
    if (!token.ok) {
      return {status: 'warn', summary: `not checked: no Graph token (${token.failure.description})`, evidence: {graphHost, failure: token.failure}}
    }
    const reader = createGraphReader(graphHost, token.token, ctx.network, ctx.options.timeoutMs)
    const appId = settings.clientId!
    const [sp, app] = await Promise.all([
      reader.get<GraphServicePrincipal>(`/servicePrincipals(appId='${appId}')?$select=id,appId,displayName,accountEnabled`),
      reader.get<GraphApplication>(`/applications(appId='${appId}')?$select=id,appId,displayName,requiredResourceAccess,passwordCredentials,keyCredentials`),
    ])
    const notChecked: string[] = []
    if (!sp.ok) notChecked.push(`the enterprise application (${describeGraphFailure(sp.failure)}; Application.Read.All would allow it)`)
    if (!app.ok) notChecked.push(`the app registration (${describeGraphFailure(app.failure)}; Application.Read.All would allow it)`)
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
