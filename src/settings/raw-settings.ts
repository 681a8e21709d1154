// Settings as one input layer gives them (a file, the environment, flags): every value optional and untyped
// beyond its primitive kind. load-settings.ts merges the layers and fills in the cloud's defaults.

export interface RawEndpoint {
  host?: string
  port?: number
  tls?: string
}

export interface RawSettings {
  cloud?: string
  tenant?: string
  clientId?: string
  clientSecret?: string
  /** Path of the client certificate file (PEM with key, or PFX/P12). */
  certificate?: string
  certificatePassword?: string
  /** The federated token itself (a JWT). */
  federatedToken?: string
  federatedTokenFile?: string
  /** 'github': fetch the token from GitHub Actions' OIDC endpoint. */
  federated?: string
  authorityHost?: string
  /** 'true' or '1' (case-insensitive), as @azure/identity reads AZURE_CLIENT_SEND_CERTIFICATE_CHAIN. */
  sendCertificateChain?: string
  mailbox?: string
  from?: string
  scope?: string
  tokenUrl?: string
  smtp?: RawEndpoint
  imap?: RawEndpoint
  pop?: RawEndpoint
  protocols?: string[]
  exchangeObjectId?: string
  auth?: string
}
