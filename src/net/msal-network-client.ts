// MSAL's network module (`system.networkClient`) over node:https and the NetworkMap: requests keep the real host
// name (Host header, SNI, certificate check) but connect where the map says, trusting the lab's CA. Without a map
// it is a plain HTTPS client. Same reply contract as MSAL's own HttpClient: lower-case headers, JSON body, status.

import {request} from 'node:https'
import type {INetworkModule, NetworkRequestOptions, NetworkResponse} from '@azure/msal-node'
import {routeFor, type NetworkMap} from './routes.js'

const DEFAULT_TIMEOUT_MS = 15_000

/** A request that got no usable JSON reply; `code` is a Node error code, `status`/`contentType` when one came. */
export class RoutedNetworkError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status?: number,
    readonly contentType?: string,
  ) {
    super(message)
    this.name = 'RoutedNetworkError'
  }
}

function send<T>(map: NetworkMap | undefined, method: 'GET' | 'POST', url: string, options: NetworkRequestOptions = {}, timeout = DEFAULT_TIMEOUT_MS): Promise<NetworkResponse<T>> {
  const target = new URL(url)
  const port = Number(target.port || 443)
  const route = routeFor(target.hostname, port, map)
  if (!route) {
    // Not in the lab's map: as if nothing listened there.
    return Promise.reject(new RoutedNetworkError(`connect ECONNREFUSED ${target.hostname}:${port}`, 'ECONNREFUSED'))
  }
  const body = method === 'POST' ? (options.body ?? '') : undefined
  const headers: Record<string, string | number> = {...options.headers, Host: target.host}
  if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body)

  return new Promise((resolve, reject) => {
    const req = request(
      {
        method,
        host: route.connectHost,
        port: route.connectPort,
        servername: route.servername,
        path: `${target.pathname}${target.search}`,
        headers,
        ...(route.ca ? {ca: route.ca} : {}),
        timeout,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', reject)
        res.on('end', () => {
          const responseHeaders: Record<string, string> = {}
          for (const [k, v] of Object.entries(res.headers)) {
            if (v !== undefined) responseHeaders[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
          }
          const text = Buffer.concat(chunks).toString('utf8')
          try {
            resolve({headers: responseHeaders, body: JSON.parse(text) as T, status: res.statusCode ?? 0})
          } catch {
            reject(new RoutedNetworkError(`Failed to parse response: HTTP ${res.statusCode} ${responseHeaders['content-type'] ?? ''} is not JSON`, 'EBADRESPONSE', res.statusCode, responseHeaders['content-type']))
          }
        })
      },
    )
    req.on('timeout', () => req.destroy(new RoutedNetworkError(`Request timeout after ${timeout} ms`, 'ETIMEDOUT')))
    req.on('error', reject)
    req.end(body)
  })
}

export function createRoutedNetworkClient(map?: NetworkMap): INetworkModule {
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) => send<T>(map, 'GET', url, options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>(map, 'POST', url, options),
  }
}
