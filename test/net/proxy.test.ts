// HTTPS_PROXY for the token and Graph requests, against a tiny local CONNECT proxy: the request is tunnelled and
// says so; a proxy that refuses the tunnel or is not there is a proxy failure, not the endpoint's; NO_PROXY exempts.
import assert from 'node:assert/strict'
import net from 'node:net'
import {after, before, test} from 'node:test'
import {HttpsFailure, httpsRequest} from '../../src/net/https-request.js'
import {exempt} from '../../src/net/proxy.js'
import type {NetworkMap} from '../../src/net/routes.js'
import {faultPki, startHttpsFault, type RunningFault} from '../fault/fault-server.js'

const HOST = 'login.microsoftonline.com'
let upstream: RunningFault
let map: NetworkMap
const connects: string[] = []
let proxy: net.Server
let proxyPort = 0
let refuse = false

before(async () => {
  const pki = await faultPki()
  upstream = await startHttpsFault({fault: 'status-429', host: HOST}, pki)
  map = {routes: {[`${HOST}:443`]: {host: '127.0.0.1', port: upstream.port}}, caPem: pki.caPem}
  proxy = net.createServer((client) => {
    client.once('data', (head: Buffer) => {
      const target = /^CONNECT (\S+) HTTP/.exec(head.toString('latin1'))?.[1] ?? ''
      connects.push(target)
      if (refuse) return void client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')
      const [h, p] = target.split(':')
      const up = net.connect(Number(p), h, () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n')
        up.pipe(client)
        client.pipe(up)
      })
      up.on('error', () => client.destroy())
      client.on('error', () => up.destroy())
    })
  })
  await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok))
  proxyPort = (proxy.address() as net.AddressInfo).port
})
after(async () => {
  await upstream.close()
  await new Promise<void>((ok) => proxy.close(() => ok()))
})

test('through HTTPS_PROXY: tunnelled with CONNECT, the reply says which proxy', async () => {
  refuse = false
  const reply = await httpsRequest(`https://${HOST}/x/oauth2/v2.0/token`, {method: 'POST', body: 'a=b', map, timeoutMs: 5000, proxyEnv: {HTTPS_PROXY: `http://user:pw@127.0.0.1:${proxyPort}`}})
  assert.equal(reply.status, 429)
  assert.equal(reply.proxy, `http://127.0.0.1:${proxyPort}`, 'no credentials in what is shown')
  assert.equal(connects.at(-1), `127.0.0.1:${upstream.port}`)
})

test('a proxy that refuses the tunnel, or is not there, is EPROXY at step proxy', async () => {
  refuse = true
  const refused = await httpsRequest(`https://${HOST}/`, {map, timeoutMs: 5000, proxyEnv: {HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`}}).catch((e: unknown) => e)
  assert.ok(refused instanceof HttpsFailure, String(refused))
  assert.equal(refused.code, 'EPROXY')
  assert.match(refused.message, /refused the tunnel .*403/)
  const closed = net.createServer()
  await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok))
  const dead = (closed.address() as net.AddressInfo).port
  await new Promise<void>((ok) => closed.close(() => ok()))
  const down = await httpsRequest(`https://${HOST}/`, {map, timeoutMs: 5000, proxyEnv: {HTTPS_PROXY: `127.0.0.1:${dead}`}}).catch((e: unknown) => e)
  assert.ok(down instanceof HttpsFailure)
  assert.equal(down.code, 'EPROXY')
  assert.equal(down.step, 'proxy')
})

test('NO_PROXY exempts hosts by suffix and port', () => {
  assert.ok(exempt('login.microsoftonline.com', 443, 'localhost,.microsoftonline.com'))
  assert.ok(exempt('graph.microsoft.com', 443, '*'))
  assert.ok(!exempt('graph.microsoft.com', 443, 'microsoftonline.com,graph.microsoft.com:8443'))
  assert.ok(exempt('graph.microsoft.com', 443, 'graph.microsoft.com:443'))
  refuse = false
})

test('a proxy failure on the token request is classified as one (network.proxy-failure), with the proxy named', async () => {
  const {transportFailureOf} = await import('../../src/probes/token.js')
  const f = transportFailureOf(new HttpsFailure('the proxy http://10.0.0.1:3128 refused the tunnel', 'EPROXY', 'proxy', HOST, {proxy: 'http://10.0.0.1:3128'}), {proxy: 'http://10.0.0.1:3128'})
  assert.equal(f.transport, 'proxy')
  assert.equal(f.step, 'proxy')
})
