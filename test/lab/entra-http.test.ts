// The identity endpoints over raw HTTPS: the exact error JSON and headers, request forms MSAL never sends,
// discovery documents and the signing keys.

import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {createLocalJWKSet, jwtVerify} from 'jose'
import type {LabHandle} from '../../src/lab/lab-types.js'
import {startLab} from '../../src/lab/start-lab.js'
import {APP_ID, decodeClaims, rawRequest, scenarioFrom, SECRET, TENANT_ID, tokenForm} from './lab-test-helpers.js'

const LOGIN = 'login.microsoftonline.com'
const TOKEN_PATH = '/contoso.onmicrosoft.com/oauth2/v2.0/token'
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('Entra endpoints over raw HTTPS', () => {
  let lab: LabHandle
  before(async () => {
    lab = await startLab(await scenarioFrom('healthy'), {mail: false})
  })
  after(() => lab.close())

  const post = (path: string, body: string, headers: Record<string, string> = {}, host = LOGIN) => rawRequest(lab, host, 'POST', path, {body, headers})

  it('answers an error with exactly Microsoft\'s JSON shape and headers', async () => {
    const correlation = '6f1b2c3d-aaaa-4bbb-8ccc-0123456789ab'
    const reply = await post(TOKEN_PATH, tokenForm({client_secret: 'wrong'}), {'client-request-id': correlation})
    assert.equal(reply.status, 401)
    assert.match(String(reply.headers['content-type']), /^application\/json; charset=utf-8$/)
    const body = reply.json()
    assert.deepEqual(Object.keys(body), ['error', 'error_description', 'error_codes', 'timestamp', 'trace_id', 'correlation_id', 'error_uri'])
    assert.equal(body.error, 'invalid_client')
    assert.deepEqual(body.error_codes, [7000215])
    assert.match(body.timestamp, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/)
    assert.match(body.trace_id, GUID)
    assert.equal(body.correlation_id, correlation)
    assert.equal(body.error_uri, 'https://login.microsoftonline.com/error?code=7000215')
    assert.equal(
      body.error_description,
      `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${APP_ID}'.\r\nTrace ID: ${body.trace_id}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${body.timestamp}`,
    )
    assert.equal(reply.headers['x-ms-request-id'], body.trace_id)
    assert.equal(reply.headers['cache-control'], 'no-cache, no-store')
    assert.equal(reply.headers['pragma'], 'no-cache')
    assert.equal(reply.headers['expires'], '-1')
    assert.equal(reply.headers['x-content-type-options'], 'nosniff')
    assert.match(String(reply.headers['x-ms-ests-server']), /^2\.1\./)
  })

  it('makes up a correlation ID when none is sent', async () => {
    const body = (await post(TOKEN_PATH, tokenForm({client_secret: 'wrong'}))).json()
    assert.match(body.correlation_id, GUID)
    assert.notEqual(body.correlation_id, body.trace_id)
  })

  it('answers success with the token JSON and the same headers', async () => {
    const reply = await post(TOKEN_PATH, tokenForm({}))
    assert.equal(reply.status, 200)
    const body = reply.json()
    assert.deepEqual(Object.keys(body), ['token_type', 'expires_in', 'ext_expires_in', 'access_token'])
    assert.equal(body.token_type, 'Bearer')
    assert.equal(body.expires_in, 3599)
    assert.match(String(reply.headers['x-ms-request-id']), GUID)
  })

  it('accepts HTTP Basic client authentication', async () => {
    const basic = Buffer.from(`${encodeURIComponent(APP_ID)}:${encodeURIComponent(SECRET)}`).toString('base64')
    const body = new URLSearchParams({grant_type: 'client_credentials', scope: 'https://outlook.office365.com/.default'}).toString()
    const ok = await post(TOKEN_PATH, body, {Authorization: `Basic ${basic}`})
    assert.equal(ok.status, 200)
    assert.equal(decodeClaims(ok.json().access_token)['appid'], APP_ID)
    const badBasic = Buffer.from(`${APP_ID}:nope`).toString('base64')
    assert.deepEqual((await post(TOKEN_PATH, body, {Authorization: `Basic ${badBasic}`})).json().error_codes, [7000215])
  })

  const cases: [string, string, string, number, string, number, RegExp][] = [
    ['no secret → 7000218', TOKEN_PATH, tokenForm({client_secret: ''}), 401, 'invalid_client', 7000218, /^AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'\./],
    ['no scope → 900144', TOKEN_PATH, tokenForm({scope: ''}), 400, 'invalid_request', 900144, /'scope'/],
    ['two resources → 70011', TOKEN_PATH, tokenForm({scope: 'https://outlook.office365.com/.default https://graph.microsoft.com/.default'}), 400, 'invalid_scope', 70011, /^AADSTS70011: /],
    ['a malformed tenant → 900023', '/contoso_tenant/oauth2/v2.0/token', tokenForm({}), 400, 'invalid_request', 900023, /^AADSTS900023: Specified tenant identifier 'contoso_tenant' is neither a valid DNS name, nor a valid external domain\./],
    ['common → 50059', '/common/oauth2/v2.0/token', tokenForm({}), 400, 'invalid_request', 50059, /^AADSTS50059: No tenant-identifying information found/],
    ['no tenant in the URL → 50059', '/oauth2/v2.0/token', tokenForm({}), 400, 'invalid_request', 50059, /^AADSTS50059: /],
    ['an unknown GUID tenant → 90002', '/00000000-1111-4222-8333-444444444444/oauth2/v2.0/token', tokenForm({}), 400, 'invalid_tenant', 90002, /^AADSTS90002: Tenant '00000000-1111-4222-8333-444444444444' not found\./],
    ['a password grant → 70003', TOKEN_PATH, tokenForm({grant_type: 'password'}), 400, 'unsupported_grant_type', 70003, /^AADSTS70003: /],
    ['v1 endpoint with a v2 scope → 900144 resource', '/contoso.onmicrosoft.com/oauth2/token', tokenForm({}), 400, 'invalid_request', 900144, /'resource'/],
    // An unparsable assertion is malformed before any key is looked up (§8.1.7 AADSTS50027).
    ['an unparsable client assertion → 50027', TOKEN_PATH, tokenForm({client_secret: '', client_assertion: 'x.y.z', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'}), 401, 'invalid_client', 50027, /^AADSTS50027: JWT token is invalid or malformed\./],
  ]
  for (const [name, path, body, status, error, code, description] of cases) {
    it(name, async () => {
      const reply = await post(path, body)
      assert.equal(reply.status, status)
      const json = reply.json()
      assert.equal(json.error, error)
      assert.deepEqual(json.error_codes, [code])
      assert.match(json.error_description, description)
    })
  }

  it('refuses GET on the token endpoint (AADSTS900561)', async () => {
    const reply = await rawRequest(lab, LOGIN, 'GET', TOKEN_PATH)
    assert.equal(reply.status, 400)
    assert.deepEqual(reply.json().error_codes, [900561])
  })

  it('serves the v1 endpoint when given a resource, in the v1 reply shape', async () => {
    const reply = await post('/contoso.onmicrosoft.com/oauth2/token', tokenForm({scope: '', resource: 'https://outlook.office365.com'}))
    assert.equal(reply.status, 200)
    const body = reply.json()
    assert.equal(body.expires_in, '3599')
    assert.equal(body.resource, 'https://outlook.office365.com')
    assert.equal(decodeClaims(body.access_token)['aud'], 'https://outlook.office365.com')
  })

  it('answers a token request sent to the authorize endpoint with an HTML page', async () => {
    const reply = await post('/contoso.onmicrosoft.com/oauth2/v2.0/authorize', tokenForm({}))
    assert.equal(reply.status, 400)
    assert.match(String(reply.headers['content-type']), /^text\/html/)
    assert.match(reply.text, /AADSTS900144/)
  })

  it('works on every alias of the authority', async () => {
    for (const host of ['login.windows.net', 'login.microsoft.com', 'sts.windows.net']) {
      assert.equal((await post(TOKEN_PATH, tokenForm({}), {}, host)).status, 200, host)
    }
  })

  it('publishes OpenID metadata for the tenant and 90002 for an unknown one', async () => {
    const doc = (await rawRequest(lab, LOGIN, 'GET', '/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration')).json()
    assert.equal(doc.issuer, `https://login.microsoftonline.com/${TENANT_ID}/v2.0`)
    assert.equal(doc.token_endpoint, `https://login.microsoftonline.com/${TENANT_ID}/oauth2/v2.0/token`)
    assert.equal(doc.jwks_uri, `https://login.microsoftonline.com/${TENANT_ID}/discovery/v2.0/keys`)
    assert.deepEqual(doc.token_endpoint_auth_methods_supported, ['client_secret_post', 'private_key_jwt', 'client_secret_basic'])
    const v1 = (await rawRequest(lab, LOGIN, 'GET', `/${TENANT_ID}/.well-known/openid-configuration`)).json()
    assert.equal(v1.issuer, `https://sts.windows.net/${TENANT_ID}/`)
    const unknown = await rawRequest(lab, LOGIN, 'GET', '/fabrikam.onmicrosoft.com/v2.0/.well-known/openid-configuration')
    assert.equal(unknown.status, 400)
    assert.deepEqual(unknown.json().error_codes, [90002])
  })

  it('publishes the signing key, and a lab token verifies against it', async () => {
    const token = (await post(TOKEN_PATH, tokenForm({}))).json().access_token as string
    for (const path of [`/${TENANT_ID}/discovery/v2.0/keys`, '/common/discovery/keys']) {
      const jwks = (await rawRequest(lab, LOGIN, 'GET', path)).json()
      assert.equal(jwks.keys.length, 1)
      assert.equal(jwks.keys[0].kty, 'RSA')
      assert.equal(jwks.keys[0].use, 'sig')
      assert.ok(Array.isArray(jwks.keys[0].x5c))
      const {payload} = await jwtVerify(token, createLocalJWKSet(jwks), {issuer: `https://sts.windows.net/${TENANT_ID}/`})
      assert.equal(payload['appid'], APP_ID)
    }
  })

  it('answers MSAL instance discovery for known hosts, invalid_instance otherwise', async () => {
    const ok = (await rawRequest(lab, LOGIN, 'GET', '/common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize')).json()
    assert.equal(ok.tenant_discovery_endpoint, 'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration')
    assert.ok(ok.metadata.some((m: {aliases: string[]}) => m.aliases.includes('sts.windows.net')))
    const bad = await rawRequest(lab, LOGIN, 'GET', '/common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.example.com/x/oauth2/v2.0/authorize')
    assert.equal(bad.status, 400)
    assert.equal(bad.json().error, 'invalid_instance')
  })

  it('adds the scenario latency before replying', async () => {
    const slow = await startLab(await scenarioFrom('healthy', (s) => (s.lab.latencyMs = 120)), {mail: false})
    try {
      await rawRequest(slow, LOGIN, 'GET', '/common/discovery/keys') // first reply also waits for the key
      const t = performance.now()
      await rawRequest(slow, LOGIN, 'GET', '/common/discovery/keys')
      const elapsed = performance.now() - t
      assert.ok(elapsed >= 115 && elapsed < 1000, `took ${elapsed} ms`)
    } finally {
      await slow.close()
    }
  })
})
