// MSAL's network module (`system.networkClient`) over node:https and the NetworkMap: requests keep the real host
// name (Host header, SNI, certificate check) but connect where the map says, trusting the lab's CA. Without a map
// it is a plain HTTPS client. Same reply contract as MSAL's own HttpClient: lower-case headers, JSON body, status.
// Every request is bounded by the check's deadline and signal; what happened on the wire is kept in `seen`, because
// MSAL folds every transport failure into one `network_error` and the doctor must say which one it was.

import type {INetworkModule, NetworkRequestOptions, NetworkResponse} from '@azure/msal-node'
import {HttpsFailure, httpsRequest} from './https-request.js'
import type {NetworkMap} from './routes.js'

const DEFAULT_TIMEOUT_MS = 15_000
/** Entra's token replies are 1–3 KB; its discovery documents a few KB. */
const MAX_TOKEN_REPLY = 256 * 1024

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

export interface NetworkClientOptions {
  signal?: AbortSignal
  /** Absolute end (Date.now() ms) of every request through this client; default 15 s per request. */
  deadline?: number
}

/** What the client saw last: a transport failure, or an HTTP reply that was not a success. */
export interface NetworkObservation {
  failure?: HttpsFailure | RoutedNetworkError
  status?: number
  retryAfter?: string
  contentType?: string
  proxy?: string
}

export interface ObservingNetworkClient extends INetworkModule {
  readonly seen: NetworkObservation
}

async function send<T>(map: NetworkMap | undefined, o: NetworkClientOptions, seen: NetworkObservation, method: 'GET' | 'POST', url: string, options: NetworkRequestOptions = {}, timeout?: number): Promise<NetworkResponse<T>> {
  const remaining = o.deadline === undefined ? (timeout ?? DEFAULT_TIMEOUT_MS) : Math.max(1, o.deadline - Date.now())
  try {
    // The routing, TLS, deadline and size bound are httpsRequest's (shared with the Graph client); MSAL wants JSON.
    const reply = await httpsRequest(url, {
      method, headers: options.headers, body: method === 'POST' ? (options.body ?? '') : undefined, map,
      timeoutMs: remaining, signal: o.signal, maxBodyBytes: MAX_TOKEN_REPLY,
    })
    if (reply.proxy) seen.proxy = reply.proxy
    seen.failure = undefined
    seen.status = reply.status
    seen.retryAfter = reply.headers['retry-after']
    seen.contentType = reply.headers['content-type']
    let body: T
    try {
      body = JSON.parse(reply.body) as T
    } catch {
      throw new RoutedNetworkError(`Failed to parse response: HTTP ${reply.status} ${reply.headers['content-type'] ?? ''} is not JSON`, 'EBADRESPONSE', reply.status, reply.headers['content-type'])
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new RoutedNetworkError(`HTTP ${reply.status}: the reply is JSON but not an object`, 'EBADRESPONSE', reply.status, reply.headers['content-type'])
    }
    return {headers: reply.headers, body, status: reply.status}
  } catch (error) {
    if (error instanceof HttpsFailure || error instanceof RoutedNetworkError) {
      seen.failure = error
      if (error instanceof HttpsFailure && error.extra.proxy) seen.proxy = error.extra.proxy
    }
    throw error
  }
}

export function createRoutedNetworkClient(map?: NetworkMap, o: NetworkClientOptions = {}): ObservingNetworkClient {
  const seen: NetworkObservation = {}
  return {
    seen,
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) => send<T>(map, o, seen, 'GET', url, options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>(map, o, seen, 'POST', url, options),
  }
}
