// The settings a product was configured with: what the customer typed in, after merging file, environment
// and flags. Values are kept as typed (the static checks judge them); only defaults are filled in.

import type {Protocol} from '../probes/types.js'
import type {SettingSource} from '../report/types.js'
import type {Secret} from '../secrets/secret.js'
import type {Cloud} from './clouds.js'

export type TlsMode = 'starttls' | 'implicit' | 'none'
export const TLS_MODES: readonly TlsMode[] = ['starttls', 'implicit', 'none']
export const PROTOCOLS: readonly Protocol[] = ['smtp', 'imap', 'pop']
/** How people write each protocol's name. */
export const PROTOCOL_LABEL: Record<Protocol, string> = {smtp: 'SMTP', imap: 'IMAP', pop: 'POP'}

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
