// `check --lab`: starts the lab in-process and turns the scenario's client: section into a settings layer.
// The doctor then talks to the lab exactly as to Microsoft; only the network map and CA differ.
import {resolveScenario} from '../lab/scenario/load-scenario.js'
import {startLab} from '../lab/start-lab.js'
import type {NetworkMap} from '../net/routes.js'
import type {RawSettings} from '../settings/raw-settings.js'
import type {SettingsLayer} from '../settings/load-settings.js'

export interface LabSession {
  name: string
  network: NetworkMap
  layer: SettingsLayer
  close(): Promise<void>
}

export async function startLabForCheck(nameOrPath: string): Promise<LabSession> {
  const scenario = await resolveScenario(nameOrPath)
  const lab = await startLab(scenario)
  const c = scenario.client
  const values: RawSettings = {
    tenant: c.tenant, clientId: c.clientId, clientSecret: c.clientSecret, mailbox: c.mailbox, from: c.from,
    scope: c.scope, tokenUrl: c.tokenUrl, smtp: c.smtp, imap: c.imap, pop: c.pop, exchangeObjectId: c.exchangeObjectId,
    certificate: c.certificate?.file, certificatePassword: c.certificate?.password,
    // The product's external token, minted by the lab's issuer for the scenario's issuer URL.
    federatedToken: c.federatedToken && lab.mintFederatedToken ? await lab.mintFederatedToken(c.federatedToken) : undefined,
    // No cloud from the tenant's hidden state: like a real product, the client's hosts and scope say which cloud.
  }
  return {
    name: scenario.name,
    network: lab.network,
    layer: {source: 'lab', nameOf: (key) => `client.${key} in scenario ${scenario.source}`, values},
    close: () => lab.close(),
  }
}
