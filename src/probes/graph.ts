// Microsoft Graph through @microsoft/microsoft-graph-client, with the final HTTP hop routed through the network
// map (so the lab's graph.microsoft.com answers) and Graph's errors kept as facts (status, code, request-id).
// The Graph client (~40 files) is loaded on the first request, so runs that never read Graph never open it.
import type {Client, Context, Middleware} from '@microsoft/microsoft-graph-client'
import {HttpsFailure, httpsRequest, type HttpsReply} from '../net/https-request.js'
import type {NetworkMap} from '../net/routes.js'
import {redactText} from '../core/redact.js'
import type {Secret} from '../core/secret.js'

class RoutedHttpMessageHandler implements Middleware {
  constructor(
    private readonly map: NetworkMap | undefined,
    private readonly timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
    private readonly failures: Map<string, HttpsFailure>,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url
    const headers: Record<string, string> = {}
    new Headers(context.options?.headers as ConstructorParameters<typeof Headers>[0]).forEach((value, key) => { headers[key] = value })
    let reply: Awaited<ReturnType<typeof httpsRequest>>
    try {
      reply = await httpsRequest(url, {
        method: context.options?.method ?? 'GET', headers, map: this.map, timeoutMs: this.timeoutMs, signal: this.signal, maxBodyBytes: MAX_GRAPH_REPLY,
        body: typeof context.options?.body === 'string' ? context.options.body : undefined,
      })
    } catch (error) {
      // The Graph client keeps only an error's name and message: the name carries a key to the whole failure.
      if (!(error instanceof HttpsFailure)) throw error
      const key = `${TRANSPORT_KEY}${this.failures.size + 1}`
      this.failures.set(key, error)
      throw Object.assign(new Error(error.message), {name: key})
    }
    context.response = isJsonReply(reply) ? jsonResponse(reply) : new Response(reply.status === 204 ? null : reply.body, {status: reply.status, headers: reply.headers})
  }
}

/**
 * The Graph client turns exactly this media type into `json()` (GraphResponseHandler.convertResponse); a status a
 * fetch Response refuses (outside 200-599) keeps the real Response, so it fails as before.
 */
function isJsonReply(reply: HttpsReply): boolean {
  return reply.status >= 200 && reply.status <= 599 && reply.status !== 204 && (reply.headers['content-type'] ?? '').trim().split(';')[0] === 'application/json'
}

/**
 * What the Graph client reads of a JSON reply (status, ok, the content type, json()), without a fetch Response: one
 * per read cost more CPU than the rest of the read in a fleet (undici's body stream, re-encoding the text to bytes
 * and back). Same JSON as Response.json(): a leading BOM is dropped, a syntax error throws the same SyntaxError.
 */
function jsonResponse(reply: HttpsReply): Response {
  const headers = {get: (name: string): string | null => reply.headers[name.toLowerCase()] ?? null}
  const json = async (): Promise<unknown> => JSON.parse(reply.body.charCodeAt(0) === 0xfeff ? reply.body.slice(1) : reply.body)
  return {status: reply.status, ok: reply.status >= 200 && reply.status < 300, statusText: '', headers, json} as unknown as Response
}

const TRANSPORT_KEY = 'GraphTransportFailure#'

/** Graph pages are at most a few hundred KB ($top=999 of small objects). */
const MAX_GRAPH_REPLY = 4 * 1024 * 1024

export interface GraphFailure {
  /** 0 when no HTTP reply came (transport failure; see `transport`). */
  status: number
  code: string
  message: string
  requestId?: string
  date?: string
  /** A transport failure: no usable HTTP reply (code is the Node code, step what it waited for). */
  transport?: {code: string; step: string; host: string}
}

export type GraphResult<T> = {ok: true; value: T} | {ok: false; failure: GraphFailure}

export interface GraphReader {
  get<T>(path: string): Promise<GraphResult<T>>
}

/** `timeoutMs` bounds each request absolutely; `signal` (a check's) aborts requests in flight. */
export function createGraphReader(graphHost: string, token: Secret, map?: NetworkMap, timeoutMs = 15_000, signal?: AbortSignal): GraphReader {
  let client: Client | undefined
  const failures = new Map<string, HttpsFailure>()
  return {
    async get<T>(path: string): Promise<GraphResult<T>> {
      const {AuthenticationHandler, Client, GraphError} = await import('@microsoft/microsoft-graph-client')
      if (!client) {
        const auth = new AuthenticationHandler({getAccessToken: async () => token.reveal()})
        auth.setNext(new RoutedHttpMessageHandler(map, timeoutMs, signal, failures))
        client = Client.initWithMiddleware({middleware: auth, baseUrl: `https://${graphHost}/`, defaultVersion: 'v1.0'})
      }
      try {
        const value: unknown = await client.api(path).get()
        // A 200 must carry a JSON object; HTML from a proxy or captive portal arrives here as a string.
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          return {ok: false, failure: {status: 200, code: 'malformed_reply', message: `Graph answered 200 with ${typeof value === 'string' ? 'a body that is not JSON' : `JSON that is not an object`}`}}
        }
        return {ok: true, value: value as T}
      } catch (error) {
        const name = (error as {code?: unknown; name?: unknown})
        const key = [name.code, name.name].find((k): k is string => typeof k === 'string' && k.startsWith(TRANSPORT_KEY))
        const t = error instanceof HttpsFailure ? error : key ? failures.get(key) : undefined
        if (t) {
          return {ok: false, failure: {status: 0, code: t.code, message: redactText(t.message), transport: {code: t.code, step: t.step, host: t.host}}}
        }
        if (error instanceof GraphError) {
          return {ok: false, failure: {status: error.statusCode, code: error.code ?? 'unknown', message: redactText(error.message), requestId: error.requestId ?? undefined, date: error.date?.toISOString()}}
        }
        const e = error as NodeJS.ErrnoException
        return {ok: false, failure: {status: 0, code: e.code ?? 'network', message: redactText(e.message ?? String(error))}}
      }
    },
  }
}
