// MSAL's network module (`system.networkClient`) over node:https and the NetworkMap: requests keep the real host
// name (Host header, SNI, certificate check) but connect where the map says, trusting the lab's CA. Without a map
// it is a plain HTTPS client. Same reply contract as MSAL's own HttpClient: lower-case headers, JSON body, status.

import type {INetworkModule, NetworkRequestOptions, NetworkResponse} from '@azure/msal-node'
import {httpsRequest} from './https-request.js'
import type {NetworkMap} from './routes.js'

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

async function send<T>(map: NetworkMap | undefined, method: 'GET' | 'POST', url: string, options: NetworkRequestOptions = {}, timeout = DEFAULT_TIMEOUT_MS): Promise<NetworkResponse<T>> {
  // The routing, TLS and timeout are httpsRequest's (shared with the Graph client); MSAL wants parsed JSON.
  const reply = await httpsRequest(url, {
    method, headers: options.headers, body: method === 'POST' ? (options.body ?? '') : undefined, map, timeoutMs: timeout,
  })
  try {
    return {headers: reply.headers, body: JSON.parse(reply.body) as T, status: reply.status}
  } catch {
    throw new RoutedNetworkError(`Failed to parse response: HTTP ${reply.status} ${reply.headers['content-type'] ?? ''} is not JSON`, 'EBADRESPONSE', reply.status, reply.headers['content-type'])
  }
}

export function createRoutedNetworkClient(map?: NetworkMap): INetworkModule {
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) => send<T>(map, 'GET', url, options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>(map, 'POST', url, options),
  }
}
