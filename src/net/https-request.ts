// One HTTPS request through the network map (lab) or straight (Microsoft), with a timeout and an AbortSignal.
import {request} from 'node:https'
import {routeFor, type NetworkMap} from './routes.js'
import {secureContextFor} from './trust.js'

export interface HttpsReply {
  status: number
  headers: Record<string, string>
  body: string
}

export interface HttpsRequestOptions {
  method?: string
  headers?: Record<string, string>
  body?: string
  map?: NetworkMap
  timeoutMs?: number
  signal?: AbortSignal
}

export function httpsRequest(url: string, options: HttpsRequestOptions = {}): Promise<HttpsReply> {
  const target = new URL(url)
  const port = Number(target.port || 443)
  const route = routeFor(target.hostname, port, options.map)
  if (!route) {
    return Promise.reject(Object.assign(new Error(`connect ECONNREFUSED ${target.hostname}:${port}`), {code: 'ECONNREFUSED'}))
  }
  const headers: Record<string, string | number> = {...options.headers, Host: target.host}
  if (options.body !== undefined) headers['Content-Length'] = Buffer.byteLength(options.body)
  const timeoutMs = options.timeoutMs ?? 15_000
  return new Promise((resolve, reject) => {
    const req = request({
      method: options.method ?? 'GET', host: route.connectHost, port: route.connectPort, servername: route.servername,
      path: `${target.pathname}${target.search}`, headers, timeout: timeoutMs, signal: options.signal,
      ...(route.ca ? {secureContext: secureContextFor(route.ca, {caOnly: true})} : {}),
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const out: Record<string, string> = {}
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
        resolve({status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).toString('utf8')})
      })
    })
    req.on('timeout', () => req.destroy(Object.assign(new Error(`Request timeout after ${timeoutMs} ms`), {code: 'ETIMEDOUT'})))
    req.on('error', reject)
    req.end(options.body)
  })
}
