// Judges an access token's claims for app-only Exchange Online mail (microsoft-behaviour.md §2): audience,
// roles vs scp, tenant, object ID, expiry and issuer. Produces claims.* causes and plain notes.

import type {CauseId} from '../core/cause-ids.js'
import type {Cause, Confidence} from '../core/cause.js'
import {buildCause, type FixValues} from '../diagnosis/catalogue.js'
import {ROLE_FOR, type Protocol} from '../core/protocol.js'
import {CLOUD_ENDPOINTS, cloudsOfExchangeResource, EXCHANGE_RESOURCE_APP_ID, GRAPH_RESOURCE_APP_ID, type Cloud} from '../core/cloud.js'

export interface TokenClaims {
  aud?: string | string[]
  iss?: string
  tid?: string
  oid?: string
  sub?: string
  appid?: string
  azp?: string
  app_displayname?: string
  idtyp?: string
  roles?: string[]
  scp?: string
  ver?: string
  exp?: number
  nbf?: number
  iat?: number
  [claim: string]: unknown
}

export interface ClaimsExpectations {
  protocols?: Protocol[]
  tenantId?: string
  clientId?: string
  /** The ObjectId given to New-ServicePrincipal, when known. */
  exchangeObjectId?: string
  mailbox?: string
  cloud?: Cloud
  /** Seconds since the epoch; defaults to now. */
  now?: number
}

export interface ClaimsJudgement {
  causes: Cause[]
  notes: string[]
  /** The cloud whose Exchange resource the audience names, if any. */
  cloud?: Cloud
  /** 'v1' (sts.windows.net issuer) or 'v2' (…/v2.0 issuer). */
  issuerVersion?: 'v1' | 'v2'
  expiresAt?: string
}

const CHECK = 'token.claims'

function audiences(aud: TokenClaims['aud']): string[] {
  return aud === undefined ? [] : Array.isArray(aud) ? aud : [aud]
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString()
}

export function judgeClaims(claims: TokenClaims, expect: ClaimsExpectations = {}): ClaimsJudgement {
  const notes: string[] = []
  const causes: Cause[] = []
  const now = expect.now ?? Math.floor(Date.now() / 1000)
  const clientId = claims.appid ?? claims.azp
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : []
  const v: FixValues = {
    tenantId: expect.tenantId ?? claims.tid,
    clientId: expect.clientId ?? clientId,
    appDisplayName: claims.app_displayname,
    enterpriseObjectId: claims.oid,
    exchangeObjectId: expect.exchangeObjectId,
    mailbox: expect.mailbox,
    cloud: expect.cloud,
    roles,
  }
  const add = (id: CauseId, confidence: Confidence, evidence: Record<string, unknown>, extra: Partial<FixValues> = {}, summary?: string) =>
    causes.push(buildCause(id, {confidence, evidence, checks: [CHECK], summary}, {...v, ...extra}))

  const judgement: ClaimsJudgement = {causes, notes}

  // Audience: an Exchange resource of some cloud (URI or, in v2 tokens, the resource's app ID).
  const auds = audiences(claims.aud)
  const exchangeClouds = auds.flatMap((a) => cloudsOfExchangeResource(a))
  const isExchangeAppId = auds.some((a) => a.toLowerCase() === EXCHANGE_RESOURCE_APP_ID)
  if (exchangeClouds.length > 0 || isExchangeAppId) {
    const cloud = exchangeClouds[0] ?? expect.cloud ?? 'global'
    judgement.cloud = cloud
    const aud = auds[0]!
    if (exchangeClouds.length > 0 && aud.replace(/\/+$/, '') !== CLOUD_ENDPOINTS[cloud].exchangeResource) {
      notes.push(`aud ${aud} names Exchange Online, but Microsoft documents ${CLOUD_ENDPOINTS[cloud].exchangeResource}/.default for app-only SMTP/IMAP/POP; prefer that scope if logins fail.`)
    } else notes.push(`aud ${aud} is Exchange Online (${CLOUD_ENDPOINTS[cloud].label}).`)
    if (expect.cloud && exchangeClouds.length > 0 && !exchangeClouds.includes(expect.cloud)) {
      add('config.cloud-mismatch', 'likely', {aud}, {cloudDetail: `the token is for ${CLOUD_ENDPOINTS[cloud].label}, the settings for ${CLOUD_ENDPOINTS[expect.cloud].label}`})
    }
  } else {
    const aud = auds.join(', ') || '(none)'
    const graph = auds.some((a) => /graph\.microsoft|microsoftgraph\.chinacloudapi/i.test(a) || a.toLowerCase() === GRAPH_RESOURCE_APP_ID)
    add(
      'claims.wrong-audience',
      'certain',
      {aud},
      {audience: aud},
      graph ? 'The token is for Microsoft Graph, not Exchange Online' : undefined,
    )
  }

  // Who the token is for: an app (roles) or a user (scp).
  const delegated = typeof claims.scp === 'string' || claims.idtyp === 'user'
  if (delegated) {
    add('claims.delegated-token', 'certain', {scp: claims.scp, idtyp: claims.idtyp, roles})
  } else if (roles.length === 0) {
    add('claims.no-application-roles', 'certain', {roles: []})
  } else {
    const wanted = expect.protocols && expect.protocols.length > 0 ? expect.protocols : undefined
    if (wanted) {
      const missing = wanted.map((p) => ROLE_FOR[p]).filter((r) => !roles.includes(r))
      if (missing.length > 0) {
        add('claims.missing-role', 'certain', {roles, missing}, {missingRoles: missing, protocol: wanted.length === 1 ? wanted[0] : undefined}, `The token has no ${missing.join(', ')} role`)
      }
    } else {
      const mailRoles = Object.values(ROLE_FOR).filter((r) => roles.includes(r))
      if (mailRoles.length === 0) {
        add('claims.missing-role', 'likely', {roles}, {missingRoles: Object.values(ROLE_FOR)}, `The token has none of ${Object.values(ROLE_FOR).join(', ')}`)
      } else notes.push(`roles cover ${Object.entries(ROLE_FOR).filter(([, r]) => roles.includes(r)).map(([p]) => p.toUpperCase()).join(', ')}.`)
    }
  }
  if (claims.idtyp === 'app') notes.push('idtyp is app: an app-only token.')
  else if (claims.idtyp === undefined && !delegated) notes.push('No idtyp claim (it is optional); roles without scp mean an app-only token.')

  if (clientId) notes.push(`${claims.appid ? 'appid' : 'azp'} (client ID) is ${clientId}${claims.app_displayname ? ` (${claims.app_displayname})` : ''}.`)
  if (expect.clientId && clientId && expect.clientId.toLowerCase() !== clientId.toLowerCase()) {
    notes.push(`The token was issued to client ${clientId}, but the settings name ${expect.clientId}.`)
  }

  // Tenant.
  if (claims.tid) notes.push(`tid (tenant) is ${claims.tid}.`)
  if (expect.tenantId && claims.tid && expect.tenantId.toLowerCase() !== claims.tid.toLowerCase()) {
    add('claims.wrong-tenant', 'certain', {tid: claims.tid, expected: expect.tenantId}, {tokenTenantId: claims.tid, tenantId: expect.tenantId})
  }

  // Object ID: what New-ServicePrincipal must have been given.
  if (claims.oid) {
    notes.push(
      `oid ${claims.oid} is the enterprise application's object ID: it must equal the ObjectId given to New-ServicePrincipal (Get-ServicePrincipal in Exchange Online) and the Object ID under Enterprise applications, not the app registration's.`,
    )
    if (expect.exchangeObjectId && expect.exchangeObjectId.toLowerCase() !== claims.oid.toLowerCase()) {
      add('exchange.service-principal-wrong-object-id', 'certain', {oid: claims.oid, exchangeObjectId: expect.exchangeObjectId})
    }
  }

  // Lifetime.
  if (typeof claims.exp === 'number') {
    judgement.expiresAt = iso(claims.exp)
    if (claims.exp <= now) add('claims.expired', 'certain', {exp: judgement.expiresAt}, {expiredAt: judgement.expiresAt})
    else notes.push(`Expires ${judgement.expiresAt} (in ${Math.round((claims.exp - now) / 60)} min).`)
  }
  if (typeof claims.nbf === 'number' && claims.nbf > now + 300) notes.push(`Not valid before ${iso(claims.nbf)}: check the clock.`)

  // Issuer: v1 (sts.windows.net, which Exchange tokens use) or v2.
  if (typeof claims.iss === 'string') {
    const v1 = /^https:\/\/sts\.(?:windows\.net|chinacloudapi\.cn)\/([^/]+)\/$/i.exec(claims.iss)
    const v2 = /^https:\/\/[^/]+\/([^/]+)\/v2\.0\/?$/i.exec(claims.iss)
    judgement.issuerVersion = v1 ? 'v1' : v2 ? 'v2' : undefined
    const issTenant = (v1 ?? v2)?.[1]
    notes.push(`iss ${claims.iss}${judgement.issuerVersion ? ` (${judgement.issuerVersion} issuer)` : ' (not an Entra ID issuer)'}.`)
    if (issTenant && claims.tid && issTenant.toLowerCase() !== claims.tid.toLowerCase()) {
      notes.push(`The issuer names tenant ${issTenant} but tid is ${claims.tid}.`)
    }
  }
  return judgement
}
