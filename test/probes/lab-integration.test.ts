// The probes against the lab's own Exchange emulation (src/lab), end to end: MSAL token from the lab's Entra,
// then SMTP/IMAP/POP logins through the lab's NetworkMap. A lab that cannot start fails the test: it is ours.
import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {ConfidentialClientApplication} from '@azure/msal-node'
import type {LabHandle} from '../../src/lab/lab-types.js'
import {resolveScenario} from '../../src/lab/scenario/load-scenario.js'
import {startLab} from '../../src/lab/start-lab.js'
import {createRoutedNetworkClient} from '../../src/net/msal-network-client.js'
import {probeLogin, type ProbeLoginOptions} from '../../src/probes/index.js'
import {assertNoSecrets} from './fixtures/lab.js'

async function labFor(name: string): Promise<{lab: LabHandle; token: string; client: Record<string, unknown>}> {
  const scenario = await resolveScenario(name)
  const lab = await startLab(scenario)
  const c = scenario.client
  const app = new ConfidentialClientApplication({
    auth: {clientId: c.clientId ?? '', clientSecret: c.clientSecret ?? '', authority: `https://login.microsoftonline.com/${c.tenant}`},
    system: {networkClient: createRoutedNetworkClient(lab.network)},
  })
  const result = await app.acquireTokenByClientCredential({scopes: [c.scope ?? 'https://outlook.office365.com/.default']})
  if (!result?.accessToken) {
    await lab.close()
    throw new Error(`the lab (${name}) issued no token`)
  }
  return {lab, token: result.accessToken, client: c as unknown as Record<string, unknown>}
}

function opts(l: {lab: LabHandle; token: string; client: Record<string, unknown>}, protocol: 'smtp' | 'imap' | 'pop'): ProbeLoginOptions {
  const endpoint = l.client[protocol] as ProbeLoginOptions['endpoint']
  return {endpoint, user: String(l.client.mailbox), token: l.token, map: l.lab.network, timeoutMs: 10_000, transcript: true}
}

for (const [scenario, check] of [
  [
    'healthy',
    async (l: Awaited<ReturnType<typeof labFor>>) => {
      for (const protocol of ['smtp', 'imap', 'pop'] as const) {
        const r = await probeLogin(protocol, opts(l, protocol))
        assert.equal(r.ok, true, `${protocol}: ${JSON.stringify(r.error)}`)
        assert.equal(r.tls?.authorized, true)
        assertNoSecrets(r, l.token, String(l.client.mailbox))
      }
      const sent = await probeLogin('smtp', {...opts(l, 'smtp'), sendTest: {from: String(l.client.mailbox), to: String(l.client.mailbox)}})
      assert.equal(sent.sent, true, JSON.stringify(sent.error))
    },
  ],
  [
    'imap-disabled',
    async (l: Awaited<ReturnType<typeof labFor>>) => {
      const r = await probeLogin('imap', opts(l, 'imap'))
      assert.equal(r.error?.stage, 'mailbox', JSON.stringify(r.error))
      assert.equal(r.error?.serverText, 'BAD User is authenticated but not connected.')
    },
  ],
  [
    'no-service-principal',
    async (l: Awaited<ReturnType<typeof labFor>>) => {
      const [smtp, imap, pop] = await Promise.all((['smtp', 'imap', 'pop'] as const).map((p) => probeLogin(p, opts(l, p))))
      assert.equal(smtp?.error?.stage, 'auth', JSON.stringify(smtp?.error))
      assert.equal(smtp?.error?.responseCode, 535)
      assert.match(smtp?.error?.serverText ?? '', /^535 5\.7\.3 Authentication unsuccessful/)
      assert.equal(imap?.error?.stage, 'auth', JSON.stringify(imap?.error))
      assert.equal(imap?.error?.serverText, 'NO AUTHENTICATE failed.')
      assert.equal(pop?.error?.stage, 'auth', JSON.stringify(pop?.error))
      assert.equal(pop?.error?.serverText, '-ERR Authentication failure: unknown user name or bad password.')
      for (const r of [smtp, imap, pop]) assertNoSecrets(r!, l.token, String(l.client.mailbox))
    },
  ],
  [
    'send-as-denied',
    async (l: Awaited<ReturnType<typeof labFor>>) => {
      const from = String(l.client.from ?? 'noreply@contoso.com')
      const r = await probeLogin('smtp', {...opts(l, 'smtp'), sendTest: {from, to: String(l.client.mailbox)}})
      assert.equal(r.error?.stage, 'send', JSON.stringify(r.error))
      assert.equal(r.error?.responseCode, 554)
      assert.match(r.error?.serverText ?? '', /^554 5\.2\.252 SendAsDenied;/)
    },
  ],
] as const) {
  describe(`probes against the lab: ${scenario}`, () => {
    let l: Awaited<ReturnType<typeof labFor>> | undefined
    before(async () => {
      l = await labFor(scenario)
    })
    after(async () => {
      await l?.lab.close()
    })
    it('reports what the lab says', async () => {
      assert.ok(l, 'the lab started')
      await check(l)
    })
  })
}
