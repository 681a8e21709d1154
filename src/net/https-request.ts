// One HTTPS request through the network map (lab) or straight (Microsoft), bounded in time and size. The deadline is
// absolute (connect + TLS + headers + body together, not an idle timer): a server that trickles one byte a second
// still ends by it, and the socket is destroyed so nothing keeps the process alive. Failures carry the step they
// were waiting for, so the checks can say "no response headers from login.microsoftonline.com within 20 s".
import {request} from 'node:https'
import type {Socket} from 'node:net'
import {proxyFor} from './proxy.js'
import {routeFor, type NetworkMap} from './routes.js'
import {secureContextFor} from './trust.js'

export interface HttpsReply {
  status: number
  headers: Record<string, string>
  body: string
  /** The proxy the request went through, when one was used (HTTPS_PROXY). */
  proxy?: string
}

/** Where an HTTPS request was when it failed. */
export type HttpsStep = 'proxy' | 'connect' | 'tls' | 'response headers' | 'response body'

export interface HttpsRequestOptions {
  method?: string
  headers?: Record<string, string>
  body?: string
  map?: NetworkMap
  /** Total time for the whole request (absolute from the call), default 15 s. */
  timeoutMs?: number
  signal?: AbortSignal
  /** Largest response body accepted, default 1 MB (Entra's and Graph's replies are a few KB). */
  maxBodyBytes?: number
  /**
   * Where HTTPS_PROXY/NO_PROXY are read. Default: process.env against Microsoft, none in the lab (its routes are
   * loopback). Given explicitly, it applies to lab routes too (the proxy then tunnels to the loopback address).
   */
  proxyEnv?: NodeJS.ProcessEnv
}

export const DEFAULT_MAX_BODY = 1024 * 1024

/** A failed HTTPS request: a Node/OpenSSL code, the step it was at, and the HTTP status if one came. */
export class HttpsFailure extends Error {
  override readonly name = 'HttpsFailure'
  constructor(
    message: string,
    readonly code: string,
    readonly step: HttpsStep,
    readonly host: string,
    readonly extra: {status?: number; proxy?: string; limit?: number} = {},
  ) {
    super(message)
  }
}

export function httpsRequest(url: string, options: HttpsRequestOptions = {}): Promise<HttpsReply> {
  const target = new URL(url)
  const port = Number(target.port || 443)
  const host = target.hostname
  const route = routeFor(host, port, options.map)
  if (!route) return Promise.reject(new HttpsFailure(`connect ECONNREFUSED ${host}:${port}`, 'ECONNREFUSED', 'connect', host))
  const headers: Record<string, string | number> = {...options.headers, Host: target.host}
  if (options.body !== undefined) headers['Content-Length'] = Buffer.byteLength(options.body)
  const timeoutMs = options.timeoutMs ?? 15_000
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY
  // The lab's routes are loopback: never through a proxy. Against Microsoft, HTTPS_PROXY/NO_PROXY decide.
  const proxyEnv = options.proxyEnv ?? (options.map ? undefined : process.env)
  const proxy = proxyEnv ? proxyFor(host, port, proxyEnv) : undefined

  return new Promise((resolve, reject) => {
    let step: HttpsStep = proxy ? 'proxy' : 'connect'
    let settled = false
    let socket: Socket | undefined
    let tunnelled = false
    const finish = (error?: HttpsFailure, reply?: HttpsReply): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      if (error) {
        req.destroy()
        socket?.destroy()
        reject(error)
      } else resolve(reply!)
    }
    const failure = (message: string, code: string, extra: HttpsFailure['extra'] = {}): HttpsFailure =>
      new HttpsFailure(message, code, step, host, {...(proxy ? {proxy: proxy.display} : {}), ...extra})
    const onAbort = (): void => {
      const reason = options.signal?.reason as {name?: string; message?: string} | undefined
      const timedOut = reason?.name === 'CheckTimeout' || reason?.name === 'TimeoutError'
      finish(failure(timedOut ? `no ${step} from ${host} before the check's deadline` : `aborted while waiting for ${step} from ${host}`, timedOut ? 'ETIMEDOUT' : 'ABORT_ERR'))
    }
    const timer = setTimeout(() => finish(failure(`no ${step} from ${host} within ${timeoutMs} ms`, 'ETIMEDOUT')), timeoutMs)
    timer.unref?.()

    const req = request({
      method: options.method ?? 'GET', host: route.connectHost, port: route.connectPort, servername: route.servername,
      path: `${target.pathname}${target.search}`, headers, ...(proxy ? {agent: proxy.agent} : {}),
      ...(route.ca ? {secureContext: secureContextFor(route.ca, {caOnly: true})} : {}),
    }, (res) => {
      // Through a proxy, a reply before the tunnel's TLS came up is the proxy's own answer to CONNECT.
      if (proxy && !tunnelled) {
        res.resume()
        return finish(failure(`the proxy ${proxy.display} refused the tunnel to ${host}:${port}: HTTP ${res.statusCode ?? '?'}`, 'EPROXY', {status: res.statusCode}))
      }
      step = 'response body'
      const declared = Number(res.headers['content-length'])
      if (Number.isFinite(declared) && declared > maxBody) {
        return finish(failure(`${host} announced a ${describeBytes(declared)} reply; more than ${describeBytes(maxBody)} is not what Microsoft sends`, 'ERESPONSETOOLARGE', {status: res.statusCode, limit: maxBody}))
      }
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size > maxBody) return finish(failure(`${host} sent more than ${describeBytes(maxBody)}; Microsoft's replies are a few KB`, 'ERESPONSETOOLARGE', {status: res.statusCode, limit: maxBody}))
        chunks.push(c)
      })
      res.on('error', (err) => finish(failure(err.message, codeOf(err))))
      res.on('end', () => {
        const out: Record<string, string> = {}
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
        finish(undefined, {status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).toString('utf8'), ...(proxy ? {proxy: proxy.display} : {})})
      })
    })
    req.on('socket', (s: Socket) => {
      socket = s
      const secured = (): void => { if (step !== 'response body') step = 'response headers' }
      if (proxy) {
        // The agent's CONNECT is done when the socket is handed over; what is left is TLS through the tunnel.
        step = 'tls'
        s.once('secureConnect', () => {
          tunnelled = true
          secured()
        })
      } else if (!s.connecting) {
        // A kept-alive socket the agent reused: already connected and secured (listeners would never fire, and pile up).
        secured()
      } else {
        s.once('connect', () => { step = 'tls' })
        s.once('secureConnect', secured)
      }
    })
    req.on('error', (err) => {
      // Still at 'proxy': the proxy itself could not be reached or would not tunnel.
      const atProxy = proxy !== undefined && (step === 'proxy' || isProxyError(err))
      finish(failure(atProxy ? `the proxy ${proxy.display} failed: ${err.message}` : err.message, atProxy ? 'EPROXY' : codeOf(err)))
    })
    if (options.signal?.aborted) return onAbort()
    options.signal?.addEventListener('abort', onAbort, {once: true})
    req.end(options.body)
  })
}

function codeOf(err: unknown): string {
  const code = (err as {code?: unknown}).code
  return typeof code === 'string' ? code : 'EUNKNOWN'
}

function isProxyError(err: Error): boolean {
  return /proxy/i.test(err.message)
}


export function describeBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`
  if (n >= 1024) return `${Math.round(n / 1024)} KB`
  return `${n} bytes`
}
