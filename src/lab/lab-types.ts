// The interfaces between the lab's parts and its users (the doctor, `lab serve`, tests).

import type {NetworkMap} from '../net/routes.js'
import type {ListenAddress} from './lab-binding.js'
import type {WireLog} from './mail/wire-log.js'
import type {Scenario} from './scenario/types.js'

/** Claims of a token the lab signed (a v1 app-only token, microsoft-behaviour.md §2.1). */
export interface LabTokenClaims {
  aud: string
  iss: string
  iat: number
  nbf: number
  exp: number
  appid: string
  appidacr: string
  app_displayname: string
  idp: string
  idtyp: 'app'
  oid: string
  sub: string
  tid: string
  roles?: string[]
  ver: '1.0'
  [claim: string]: unknown
}

/** TLS material for one host name, issued by the lab CA. */
export interface LabTlsIdentity {
  key: string
  cert: string
}

export interface LabPki {
  caPem: string
  /** Certificate and key for a host name (cached; all clouds' real names are pre-issued). */
  identityFor(host: string): LabTlsIdentity
}

/** What the mail servers need from the rest of the lab. */
export interface MailServerDeps {
  scenario: Scenario
  pki: LabPki
  /** Verifies a bearer token the lab signed; undefined when the signature, expiry or issuer is wrong. */
  verifyToken(token: string): Promise<LabTokenClaims | undefined>
  log?: (line: string) => void
  /** Every line each way, redacted (mail/wire-log.ts); for `lab serve --log` and the real-client tests. */
  wire?: WireLog
  /** Where each mail server listens (lab-binding.ts); default 127.0.0.1, a port the system picks. */
  bind?: Partial<Record<keyof MailServerPorts, ListenAddress>>
}

export interface MailServerPorts {
  smtp587: number
  smtp25: number
  imap993: number
  pop995: number
}

export interface RunningMailServers {
  ports: MailServerPorts
  close(): Promise<void>
}

export interface LabHandle {
  scenario: Scenario
  /** (host, port) → loopback port for every real host name of every cloud, plus the lab CA. */
  network: NetworkMap
  /** Loopback ports by service, for `lab serve` and tests that talk raw sockets. */
  ports: {https: number} & MailServerPorts
  /** The loopback address each service listens on (127.0.0.1 unless `lab serve --real-ports`). */
  hosts: {https: string} & Record<keyof MailServerPorts, string>
  /** Where the CA PEM was written, for products outside this process (NODE_EXTRA_CA_CERTS). */
  caFile?: string
  verifyToken(token: string): Promise<LabTokenClaims | undefined>
  /** A token of the lab's external OIDC issuer for `issuer` (the client's federatedToken, §8.2). */
  mintFederatedToken?(claims: {issuer: string; subject: string; audience: string}): Promise<string>
  close(): Promise<void>
}
