// token.claims: the token is an app-only token for Exchange Online, of this tenant, with each protocol's role.
// The judgement is judge-claims.ts's, the same one `decode` gives for the same token.
import {isGuid} from '../../settings/formats.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from '../../diagnosis/fix-values.js'
import {outcomeFromCauses} from '../config/outcome.js'
import {exchangeToken} from './facts.js'
import {judgeClaims, type TokenClaims} from './judge-claims.js'
import {rolesOf} from '../../core/protocol.js'

export const tokenClaims: Check = {
  id: 'token.claims',
  title: 'Token claims: audience, tenant, roles, object ID',
  needs: ['token.acquire'],
  async run(ctx) {
    const {settings} = ctx
    const claims = exchangeToken(ctx)!.claims as TokenClaims
    const roles = rolesOf(claims)
    const aud = Array.isArray(claims.aud) ? claims.aud.join(', ') : String(claims.aud ?? '')
    const oid = typeof claims.oid === 'string' ? claims.oid : undefined
    const evidence = {aud, tid: claims.tid, oid, appid: claims.appid, idtyp: claims.idtyp, roles: roles ?? null, scp: claims.scp, ver: claims.ver, exp: claims.exp}
    const {causes} = judgeClaims(claims, {
      protocols: settings.protocols, cloud: settings.cloud, clientId: settings.clientId, mailbox: settings.mailbox,
      // A tenant given as a domain cannot be compared with tid; a GUID can.
      tenantId: settings.tenant && isGuid(settings.tenant) ? settings.tenant : undefined,
      exchangeObjectId: settings.exchangeObjectId,
      now: Math.floor(ctx.options.now().getTime() / 1000),
      values: fixValuesFromSettings(settings),
    })
    return outcomeFromCauses(causes, `app token for ${aud}; roles: ${roles?.join(', ') || 'none'}; oid ${oid ?? '?'}`, evidence)
  },
}
