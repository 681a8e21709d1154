// `decode` and `check` (token.claims) judge the same token the same way: one token, both paths, same cause IDs.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {SignJWT} from 'jose'
import {jwtDecode} from 'jwt-decode'
import type {CheckContext} from '../../src/checks/check.js'
import {tokenClaims} from '../../src/checks/token/claims.js'
import {setExchangeToken} from '../../src/checks/token/facts.js'
import type {Protocol} from '../../src/core/protocol.js'
import {Secret} from '../../src/core/secret.js'
import {decodeInput} from '../../src/decode/decode-input.js'
import {defaultRunOptions} from '../../src/doctor/run-doctor.js'
import {mergeSettings} from '../../src/settings/load-settings.js'

const TID = '11111111-2222-3333-4444-555555555555'
const APP = '9a1b2c3d-0000-4000-8000-00000000abcd'
const OID = '77e0aaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'
const KEY = new TextEncoder().encode('lab-signing-key-lab-signing-key-!!')
const NOW = Math.floor(Date.now() / 1000)

async function token(overrides: Record<string, unknown>, drop: string[] = []): Promise<string> {
  const claims: Record<string, unknown> = {
    aud: 'https://outlook.office365.com', iss: `https://sts.windows.net/${TID}/`, iat: NOW - 60, nbf: NOW - 60, exp: NOW + 3600,
    appid: APP, idtyp: 'app', oid: OID, sub: OID, tid: TID, roles: ['SMTP.SendAsApp', 'IMAP.AccessAsApp'], ver: '1.0', ...overrides,
  }
  for (const d of drop) delete claims[d]
  return new SignJWT(claims).setProtectedHeader({alg: 'HS256', typ: 'JWT'}).sign(KEY)
}

async function viaCheck(jwt: string, protocols: Protocol[], exchangeObjectId?: string): Promise<string[]> {
  const {settings, sources} = mergeSettings([{source: 'flag', nameOf: (k) => k, values: {
    tenant: TID, clientId: APP, clientSecret: 'Qx8~same.judgement-0001', mailbox: 'sender@contoso.com', protocols, exchangeObjectId,
  }}])
  const ctx: CheckContext = {settings, sources, options: defaultRunOptions(), results: new Map(), facts: {}, signal: new AbortController().signal}
  setExchangeToken(ctx, {token: new Secret(jwt), claims: jwtDecode<Record<string, unknown>>(jwt)})
  const outcome = await tokenClaims.run(ctx)
  return (outcome.causes ?? []).map((c) => c.id).sort()
}

function viaDecode(jwt: string, protocols: Protocol[], exchangeObjectId?: string): string[] {
  return decodeInput(jwt, {protocols, tenantId: TID, clientId: APP, exchangeObjectId, cloud: 'global'}).causes.map((c) => c.id).sort()
}

const CASES: [string, Record<string, unknown>, string[], string[]][] = [
  ['a healthy app token', {}, [], []],
  ['aud as the Exchange app ID (v2 form)', {aud: '00000002-0000-0ff1-ce00-000000000000'}, [], []],
  ['idtyp device', {idtyp: 'device'}, [], ['claims.delegated-token']],
  ['a user token (scp)', {scp: 'SMTP.Send', idtyp: 'user'}, ['roles'], ['claims.delegated-token']],
  ['no idtyp, roles only', {}, ['idtyp'], []],
  ['a Graph token', {aud: 'https://graph.microsoft.com', roles: ['Mail.Send']}, [], ['claims.wrong-audience']],
  ['no roles', {}, ['roles'], ['claims.no-application-roles']],
  ['IMAP role missing', {roles: ['SMTP.SendAsApp']}, [], ['claims.missing-role']],
  ['expired', {exp: NOW - 600}, [], ['claims.expired']],
  ['another tenant', {tid: '99999999-2222-3333-4444-555555555555'}, [], ['claims.wrong-tenant']],
]

describe('one claims judge for check and decode', () => {
  for (const [name, overrides, drop, expected] of CASES) {
    it(name, async () => {
      const jwt = await token(overrides, drop)
      const check = await viaCheck(jwt, ['smtp', 'imap'])
      assert.deepEqual(check, expected, 'check')
      assert.deepEqual(viaDecode(jwt, ['smtp', 'imap']), check, 'decode agrees with check')
    })
  }

  it('the object ID given to New-ServicePrincipal is compared the same way', async () => {
    const jwt = await token({})
    const other = '33330000-1111-4222-8333-444444444444'
    assert.deepEqual(await viaCheck(jwt, ['smtp'], other), ['exchange.service-principal-wrong-object-id'])
    assert.deepEqual(viaDecode(jwt, ['smtp'], other), ['exchange.service-principal-wrong-object-id'])
  })
})
