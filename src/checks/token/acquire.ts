// token.acquire: get an app-only token for Exchange Online with the product's settings, through MSAL.
import {jwtDecode} from 'jwt-decode'
import {buildCause} from '../../diagnosis/catalogue.js'
import type {CauseId} from '../../core/cause-ids.js'
import {AADSTS_BY_CODE} from '../../knowledge/aadsts-codes.js'
import {isGuid} from '../../settings/formats.js'
import {acquireAppToken, authorityFor, type TokenFailure} from '../../probes/token.js'
import type {Check, CheckContext} from '../check.js'
import type {CheckOutcome} from '../../core/check.js'
import {fixValuesFromSettings} from '../config/fix-values.js'
import {msalScope} from '../config/scope.js'
import {setExchangeToken} from './facts.js'

export const tokenAcquire: Check = {
  id: 'token.acquire',
  title: 'Get an app-only token',
  needs: ['config.values'],
  async run(ctx) {
    const {settings} = ctx
    const authority = authorityFor(settings.cloud, settings.tenant!, settings.tokenUrl)
    const result = await acquireAppToken({
      cloud: settings.cloud, authority, clientId: settings.clientId!, clientSecret: settings.clientSecret!,
      scope: msalScope(settings), network: ctx.network,
    })
    if (!result.ok) return failed(ctx, result.failure, authority)
    const claims = jwtDecode<Record<string, unknown>>(result.token.reveal())
    setExchangeToken(ctx, {token: result.token, claims})
    const minutes = result.expiresOn ? Math.round((result.expiresOn.getTime() - ctx.options.now().getTime()) / 60000) : undefined
    return {
      status: 'pass',
      summary: `token for ${String(claims.aud)}${minutes === undefined ? '' : `, expires in ${minutes} min`}`,
      evidence: {authority, scope: settings.scope, token: result.token.preview(), aud: claims.aud, tid: claims.tid, appid: claims.appid, oid: claims.oid, roles: claims.roles ?? [], idtyp: claims.idtyp, ver: claims.ver},
    }
  },
}

function failed(ctx: CheckContext, failure: TokenFailure, authority: string): CheckOutcome {
  const {settings} = ctx
  const evidence = {authority, scope: settings.scope, ...failure}
  const v = {...fixValuesFromSettings(settings), aadstsCode: failure.aadsts, correlationId: failure.correlationId, traceId: failure.traceId, timestamp: failure.timestamp}
  if (failure.kind !== 'server') {
    const id: CauseId = /ENOTFOUND|EAI_AGAIN/.test(failure.description) ? 'network.dns-failure'
      : /certificate|self.signed|CERT_/i.test(failure.description) ? 'network.tls-failure'
      : /ETIMEDOUT|timeout/i.test(failure.description) ? 'network.timeout' : 'network.connection-refused'
    return {
      status: 'fail',
      summary: `could not reach the token endpoint ${new URL(authority).host}: ${failure.description}`,
      evidence,
      causes: [buildCause(id, {confidence: 'likely', summary: `The token endpoint ${new URL(authority).host} could not be reached`, evidence, checks: ['token.acquire']}, {...v, host: new URL(authority).host, port: 443})],
    }
  }
  const known = failure.aadsts ? AADSTS_BY_CODE.get(failure.aadsts) : undefined
  let id: CauseId = known?.cause ?? 'token.unknown-error'
  // A GUID secret refused as invalid is the Secret ID pasted instead of the Value: the specific cause wins.
  if (failure.aadsts === '7000215' && isGuid(settings.clientSecret!.reveal().trim())) id = 'config.secret-is-secret-id'
  return {
    status: 'fail',
    summary: `Microsoft refused the token request: ${failure.description}`,
    evidence,
    causes: [buildCause(id, {
      confidence: id === 'config.secret-is-secret-id' ? 'certain' : known?.confidence ?? 'likely',
      evidence, checks: ['token.acquire'],
    }, v)],
  }
}
