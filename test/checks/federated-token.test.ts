// Where a federated token comes from: GitHub Actions' OIDC endpoint (audience api://AzureADTokenExchange, the
// job's bearer token), a token file re-read per use, or given inline; and its claims (never the token) as facts.
import assert from 'node:assert/strict'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, describe, it} from 'node:test'
import {credentialFor, federatedClaims, githubToken} from '../../src/checks/token/credential.js'
import {Secret} from '../../src/core/secret.js'
import {mergeSettings} from '../../src/settings/load-settings.js'
import type {RawSettings} from '../../src/settings/raw-settings.js'

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
const TOKEN = `${b64({alg: 'RS256'})}.${b64({iss: 'https://token.actions.githubusercontent.com', sub: 'repo:contoso/mailer:environment:prod', aud: 'api://AzureADTokenExchange', exp: 2_000_000_000})}.c2ln`

describe('GitHub Actions OIDC token', () => {
  let server: Server
  let base = ''
  const seen: {url?: string; auth?: string}[] = []
  before(async () => {
    server = createServer((req, res) => {
      seen.push({url: req.url, auth: req.headers.authorization})
      if (req.headers.authorization !== 'bearer job-token') {
        res.writeHead(403).end('{}')
        return
      }
      res.writeHead(200, {'Content-Type': 'application/json'}).end(JSON.stringify({count: 1, value: TOKEN}))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_apis/token?api-version=2.0`
  })
  after(() => server.close())

  it('asks for audience api://AzureADTokenExchange with the job\'s bearer token', async () => {
    const token = await githubToken({ACTIONS_ID_TOKEN_REQUEST_URL: base, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'job-token'}, 2000)
    assert.ok(token instanceof Secret)
    assert.equal(token.reveal(), TOKEN)
    const url = new URL(seen.at(-1)!.url!, 'http://x')
    assert.equal(url.searchParams.get('audience'), 'api://AzureADTokenExchange')
    assert.equal(url.searchParams.get('api-version'), '2.0')
  })
  it('outside a job, or refused: says why in words', async () => {
    assert.match(String(await githubToken({}, 2000)), /ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set.*id-token: write/)
    assert.match(String(await githubToken({ACTIONS_ID_TOKEN_REQUEST_URL: base, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'expired'}, 2000)), /HTTP 403/)
  })
})

describe('token file and claims', () => {
  const ids: RawSettings = {tenant: 'contoso.onmicrosoft.com', clientId: '9a1b2c3d-0000-4000-8000-000000000001', mailbox: 'a@contoso.com'}
  it('a token file is read (trimmed) and its claims become facts', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'o365d-fed-')), 'azure-identity-token')
    writeFileSync(file, `${TOKEN}\n`)
    const {settings} = mergeSettings([{source: 'env', nameOf: (k) => k, values: {...ids, federatedTokenFile: file}}])
    const r = await credentialFor(settings, {timeoutMs: 1000})
    assert.ok(r.ok && r.credential.kind === 'assertion')
    assert.equal(r.credential.assertion.reveal(), TOKEN)
    assert.deepEqual(r.federated, {issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/mailer:environment:prod', audience: 'api://AzureADTokenExchange', expires: '2033-05-18T03:33:20.000Z'})
  })
  it('a missing file is a problem in words; a token that is no JWT gives no claims', async () => {
    const {settings} = mergeSettings([{source: 'env', nameOf: (k) => k, values: {...ids, federatedTokenFile: '/nonexistent/token'}}])
    const r = await credentialFor(settings, {timeoutMs: 1000})
    assert.ok(!r.ok && /cannot be read \(ENOENT\)/.test(r.problem))
    assert.deepEqual(federatedClaims(new Secret('not-a-jwt')), {})
  })
})
