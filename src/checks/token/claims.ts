// token.claims: the token is an app token for Exchange Online, of this tenant, with each protocol's role.
import {buildCause} from '../../diagnosis/catalogue.js'
import type {Cause} from '../../core/cause.js'
import {CLOUD_ENDPOINTS, cloudsOfExchangeResource} from '../../core/cloud.js'
import {isGuid} from '../../settings/formats.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from '../config/fix-values.js'
import {outcomeFromCauses} from '../config/outcome.js'
import {exchangeToken} from './facts.js'
import {ROLE_FOR, rolesOf} from '../../core/protocol.js'

export const tokenClaims: Check = {
  id: 'token.claims',
  title: 'Token claims: audience, tenant, roles, object ID',
  needs: ['token.acquire'],
  async run(ctx) {
    const {settings} = ctx
    const {claims} = exchangeToken(ctx)!
    const roles = rolesOf(claims)
    const aud = String(claims.aud ?? '')
    const oid = typeof claims.oid === 'string' ? claims.oid : undefined
    const tid = typeof claims.tid === 'string' ? claims.tid : undefined
    const v = {
      ...fixValuesFromSettings(settings), tenantId: tid, enterpriseObjectId: oid, audience: aud, roles,
      appDisplayName: typeof claims.app_displayname === 'string' ? claims.app_displayname : undefined,
    }
    const evidence = {aud, tid, oid, appid: claims.appid, idtyp: claims.idtyp, roles: roles ?? null, scp: claims.scp, ver: claims.ver, exp: claims.exp}
    const causes: Cause[] = []
    const cause = (id: Parameters<typeof buildCause>[0], summary: string, extra: object = {}): void => {
      causes.push(buildCause(id, {confidence: 'certain', summary, evidence, checks: ['token.claims']}, {...v, ...extra}))
    }
    const exchangeClouds = cloudsOfExchangeResource(aud)
    const wrongAudience = exchangeClouds.length === 0 && !aud.startsWith(CLOUD_ENDPOINTS[settings.cloud].exchangeResource)
    if (wrongAudience) {
      cause('claims.wrong-audience', `The token is for ${aud || 'no audience'}, not Exchange Online (${CLOUD_ENDPOINTS[settings.cloud].exchangeResource})`)
    }
    if (claims.scp !== undefined || (claims.idtyp !== undefined && claims.idtyp !== 'app')) {
      cause('claims.delegated-token', 'The token is a user (delegated) token, not an app-only token')
    }
    if (typeof claims.exp === 'number' && claims.exp * 1000 < ctx.options.now().getTime()) {
      cause('claims.expired', `The token expired at ${new Date(claims.exp * 1000).toISOString()}`, {expiredAt: new Date(claims.exp * 1000).toISOString()})
    }
    if (tid && settings.tenant && isGuid(settings.tenant) && tid.toLowerCase() !== settings.tenant.toLowerCase()) {
      cause('claims.wrong-tenant', `The token was issued by tenant ${tid}, not ${settings.tenant}`, {tokenTenantId: tid})
    }
    const needed = settings.protocols.map((p) => ROLE_FOR[p])
    // Another resource's token carries that resource's roles: judging them against Exchange's says nothing new.
    if (wrongAudience) {
      // nothing: claims.wrong-audience is the finding
    } else if (roles === undefined || roles.length === 0) {
      cause('claims.no-application-roles', 'The token has no roles: no Exchange application permission has admin consent', {missingRoles: needed})
    } else {
      const missing = needed.filter((r) => !roles.includes(r))
      if (missing.length > 0) {
        cause('claims.missing-role', `The token has no ${missing.join(' or ')} role`, {missingRoles: missing})
      }
    }
    if (oid && settings.exchangeObjectId && oid.toLowerCase() !== settings.exchangeObjectId.toLowerCase()) {
      causes.push(buildCause('exchange.service-principal-wrong-object-id', {
        confidence: 'certain',
        summary: `New-ServicePrincipal was given ${settings.exchangeObjectId}, but the enterprise application's object ID (the token's oid) is ${oid}`,
        evidence, checks: ['token.claims'],
      }, v))
    }
    return outcomeFromCauses(causes, `app token for ${aud}; roles: ${roles?.join(', ') || 'none'}; oid ${oid ?? '?'}`, evidence)
  },
}
