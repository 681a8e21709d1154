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

export interface CertificateSetting {
  /** Absolute or working-directory-relative path of the PEM (certificate + private key) or PFX/P12 file. */
  file: string
  password?: Secret
  /** AZURE_CLIENT_SEND_CERTIFICATE_CHAIN: send x5c (subject name / issuer authentication). */
  sendChain?: boolean
}

/** Where the federated token comes from: given inline, a file re-read per use, or GitHub Actions' OIDC endpoint. */
export type FederatedTokenSetting =
  | {source: 'inline'; token: Secret}
  | {source: 'file'; file: string}
  | {source: 'github'}

/** Which kind of credential the product uses; exactly one is configured. */
export type CredentialKind = 'secret' | 'certificate' | 'federated'

export interface Settings {
  cloud: Cloud
  tenant?: string
  clientId?: string
  clientSecret?: Secret
  /** A client certificate (PEM with key, or PFX/P12) instead of a secret. */
  certificate?: CertificateSetting
  /** A federated (workload identity) token instead of a secret. */
  federatedToken?: FederatedTokenSetting
  /** AZURE_AUTHORITY_HOST: the authority host, when not the cloud's own (e.g. login.microsoftonline.us). */
  authorityHost?: string
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
  | 'certificate' | 'certificatePassword' | 'federatedToken' | 'federatedTokenFile' | 'federated' | 'authorityHost' | 'sendCertificateChain'

export type SettingSources = Partial<Record<SettingKey, SettingSource>>

export interface LoadedSettings {
  settings: Settings
  sources: SettingSources
}
