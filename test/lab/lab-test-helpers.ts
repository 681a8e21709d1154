// Shared by the lab's tests: scenario variants, MSAL pointed at the lab, raw HTTPS through the NetworkMap.

import {request} from 'node:https'
import {isIP} from 'node:net'
import {ConfidentialClientApplication} from '@azure/msal-node'
import type {LabHandle} from '../../src/lab/lab-types.js'
import {resolveScenario} from '../../src/lab/scenario/load-scenario.js'
import type {Scenario} from '../../src/lab/scenario/types.js'
import {startLab} from '../../src/lab/start-lab.js'
import {createRoutedNetworkClient} from '../../src/net/msal-network-client.js'
import {routeFor} from '../../src/net/routes.js'

// The contract example's IDs, shared with the mail servers' fixtures.
import {APP_ID} from './fixtures.js'
export {APP_ID, APP_OBJECT_ID, SP_ID, TENANT_ID} from './fixtures.js'
export const SECRET = 'Qx8~labSecretValue.For.Tests-0001'
export const SECRET_ID = '0e4f5a6b-0000-4000-8000-000000000004'
export const EXCHANGE_SCOPE = 'https://outlook.office365.com/.default'
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default'

/** A built-in scenario, changed by `edit` (the loaded object is fresh each call). */
export async function scenarioFrom(name: string, edit?: (s: Scenario) => void): Promise<Scenario> {
  const s = await resolveScenario(name)
  edit?.(s)
  return s
}

/** Starts a lab without mail servers (this suite covers token and Graph) and closes it after `fn`. */
export async function withLab<T>(scenario: Scenario, fn: (lab: LabHandle) => Promise<T>): Promise<T> {
  const lab = await startLab(scenario, {mail: false})
  try {
    return await fn(lab)
  } finally {
    await lab.close()
  }
}

export interface MsalRequest {
  tenant?: string
  host?: string
  clientId?: string
  secret?: string
  scope?: string
}

export async function msalToken(lab: LabHandle, r: MsalRequest = {}) {
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: r.clientId ?? APP_ID,
      clientSecret: r.secret ?? SECRET,
      authority: `https://${r.host ?? 'login.microsoftonline.com'}/${r.tenant ?? 'contoso.onmicrosoft.com'}`,
    },
    system: {networkClient: createRoutedNetworkClient(lab.network)},
  })
  return app.acquireTokenByClientCredential({scopes: [r.scope ?? EXCHANGE_SCOPE]})
}

/** MSAL's ServerError fields, or a failure when the call unexpectedly succeeded. */
export async function msalError(lab: LabHandle, r: MsalRequest = {}): Promise<{errorCode: string; errorNo?: string; status?: number; errorMessage: string}> {
  try {
    await msalToken(lab, r)
  } catch (error) {
    return error as never
  }
  throw new Error('expected the token request to fail')
}

export interface RawReply {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  json: () => any
}

/** One HTTPS request to a real host name, routed by the lab's map and verified against its CA. */
export function rawRequest(
  lab: LabHandle,
  host: string,
  method: string,
  path: string,
  options: {headers?: Record<string, string>; body?: string} = {},
): Promise<RawReply> {
  const route = routeFor(host, 443, lab.network)
  if (!route) throw new Error(`${host}:443 is not mapped`)
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {...options.headers}
    if (options.body !== undefined) {
      headers['Content-Type'] ??= 'application/x-www-form-urlencoded'
      headers['Content-Length'] = Buffer.byteLength(options.body)
    }
    const req = request(
      {method, host: route.connectHost, port: route.connectPort, servername: isIP(host) ? undefined : host, ca: route.ca, path, headers: {Host: host, ...headers}, timeout: 5000},
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text)})
        })
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end(options.body)
  })
}

export function tokenForm(fields: Record<string, string>): string {
  return new URLSearchParams({grant_type: 'client_credentials', client_id: APP_ID, client_secret: SECRET, scope: EXCHANGE_SCOPE, ...fields}).toString()
}

export function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>
}
