// The settings a product was configured with: what the customer typed in, after merging file, environment
// and flags. Values are kept as typed (the static checks judge them); only defaults are filled in.

import type {Protocol, TlsMode} from '../core/protocol.js'
import type {SettingSource} from '../core/report.js'
import type {Secret} from '../core/secret.js'
import type {Cloud} from '../core/cloud.js'

/** How the product authenticates (an extension of the client section: products on basic auth exist). */
export type AuthMethod = 'oauth2' | 'basic' | 'none'

export interface Endpoint {
  host: string
  port: number
  tls: TlsMode
}

export interface Settings {
  cloud: Cloud
  tenant?: string
  clientId?: string
  clientSecret?: Secret
  mailbox?: string
  from?: string
  scope: string
  tokenUrl?: string
  smtp?: Endpoint
  imap?: Endpoint
  pop?: Endpoint
  protocols: Protocol[]
  exchangeObjectId?: string
  auth: AuthMethod
}

export type SettingKey =
  | 'cloud' | 'tenant' | 'clientId' | 'clientSecret' | 'mailbox' | 'from' | 'scope' | 'tokenUrl'
  | 'smtp.host' | 'smtp.port' | 'smtp.tls' | 'imap.host' | 'imap.port' | 'imap.tls' | 'pop.host' | 'pop.port'
  | 'pop.tls' | 'protocols' | 'exchangeObjectId' | 'auth'

export type SettingSources = Partial<Record<SettingKey, SettingSource>>

export interface LoadedSettings {
  settings: Settings
  sources: SettingSources
}
