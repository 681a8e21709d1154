// The Graph reader's results for the replies Graph (or something in front of it) can send: JSON values, Graph's
// error bodies, broken JSON, other media types. A JSON reply skips the fetch Response (a fleet's CPU); these pin
// that every kind of reply still becomes the same result.
import assert from 'node:assert/strict'
import {createServer, type Server} from 'node:https'
import type {AddressInfo} from 'node:net'
import {after, before, describe, it} from 'node:test'
import {createLabPki} from '../../src/lab/pki.js'
import {createGraphReader} from '../../src/probes/graph.js'
import {Secret} from '../../src/core/secret.js'
import type {NetworkMap} from '../../src/net/routes.js'

interface Canned {status: number; type?: string; body: string}

const replies: Record<string, Canned> = {
  '/v1.0/ok': {status: 200, type: 'application/json;odata.metadata=minimal;charset=utf-8', body: '{"id":"1","mail":"a@contoso.com"}'},
  '/v1.0/bom': {status: 200, type: 'application/json', body: '\uFEFF{"id":"2"}'},
  '/v1.0/denied': {status: 403, type: 'application/json', body: JSON.stringify({error: {code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.', innerError: {'request-id': 'b31c83fd-944c-4663-aa50-5d9ceb367e19', date: '2026-11-17T18:37:45'}}})},
  '/v1.0/missing': {status: 404, type: 'application/json', body: JSON.stringify({error: {code: 'Request_ResourceNotFound', message: "Resource 'x' does not exist."}})},
  '/v1.0/broken': {status: 200, type: 'application/json', body: '{"id":'},
  '/v1.0/array': {status: 200, type: 'application/json', body: '[1,2]'},
  '/v1.0/html': {status: 502, type: 'text/html', body: '<html>Bad gateway</html>'},
  '/v1.0/plain': {status: 200, type: 'text/plain', body: 'hello'},
}

const TOKEN = 'eyJ0eXAiOiJKV1QifQ.graph-reader-test'
let server: Server
let map: NetworkMap
const seen: string[] = []

before(async () => {
  const pki = await createLabPki()
  server = createServer(pki.identityFor('graph.microsoft.com'), (req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization === `Bearer ${TOKEN}` ? 'bearer' : 'no-bearer'}`)
    const canned = replies[(req.url ?? '').split('?')[0]!] ?? {status: 404, type: 'application/json', body: '{}'}
    res.writeHead(canned.status, canned.type ? {'content-type': canned.type} : {})
    res.end(canned.body)
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  map = {routes: {'graph.microsoft.com:443': {host: '127.0.0.1', port: (server.address() as AddressInfo).port}}, caPem: pki.caPem}
})
after(() => new Promise<void>((ok) => server.close(() => ok())))

describe('Graph reader results per kind of reply', () => {
  const reader = () => createGraphReader('graph.microsoft.com', new Secret(TOKEN), map, 5000)

  it('a JSON object is the value, with or without a BOM; the path and token go out as before', async () => {
    const r = reader()
    assert.deepEqual(await r.get('/ok?$select=id,mail'), {ok: true, value: {id: '1', mail: 'a@contoso.com'}})
    assert.deepEqual(await r.get('/bom'), {ok: true, value: {id: '2'}})
    assert.ok(seen.includes('GET /v1.0/ok?$select=id,mail bearer'), seen.join('\n'))
  })

  it("Graph's error body becomes status, code, message, request-id and date", async () => {
    assert.deepEqual(await reader().get('/denied'), {ok: false, failure: {
      status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.',
      requestId: 'b31c83fd-944c-4663-aa50-5d9ceb367e19', date: new Date('2026-11-17T18:37:45').toISOString(),
    }})
    const missing = await reader().get('/missing')
    assert.equal(missing.ok, false)
    if (!missing.ok) {
      assert.equal(missing.failure.status, 404)
      assert.equal(missing.failure.code, 'Request_ResourceNotFound')
      assert.equal(missing.failure.requestId, undefined)
    }
  })

  it('broken JSON is a failure naming the parse error; a JSON array or a text body is not a value', async () => {
    const broken = await reader().get('/broken')
    assert.equal(broken.ok, false)
    if (!broken.ok) {
      assert.equal(broken.failure.status, 200)
      assert.equal(broken.failure.code, 'SyntaxError')
    }
    for (const path of ['/array', '/plain']) {
      const r = await reader().get(path)
      assert.equal(r.ok, false, path)
      if (!r.ok) assert.equal(r.failure.code, 'malformed_reply', path)
    }
  })

  it('an HTML error page from something in front of Graph is a failure with its status', async () => {
    const r = await reader().get('/html')
    assert.equal(r.ok, false)
    if (!r.ok) assert.equal(r.failure.status, 502)
  })
})
