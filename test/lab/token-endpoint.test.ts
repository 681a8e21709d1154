// The lab's token endpoint driven through MSAL itself (the doctor's own client), one test per decision rule.

import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {decodeProtectedHeader} from 'jose'
import type {LabHandle} from '../../src/lab/lab-types.js'
import {startLab} from '../../src/lab/start-lab.js'
import {
  APP_ID,
  decodeClaims,
  EXCHANGE_SCOPE,
  GRAPH_SCOPE,
  msalError,
  msalToken,
  type MsalRequest,
  scenarioFrom,
  SECRET_ID,
  SP_ID,
  TENANT_ID,
  withLab,
} from './lab-test-helpers.js'

interface AadstsAnswer {
  errorCode: string
  code: number
  status: number
  /** The start of the message after "AADSTS<code>: ". */
  text: string
}

async function expectAadsts(lab: LabHandle, request: MsalRequest, want: AadstsAnswer): Promise<void> {
  const e = await msalError(lab, request)
  assert.equal(e.errorCode, want.errorCode)
  assert.equal(String(e.errorNo), String(want.code))
  assert.equal(e.status, want.status)
  assert.ok(e.errorMessage.includes(`AADSTS${want.code}: ${want.text}`), `message was: ${e.errorMessage}`)
}

describe('token endpoint: the healthy tenant', () => {
  let lab: LabHandle
  before(async () => {
    lab = await startLab(await scenarioFrom('healthy'), {mail: false})
  })
  after(() => lab.close())

  it('issues a v1 app-only token with the claims of microsoft-behaviour.md §2.1', async () => {
    const result = await msalToken(lab)
    assert.ok(result)
    assert.equal(result.tokenType, 'Bearer')
    const claims = decodeClaims(result.accessToken)
    assert.deepEqual(Object.keys(claims), ['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'app_displayname', 'appid', 'appidacr', 'idp', 'idtyp', 'oid', 'rh', 'roles', 'sub', 'tid', 'uti', 'ver'])
    assert.equal(claims['aud'], 'https://outlook.office365.com')
    assert.equal(claims['iss'], `https://sts.windows.net/${TENANT_ID}/`)
    assert.equal(claims['idp'], claims['iss'])
    assert.equal(claims['appid'], APP_ID)
    assert.equal(claims['appidacr'], '1')
    assert.equal(claims['app_displayname'], 'Mailer')
    assert.equal(claims['idtyp'], 'app')
    assert.equal(claims['oid'], SP_ID)
    assert.equal(claims['sub'], SP_ID)
    assert.equal(claims['tid'], TENANT_ID)
    assert.equal(claims['ver'], '1.0')
    assert.deepEqual(claims['roles'], ['SMTP.SendAsApp', 'IMAP.AccessAsApp', 'POP.AccessAsApp'])
    const lifetime = (claims['exp'] as number) - (claims['iat'] as number)
    assert.ok(lifetime > 3800 && lifetime < 4000, `exp - iat = ${lifetime}`)
    assert.ok(Math.abs((claims['exp'] as number) - Date.now() / 1000 - 3599) < 5)
    const header = decodeProtectedHeader(result.accessToken)
    assert.equal(header.typ, 'JWT')
    assert.equal(header.alg, 'RS256')
    assert.ok(typeof header.kid === 'string' && header.kid.length > 20)
    assert.equal(header.x5t, header.kid)
  })

  it('signs tokens that verifyToken accepts, and rejects a tampered one', async () => {
    const result = await msalToken(lab)
    const token = result!.accessToken
    const verified = await lab.verifyToken(token)
    assert.equal(verified?.oid, SP_ID)
    const [h, p, s] = token.split('.')
    const forged = Buffer.from(JSON.stringify({...decodeClaims(token), roles: ['full_access_as_app']})).toString('base64url')
    assert.equal(await lab.verifyToken(`${h}.${forged}.${s}`), undefined)
    assert.equal(await lab.verifyToken(`${h}.${p}.${s!.slice(0, -4)}AAAA`), undefined)
    assert.equal(await lab.verifyToken('not-a-jwt'), undefined)
  })

  it('accepts the tenant ID as well as a verified domain', async () => {
    const claims = decodeClaims((await msalToken(lab, {tenant: TENANT_ID}))!.accessToken)
    assert.equal(claims['tid'], TENANT_ID)
  })

  it('uses the resource exactly as requested for aud (ps.outlook.com)', async () => {
    const claims = decodeClaims((await msalToken(lab, {scope: 'https://ps.outlook.com/.default'}))!.accessToken)
    assert.equal(claims['aud'], 'https://ps.outlook.com')
    assert.deepEqual(claims['roles'], ['SMTP.SendAsApp', 'IMAP.AccessAsApp', 'POP.AccessAsApp'])
  })

  it('gives a Graph token the Graph roles only', async () => {
    const claims = decodeClaims((await msalToken(lab, {scope: GRAPH_SCOPE}))!.accessToken)
    assert.equal(claims['aud'], 'https://graph.microsoft.com')
    assert.deepEqual(claims['roles'], ['Application.Read.All'])
  })

  // One decision rule each: the request that breaks it and the exact AADSTS answer (microsoft-behaviour.md §1).
  const RULES: [string, MsalRequest, AadstsAnswer][] = [
    ['rule 1: an unknown tenant → AADSTS90002', {tenant: 'contosso.onmicrosoft.com'}, {errorCode: 'invalid_tenant', code: 90002, status: 400, text: "Tenant 'contosso.onmicrosoft.com' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."}],
    ['rule 1: the right tenant on another cloud (GCC High) → AADSTS90002', {host: 'login.microsoftonline.us', scope: 'https://outlook.office365.us/.default'}, {errorCode: 'invalid_tenant', code: 90002, status: 400, text: "Tenant 'contoso.onmicrosoft.com' not found."}],
    ['rule 2: an unknown client ID → AADSTS700016', {clientId: '9a1b2c3d-0000-4000-8000-00000000000f'}, {errorCode: 'unauthorized_client', code: 700016, status: 400, text: "Application with identifier '9a1b2c3d-0000-4000-8000-00000000000f' was not found in the directory 'contoso.onmicrosoft.com'."}],
    ['rule 4: a wrong secret → 401 AADSTS7000215', {secret: 'Zz9~not.the.secret'}, {errorCode: 'invalid_client', code: 7000215, status: 401, text: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${APP_ID}'.`}],
    ["rule 4: the secret's ID instead of its value → AADSTS7000215", {secret: SECRET_ID}, {errorCode: 'invalid_client', code: 7000215, status: 401, text: 'Invalid client secret provided.'}],
    ['rule 5: a scope without /.default → AADSTS1002012', {scope: 'https://outlook.office365.com/SMTP.SendAsApp'}, {errorCode: 'invalid_scope', code: 1002012, status: 400, text: 'The provided value for scope https://outlook.office365.com/SMTP.SendAsApp is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).'}],
    ['rule 5: an unknown resource → AADSTS500011', {scope: 'https://outlook.office356.com/.default'}, {errorCode: 'invalid_resource', code: 500011, status: 400, text: 'The resource principal named https://outlook.office356.com was not found in the tenant named contoso.onmicrosoft.com.'}],
    ["rule 5: another cloud's Exchange resource → AADSTS500011", {scope: 'https://outlook.office365.us/.default'}, {errorCode: 'invalid_resource', code: 500011, status: 400, text: 'The resource principal named https://outlook.office365.us was not found'}],
  ]
  for (const [name, request, want] of RULES) it(name, () => expectAadsts(lab, request, want))
})

describe('token endpoint: tenant states', () => {
  it('rule 3: a disabled service principal → AADSTS7000112, even with a wrong secret', async () => {
    await withLab(await scenarioFrom('app-disabled'), async (lab) => {
      for (const secret of [undefined, 'wrong']) {
        await expectAadsts(lab, {secret}, {errorCode: 'unauthorized_client', code: 7000112, status: 400, text: `Application '${APP_ID}'(Mailer) is disabled.`})
      }
    })
  })

  it('rule 3: a public client sending a secret → AADSTS700025', async () => {
    await withLab(await scenarioFrom('public-client'), (lab) =>
      expectAadsts(lab, {}, {errorCode: 'invalid_client', code: 700025, status: 401, text: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented."}),
    )
  })

  it('rule 4: an expired secret → AADSTS7000222', async () => {
    await withLab(await scenarioFrom('secret-expired'), (lab) =>
      expectAadsts(lab, {}, {
        errorCode: 'invalid_client',
        code: 7000222,
        status: 401,
        text: `The provided client secret keys for app '${APP_ID}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret`,
      }),
    )
  })

  it('rule 5: no Exchange Online in the tenant → AADSTS500011 (Graph still works)', async () => {
    await withLab(await scenarioFrom('no-exchange-online'), async (lab) => {
      await expectAadsts(lab, {}, {errorCode: 'invalid_resource', code: 500011, status: 400, text: 'The resource principal named https://outlook.office365.com was not found'})
      assert.ok(await msalToken(lab, {scope: GRAPH_SCOPE}))
    })
  })

  it('rule 6: Conditional Access → AADSTS53003, after the secret check', async () => {
    await withLab(await scenarioFrom('conditional-access'), async (lab) => {
      await expectAadsts(lab, {}, {errorCode: 'invalid_grant', code: 53003, status: 400, text: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.'})
      await expectAadsts(lab, {secret: 'wrong'}, {errorCode: 'invalid_client', code: 7000215, status: 401, text: 'Invalid client secret provided.'})
    })
  })

  it('rule 7: no admin consent → a token without a roles claim', async () => {
    await withLab(await scenarioFrom('no-admin-consent'), async (lab) => {
      const claims = decodeClaims((await msalToken(lab))!.accessToken)
      assert.equal('roles' in claims, false)
      assert.equal(claims['oid'], SP_ID)
    })
  })

  it('rule 7: delegated permissions only → a token without a roles claim', async () => {
    await withLab(await scenarioFrom('delegated-only'), async (lab) => {
      assert.equal('roles' in decodeClaims((await msalToken(lab))!.accessToken), false)
    })
  })

  it('rule 7: one role missing → roles lacks exactly that role', async () => {
    await withLab(await scenarioFrom('missing-imap-role'), async (lab) => {
      assert.deepEqual(decodeClaims((await msalToken(lab))!.accessToken)['roles'], ['SMTP.SendAsApp', 'POP.AccessAsApp'])
    })
  })

  it('GCC High: the .us authority and resource', async () => {
    await withLab(await scenarioFrom('healthy-usgov'), async (lab) => {
      const claims = decodeClaims((await msalToken(lab, {host: 'login.microsoftonline.us', tenant: 'fabrikamgov.onmicrosoft.us', scope: 'https://outlook.office365.us/.default'}))!.accessToken)
      assert.equal(claims['aud'], 'https://outlook.office365.us')
      assert.equal(claims['iss'], `https://sts.windows.net/${TENANT_ID}/`)
      await expectAadsts(lab, {tenant: 'fabrikamgov.onmicrosoft.us'}, {errorCode: 'invalid_tenant', code: 90002, status: 400, text: "Tenant 'fabrikamgov.onmicrosoft.us' not found."})
    })
  })

  it('21Vianet: both authority names, the China resource and issuer', async () => {
    await withLab(await scenarioFrom('healthy-china'), async (lab) => {
      for (const host of ['login.chinacloudapi.cn', 'login.partner.microsoftonline.cn']) {
        const claims = decodeClaims((await msalToken(lab, {host, tenant: 'woodgrove.partner.onmschina.cn', scope: 'https://partner.outlook.cn/.default'}))!.accessToken)
        assert.equal(claims['aud'], 'https://partner.outlook.cn')
        assert.equal(claims['iss'], `https://sts.chinacloudapi.cn/${TENANT_ID}/`)
      }
    })
  })

  it('a token from a scenario edited in a test: consent granted for IMAP only', async () => {
    const scenario = await scenarioFrom('no-admin-consent', (s) => {
      s.applications[0]!.permissions.find((p) => p.name === 'IMAP.AccessAsApp')!.consented = true
    })
    await withLab(scenario, async (lab) => {
      assert.deepEqual(decodeClaims((await msalToken(lab, {scope: EXCHANGE_SCOPE}))!.accessToken)['roles'], ['IMAP.AccessAsApp'])
    })
  })
})
