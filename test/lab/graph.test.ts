// Microsoft Graph in the lab: the reads the doctor makes, with and without Application.Read.All.

import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import type {LabHandle} from '../../src/lab/lab-types.js'
import {startLab} from '../../src/lab/start-lab.js'
import {APP_ID, APP_OBJECT_ID, GRAPH_SCOPE, msalToken, rawRequest, scenarioFrom, SECRET_ID, SP_ID} from './lab-test-helpers.js'

const GRAPH = 'graph.microsoft.com'
const EXO = '00000002-0000-0ff1-ce00-000000000000'
const ROLE_IDS = {smtp: '7146a1f0-8703-45b3-9eae-527a64c00995', imap: '5e5addcd-3e8d-4e90-baf5-964efab2b20a', pop: 'cb842b43-da6e-4506-86fe-bb12199c656d'}

async function graphGet(lab: LabHandle, token: string | undefined, path: string, headers: Record<string, string> = {}) {
  return rawRequest(lab, GRAPH, 'GET', path.replace(/ /g, '%20'), {headers: token ? {...headers, Authorization: `Bearer ${token}`} : headers})
}

function assertGraphError(reply: Awaited<ReturnType<typeof graphGet>>, status: number, code: string, message: string): void {
  assert.equal(reply.status, status, reply.text)
  const body = reply.json()
  assert.deepEqual(Object.keys(body), ['error'])
  assert.deepEqual(Object.keys(body.error), ['code', 'message', 'innerError'])
  assert.equal(body.error.code, code)
  assert.equal(body.error.message, message)
  assert.deepEqual(Object.keys(body.error.innerError).sort(), ['client-request-id', 'date', 'request-id'])
  assert.match(body.error.innerError.date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/)
  assert.equal(reply.headers['request-id'], body.error.innerError['request-id'])
}

describe('Graph with Application.Read.All', () => {
  let lab: LabHandle
  let token: string
  before(async () => {
    lab = await startLab(await scenarioFrom('healthy'), {mail: false})
    token = (await msalToken(lab, {scope: GRAPH_SCOPE}))!.accessToken
  })
  after(() => lab.close())

  it('finds the client service principal by $filter, by (appId=…) and by id', async () => {
    const list = (await graphGet(lab, token, `/v1.0/servicePrincipals?$filter=appId eq '${APP_ID}'`)).json()
    assert.equal(list['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#servicePrincipals')
    assert.equal(list.value.length, 1)
    assert.equal(list.value[0].id, SP_ID)
    assert.equal(list.value[0].accountEnabled, true)
    const byAppId = (await graphGet(lab, token, `/v1.0/servicePrincipals(appId='${APP_ID}')`)).json()
    assert.equal(byAppId.id, SP_ID)
    assert.equal(byAppId['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#servicePrincipals/$entity')
    const byId = (await graphGet(lab, token, `/v1.0/servicePrincipals/${SP_ID}?$select=id,appId,accountEnabled`)).json()
    assert.deepEqual(Object.keys(byId).sort(), ['@odata.context', 'accountEnabled', 'appId', 'id'])
  })

  it('lists the granted Exchange app roles as appRoleAssignments', async () => {
    const exo = (await graphGet(lab, token, `/v1.0/servicePrincipals?$filter=appId eq '${EXO}'`)).json().value[0]
    assert.equal(exo.displayName, 'Office 365 Exchange Online')
    const roles = new Map<string, string>(exo.appRoles.map((r: {value: string; id: string}) => [r.value, r.id]))
    assert.equal(roles.get('IMAP.AccessAsApp'), ROLE_IDS.imap)
    assert.equal(roles.get('POP.AccessAsApp'), ROLE_IDS.pop)
    assert.equal(roles.get('SMTP.SendAsApp'), ROLE_IDS.smtp)
    const assignments = (await graphGet(lab, token, `/v1.0/servicePrincipals/${SP_ID}/appRoleAssignments`)).json().value
    const exchange = assignments.filter((a: {resourceId: string}) => a.resourceId === exo.id)
    assert.deepEqual(exchange.map((a: {appRoleId: string}) => a.appRoleId).sort(), [ROLE_IDS.smtp, ROLE_IDS.imap, ROLE_IDS.pop].sort())
    for (const a of exchange) {
      assert.equal(a.resourceDisplayName, 'Office 365 Exchange Online')
      assert.equal(a.principalId, SP_ID)
      assert.equal(a.principalType, 'ServicePrincipal')
      assert.match(a.id, /^[A-Za-z0-9_-]{43}$/)
    }
  })

  it('shows the app registration: configured permissions and secrets without their values', async () => {
    const app = (await graphGet(lab, token, `/v1.0/applications?$filter=appId eq '${APP_ID}'`)).json().value[0]
    assert.equal(app.id, APP_OBJECT_ID)
    const exchange = app.requiredResourceAccess.find((r: {resourceAppId: string}) => r.resourceAppId === EXO)
    assert.deepEqual(exchange.resourceAccess, [
      {id: ROLE_IDS.smtp, type: 'Role'},
      {id: ROLE_IDS.imap, type: 'Role'},
      {id: ROLE_IDS.pop, type: 'Role'},
    ])
    assert.deepEqual(app.passwordCredentials[0], {
      customKeyIdentifier: null,
      displayName: 'lab secret',
      endDateTime: '2030-06-30T00:00:00Z',
      hint: 'Qx8',
      keyId: SECRET_ID,
      secretText: null,
      startDateTime: app.passwordCredentials[0].startDateTime,
    })
    assert.equal(JSON.stringify(app).includes('labSecretValue'), false)
  })

  it('answers 404 for an object that does not exist, 400 for a filter it does not support', async () => {
    assertGraphError(
      await graphGet(lab, token, '/v1.0/servicePrincipals/00000000-1111-4222-8333-444444444444'),
      404,
      'Request_ResourceNotFound',
      "Resource '00000000-1111-4222-8333-444444444444' does not exist or one of its queried reference-property objects are not present.",
    )
    assert.equal((await graphGet(lab, token, "/v1.0/servicePrincipals?$filter=startswith(displayName,'M')")).json().error.code, 'Request_UnsupportedQuery')
    assert.equal((await graphGet(lab, token, '/v1.0/groups')).json().error.code, 'BadRequest')
    // Users exist in the lab (§8.5.1), but Application.Read.All does not cover them.
    assert.equal((await graphGet(lab, token, '/v1.0/users')).json().error.code, 'Authorization_RequestDenied')
  })

  it('refuses a missing token and an Exchange token (wrong audience)', async () => {
    const exchangeToken = (await msalToken(lab))!.accessToken
    const clientRequestId = '11111111-2222-4333-8444-555555555555'
    const wrong = await graphGet(lab, exchangeToken, `/v1.0/servicePrincipals(appId='${APP_ID}')`, {'client-request-id': clientRequestId})
    assertGraphError(wrong, 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.')
    assert.equal(wrong.json().error.innerError['client-request-id'], clientRequestId)
    assertGraphError(await graphGet(lab, undefined, `/v1.0/servicePrincipals(appId='${APP_ID}')`), 401, 'InvalidAuthenticationToken', 'Access token is empty.')
  })
})

describe('Graph without Application.Read.All', () => {
  let lab: LabHandle
  let token: string
  before(async () => {
    const scenario = await scenarioFrom('healthy', (s) => {
      s.applications[0]!.permissions = s.applications[0]!.permissions.filter((p) => p.api !== 'graph')
    })
    lab = await startLab(scenario, {mail: false})
    token = (await msalToken(lab, {scope: GRAPH_SCOPE}))!.accessToken
  })
  after(() => lab.close())

  it('still lets the app read its own service principal and application', async () => {
    assert.equal((await graphGet(lab, token, `/v1.0/servicePrincipals?$filter=appId eq '${APP_ID}'`)).json().value[0].id, SP_ID)
    assert.equal((await graphGet(lab, token, `/v1.0/servicePrincipals/${SP_ID}`)).status, 200)
    assert.equal((await graphGet(lab, token, `/v1.0/applications(appId='${APP_ID}')`)).json().id, APP_OBJECT_ID)
  })

  it('refuses anything else with 403 Authorization_RequestDenied', async () => {
    const denied = "Insufficient privileges to complete the operation."
    for (const path of [
      `/v1.0/servicePrincipals?$filter=appId eq '${EXO}'`,
      `/v1.0/servicePrincipals/${SP_ID}/appRoleAssignments`,
      '/v1.0/servicePrincipals',
      '/v1.0/applications/00000000-1111-4222-8333-444444444444',
    ]) {
      assertGraphError(await graphGet(lab, token, path), 403, 'Authorization_RequestDenied', denied)
    }
  })
})
