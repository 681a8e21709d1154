// token.acquire: get an app-only token for Exchange Online with the product's settings, through MSAL.
import {jwtDecode} from 'jwt-decode'
import {buildCause} from '../../diagnosis/catalogue.js'
import type {CauseId} from '../../core/cause-ids.js'
import {aadstsInfo} from '../../knowledge/aadsts-codes.js'
import {CAUSE_OF_NETWORK_FAILURE, networkFailureOf} from '../../core/network-error.js'
import {isGuid} from '../../settings/formats.js'
import {acquireAppToken, authorityFor, type TokenFailure} from '../../probes/token.js'
import type {Check, CheckContext} from '../check.js'
import type {CheckOutcome} from '../../core/check.js'
import {fixValuesFromSettings} from '../../diagnosis/fix-values.js'
import {msalScope} from '../config/scope.js'
import {setExchangeToken} from './facts.js'
import {credentialFor, type CredentialResult} from './credential.js'
import {credentialFailureOf} from './credential-failure.js'

export const tokenAcquire: Check = {
  id: 'token.acquire',
  title: 'Get an app-only token',
  needs: ['config.values', 'config.certificate'],
  async run(ctx) {
    const {settings} = ctx
    const authority = authorityFor(settings.cloud, settings.tenant!, settings.tokenUrl, settings.authorityHost)
    const credential = await credentialFor(settings, {timeoutMs: ctx.options.timeoutMs})
    if (!credential.ok) return {status: 'fail', summary: `no token requested: ${credential.problem}`, evidence: {authority}}
    ctx.facts.credential = credential
    const result = await acquireAppToken({
      cloud: settings.cloud, authority, clientId: settings.clientId!, credential: credential.credential,
      scope: msalScope(settings), network: ctx.network,
    })
    if (!result.ok) return failed(ctx, result.failure, authority, credential)
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

/** What token.acquire presented: the loaded certificate and the federated token's claims (facts for later checks). */
export function presentedCredential(ctx: Pick<CheckContext, 'facts'>): CredentialResult | undefined {
  return ctx.facts.credential
}

function credentialValues(credential: CredentialResult): Record<string, unknown> {
  if (!credential.ok) return {}
  const c = credential.certificate
  const f = credential.federated
  return {
    ...(c ? {thumbprintSha1: c.thumbprintSha1, thumbprintSha256: c.thumbprintSha256} : {}),
    ...(f ? {federatedIssuer: f.issuer, federatedSubject: f.subject, federatedAudience: f.audience} : {}),
  }
}

function failed(ctx: CheckContext, failure: TokenFailure, authority: string, credential: CredentialResult): CheckOutcome {
  const {settings} = ctx
  const presented = credentialValues(credential)
  const evidence = {authority, scope: settings.scope, credential: credential.ok ? credential.credential.kind : undefined, ...presented, ...failure}
  const v = {
    ...fixValuesFromSettings(settings), ...presented, certificatePath: settings.certificate?.file,
    aadstsCode: failure.aadsts, correlationId: failure.correlationId, traceId: failure.traceId, timestamp: failure.timestamp,
  }
  if (failure.kind !== 'server') {
    const host = new URL(authority).host
    const network = networkFailureOf(`${failure.errorCode} ${failure.description}`)
    return {
      status: 'fail',
      summary: `could not reach the token endpoint ${host}: ${failure.description}`,
      evidence,
      // An error that names no known network failure is left unexplained rather than called a refusal.
      causes: network ? [buildCause(CAUSE_OF_NETWORK_FAILURE[network.kind], {
        confidence: 'likely', summary: `The token endpoint ${host} could not be reached (${network.code})`, evidence, checks: ['token.acquire'],
      }, {...v, host, port: 443, networkCode: network.code})] : [],
    }
  }
  const assertion = credentialFailureOf(failure.aadsts, failure.description, ctx.options.now())
  if (assertion) {
    // The presented token's own claims are more complete than the one claim Entra's text names.
    const values = {...assertion.values, ...v}
    const presentedValue = assertion.field === 'issuer' ? values.federatedIssuer : assertion.field === 'subject' ? values.federatedSubject : assertion.field === 'audience' ? values.federatedAudience : undefined
    if (presentedValue !== undefined) assertion.summary = assertion.summary.replace(`its ${assertion.field}`, `its ${assertion.field} "${presentedValue}"`)
    return {
      status: 'fail',
      summary: `Microsoft refused the token request: ${assertion.summary} (AADSTS${failure.aadsts})`,
      evidence: {...evidence, ...assertion.values, ...(assertion.field ? {mismatchedField: assertion.field, caseOnly: assertion.caseOnly} : {})},
      causes: [buildCause(assertion.cause, {confidence: 'certain', summary: assertion.summary.replace(/^./, (c) => c.toUpperCase()), evidence, checks: ['token.acquire']}, values)],
    }
  }
  // The sentence after the code can make a shared code more specific (e.g. 700027 "The key used is expired").
  const known = failure.aadsts ? aadstsInfo(failure.aadsts, failure.description) : undefined
  let id: CauseId = known?.cause ?? 'token.unknown-error'
  // A GUID secret refused as invalid is the Secret ID pasted instead of the Value: the specific cause wins.
  if (failure.aadsts === '7000215' && settings.clientSecret && isGuid(settings.clientSecret.reveal().trim())) id = 'config.secret-is-secret-id'
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
