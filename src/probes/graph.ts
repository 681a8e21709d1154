// Microsoft Graph through @microsoft/microsoft-graph-client, with the final HTTP hop routed through the network
// map (so the lab's graph.microsoft.com answers) and Graph's errors kept as facts (status, code, request-id).
// The Graph client (~40 files) is loaded on the first request, so runs that never read Graph never open it.
import type {Client, Context, Middleware} from '@microsoft/microsoft-graph-client'
import {httpsRequest} from '../net/https-request.js'
import type {NetworkMap} from '../net/routes.js'
import {redactText} from '../core/redact.js'
import type {Secret} from '../core/secret.js'

class RoutedHttpMessageHandler implements Middleware {
  constructor(private readonly map: NetworkMap | undefined, private readonly timeoutMs: number) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url
    const headers: Record<string, string> = {}
    new Headers(context.options?.headers as ConstructorParameters<typeof Headers>[0]).forEach((value, key) => { headers[key] = value })
    const reply = await httpsRequest(url, {
      method: context.options?.method ?? 'GET', headers, map: this.map, timeoutMs: this.timeoutMs,
      body: typeof context.options?.body === 'string' ? context.options.body : undefined,
    })
    context.response = new Response(reply.status === 204 ? null : reply.body, {status: reply.status, headers: reply.headers})
  }
}

export interface GraphFailure {
  status: number
  code: string
  message: string
  requestId?: string
  date?: string
}

export type GraphResult<T> = {ok: true; value: T} | {ok: false; failure: GraphFailure}

export interface GraphReader {
  get<T>(path: string): Promise<GraphResult<T>>
}

export function createGraphReader(graphHost: string, token: Secret, map?: NetworkMap, timeoutMs = 15_000): GraphReader {
  let client: Client | undefined
  return {
    async get<T>(path: string): Promise<GraphResult<T>> {
      const {AuthenticationHandler, Client, GraphError} = await import('@microsoft/microsoft-graph-client')
      if (!client) {
        const auth = new AuthenticationHandler({getAccessToken: async () => token.reveal()})
        auth.setNext(new RoutedHttpMessageHandler(map, timeoutMs))
        client = Client.initWithMiddleware({middleware: auth, baseUrl: `https://${graphHost}/`, defaultVersion: 'v1.0'})
      }
      try {
        return {ok: true, value: (await client.api(path).get()) as T}
      } catch (error) {
        if (error instanceof GraphError) {
          return {ok: false, failure: {status: error.statusCode, code: error.code ?? 'unknown', message: redactText(error.message), requestId: error.requestId ?? undefined, date: error.date?.toISOString()}}
        }
        const e = error as NodeJS.ErrnoException
        return {ok: false, failure: {status: 0, code: e.code ?? 'network', message: redactText(e.message ?? String(error))}}
      }
    },
  }
}
