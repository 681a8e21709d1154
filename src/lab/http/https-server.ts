// One HTTPS server for every HTTP host of every cloud: the Host header picks the service (an authority host →
// Entra ID, a Graph host → Microsoft Graph). The certificate names all real hosts, so SNI needs no switching.

import {createServer, type Server} from 'node:https'
import type {AddressInfo, Socket} from 'node:net'
import {CLOUD_ENDPOINTS} from '../../core/cloud.js'
import type {LabPki} from '../lab-types.js'
import {buildGraphDirectory} from './graph-directory.js'
import {handleGraphRequest} from './graph-routes.js'
import {handleIdentityRequest} from './identity-routes.js'
import {allAuthorityHosts, allGraphHosts, type LabContext} from './lab-context.js'
import {delay, sendJson} from './respond.js'
import {discoveryDocument, federationIssuerHosts} from './federation-issuer.js'

function isLoopbackName(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === ''
}

export interface LabHttpsServer {
  port: number
  close(): Promise<void>
}

/** An external OIDC issuer: its discovery document and keys (what Entra fetches to verify a federated token). */
async function handleIssuerRequest(res: import('node:http').ServerResponse, ctx: LabContext, host: string, url: URL): Promise<void> {
  const path = url.pathname
  if (path.endsWith('/.well-known/openid-configuration')) {
    sendJson(res, 200, discoveryDocument(`https://${host}${path.slice(0, -'/.well-known/openid-configuration'.length)}`))
  } else if (path.endsWith('/.well-known/jwks') && ctx.federation) {
    sendJson(res, 200, await ctx.federation.jwks())
  } else {
    sendJson(res, 404, {error: 'not_found'})
  }
}

export async function startLabHttpsServer(ctx: LabContext, pki: LabPki, host = '127.0.0.1', port = 0): Promise<LabHttpsServer> {
  const identity = pki.identityFor('login.microsoftonline.com')
  const authorityHosts = allAuthorityHosts()
  const graphHosts = allGraphHosts()
  const issuerHosts = new Set(federationIssuerHosts(ctx.scenario))
  // Rebuilt when lab.switchTo replaces the applications (the directory is derived from them).
  let directory = buildGraphDirectory(ctx.scenario)
  let directoryOf = ctx.scenario.applications
  const sockets = new Set<Socket>()

  const server: Server = createServer({key: identity.key, cert: identity.cert, minVersion: 'TLSv1.2'}, (req, res) => {
    const hostName = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase()
    const url = new URL(req.url ?? '/', `https://${hostName || 'localhost'}`)
    void (async () => {
      await delay(ctx.scenario.lab.latencyMs)
      if (directoryOf !== ctx.scenario.applications) {
        directory = buildGraphDirectory(ctx.scenario)
        directoryOf = ctx.scenario.applications
      }
      if (authorityHosts.has(hostName)) await handleIdentityRequest(req, res, ctx, hostName, url)
      else if (graphHosts.has(hostName)) await handleGraphRequest(req, res, ctx, directory, hostName, url)
      else if (issuerHosts.has(hostName)) await handleIssuerRequest(res, ctx, hostName, url)
      else if (isLoopbackName(hostName)) {
        // A product outside this process that was given https://127.0.0.1:PORT (`lab serve`) cannot send the real
        // host name: it is served as the scenario's own cloud (Graph paths start with a version segment).
        const e = CLOUD_ENDPOINTS[ctx.scenario.tenant.cloud]
        if (/^\/(v1\.0|beta)(\/|$)/.test(url.pathname)) await handleGraphRequest(req, res, ctx, directory, e.graphHost, url)
        else await handleIdentityRequest(req, res, ctx, e.authorityHost, url)
      } else sendJson(res, 421, {error: 'misdirected_request', message: `The lab serves no HTTP host named '${hostName}'.`})
    })().catch((error: unknown) => {
      ctx.log(`https: ${req.method} ${hostName}${url.pathname} failed: ${(error as Error).message}`)
      if (!res.headersSent) sendJson(res, 500, {error: 'server_error'})
      else res.destroy()
    })
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  // A client that drops mid-handshake is not the lab's problem.
  server.on('tlsClientError', () => undefined)

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })

  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
}
