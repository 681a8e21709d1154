// Scenario and token fixtures for the lab's tests: the contract's example tenant (lab-scenario.md), healthy by
// default, and a stand-in for the lab's token verifier (opaque token → claims, with expiry checked).

import {randomBytes} from 'node:crypto'
import type {LabTokenClaims} from '../../src/lab/lab-types.js'
import type {Scenario, ScenarioMailbox} from '../../src/lab/scenario/types.js'

export const TENANT_ID = '3f0c8a52-1b6e-4c1e-9a57-2d3c4b5a6f70'
export const APP_ID = '9a1b2c3d-0000-4000-8000-000000000001'
export const APP_OBJECT_ID = '5c2d3e4f-0000-4000-8000-000000000002'
export const SP_ID = '77e08f90-0000-4000-8000-000000000003'
export const MAILBOX = 'sender@contoso.com'
export const OTHER_MAILBOX = 'shared@contoso.com'
export const ALL_ROLES = ['SMTP.SendAsApp', 'IMAP.AccessAsApp', 'POP.AccessAsApp']

export function mailboxFixture(address: string, patch: Partial<ScenarioMailbox> = {}): ScenarioMailbox {
  return {address, type: 'user', smtpClientAuthenticationDisabled: null, imapEnabled: true, popEnabled: true, fullAccess: ['Mailer'], sendAs: [], ...patch}
}

/** A healthy tenant: the Exchange service principal is registered with the right ObjectId and has FullAccess. */
export function buildScenario(edit?: (s: Scenario) => void): Scenario {
  const scenario: Scenario = {
    name: 'fixture',
    description: 'test fixture',
    source: 'test/lab/fixtures.ts',
    tenant: {
      id: TENANT_ID,
      domains: ['contoso.onmicrosoft.com', 'contoso.com'],
      cloud: 'global',
      exchangeOnline: true,
      smtpClientAuthenticationDisabled: false,
      conditionalAccessBlocksApps: false,
      securityDefaults: false,
    },
    applications: [
      {
        displayName: 'Mailer',
        appId: APP_ID,
        objectId: APP_OBJECT_ID,
        servicePrincipalId: SP_ID,
        servicePrincipalEnabled: true,
        publicClient: false,
        secrets: [],
        permissions: ALL_ROLES.map((name) => ({api: 'exchange' as const, name, type: 'application' as const, consented: true})),
      },
    ],
    exchange: {
      servicePrincipals: [{appId: APP_ID, objectId: SP_ID, displayName: 'Mailer'}],
      rbacForApplications: [],
      mailboxes: [mailboxFixture(MAILBOX), mailboxFixture(OTHER_MAILBOX, {fullAccess: []})],
      limits: {smtpConcurrentPerMailbox: 3},
    },
    client: {tenant: 'contoso.onmicrosoft.com', clientId: APP_ID, mailbox: MAILBOX},
    lab: {latencyMs: 0, failureDelayMs: 0, tokenLifetimeS: 3599},
  }
  edit?.(scenario)
  return scenario
}

export function claimsFixture(patch: Partial<LabTokenClaims> = {}): LabTokenClaims {
  const now = Math.floor(Date.now() / 1000)
  return {
    aud: 'https://outlook.office365.com',
    iss: `https://sts.windows.net/${TENANT_ID}/`,
    iat: now - 300,
    nbf: now - 300,
    exp: now + 3600,
    appid: APP_ID,
    appidacr: '1',
    app_displayname: 'Mailer',
    idp: `https://sts.windows.net/${TENANT_ID}/`,
    idtyp: 'app',
    oid: SP_ID,
    sub: SP_ID,
    tid: TENANT_ID,
    roles: [...ALL_ROLES],
    ver: '1.0',
    ...patch,
  }
}

/** Stands in for the lab's token endpoint and verifier: issue() mints an opaque token for some claims. */
export class TokenBook {
  private readonly tokens = new Map<string, LabTokenClaims>()

  issue(patch: Partial<LabTokenClaims> = {}): string {
    const token = `eyJ0eXAiOiJKV1Qi.${randomBytes(24).toString('base64url')}.sig`
    this.tokens.set(token, claimsFixture(patch))
    return token
  }

  /** Like the lab's: undefined for a token it did not sign, or one past its expiry. */
  verifyToken = async (token: string): Promise<LabTokenClaims | undefined> => {
    const claims = this.tokens.get(token)
    if (!claims || claims.exp * 1000 < Date.now()) return undefined
    return claims
  }
}
