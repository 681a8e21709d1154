// The one declaration of how a setting is given outside a file: its command-line flag (a *-stdin flag for a value
// read from standard input) and its Azure convention variable (azure-identity's EnvironmentCredential). check's and
// evidence-script's oclif flag definitions take their names from here (settingFlag), the flag and environment
// layers read through it, and every message names a setting's flag or variable from it, so they cannot drift
// (`--clientId` was once printed for --client-id).
//
// The variables are deliberately not oclif's `env:` on the flag definitions: oclif would copy AZURE_TENANT_ID into
// --tenant, so the report's source would say "flag" and messages "--tenant" for a value that came from the
// environment, and `check --lab` and fleet runs (which must not read AZURE_*) would read them as flags.
import type {SettingKey} from './types.js'

interface SettingInput {
  /** The flag that gives the value itself. */
  readonly flag?: string
  /** The flag that reads the value from standard input. */
  readonly stdin?: string
  /** The Azure convention variable. */
  readonly env?: string
}

export const SETTING_INPUTS = {
  cloud: {flag: 'cloud'},
  tenant: {flag: 'tenant', env: 'AZURE_TENANT_ID'},
  clientId: {flag: 'client-id', env: 'AZURE_CLIENT_ID'},
  clientSecret: {flag: 'client-secret', stdin: 'client-secret-stdin', env: 'AZURE_CLIENT_SECRET'},
  certificate: {flag: 'certificate', env: 'AZURE_CLIENT_CERTIFICATE_PATH'},
  certificatePassword: {stdin: 'certificate-password-stdin', env: 'AZURE_CLIENT_CERTIFICATE_PASSWORD'},
  // Only inline in a lab scenario (a fleet or a settings file names a token file instead).
  federatedToken: {},
  federatedTokenFile: {flag: 'federated-token-file', env: 'AZURE_FEDERATED_TOKEN_FILE'},
  federated: {flag: 'federated'},
  authorityHost: {env: 'AZURE_AUTHORITY_HOST'},
  sendCertificateChain: {env: 'AZURE_CLIENT_SEND_CERTIFICATE_CHAIN'},
  mailbox: {flag: 'mailbox'},
  from: {flag: 'from'},
  scope: {flag: 'scope'},
  tokenUrl: {flag: 'token-url'},
  'smtp.host': {flag: 'smtp-host'},
  'smtp.port': {flag: 'smtp-port'},
  'smtp.tls': {flag: 'smtp-tls'},
  'imap.host': {flag: 'imap-host'},
  'imap.port': {flag: 'imap-port'},
  'imap.tls': {flag: 'imap-tls'},
  'pop.host': {flag: 'pop-host'},
  'pop.port': {flag: 'pop-port'},
  'pop.tls': {flag: 'pop-tls'},
  protocols: {flag: 'protocols'},
  exchangeObjectId: {flag: 'exchange-object-id'},
  auth: {flag: 'auth'},
} as const satisfies Record<SettingKey, SettingInput>

type Inputs = typeof SETTING_INPUTS
/** The settings that have a flag of their own, and that flag's name. */
export type FlagSetting = {[K in SettingKey]: Inputs[K] extends {flag: string} ? K : never}[SettingKey]
export type FlagName<K extends FlagSetting> = Inputs[K] extends {flag: infer F extends string} ? F : never
type StdinSetting = 'clientSecret' | 'certificatePassword'
type EnvSetting = {[K in SettingKey]: Inputs[K] extends {env: string} ? K : never}[SettingKey]

const INPUTS: Record<SettingKey, SettingInput> = SETTING_INPUTS

/** The settings that have a flag of their own. */
export const FLAG_SETTINGS = (Object.keys(INPUTS) as SettingKey[]).filter((key) => INPUTS[key].flag !== undefined) as FlagSetting[]

/** How messages name a setting given on the command line: its flag, else its *-stdin flag, else its variable. */
export const FLAG_OF = Object.fromEntries(Object.entries(INPUTS).map(([key, i]) => {
  const name = i.flag ?? i.stdin
  return [key, name ? `--${name}` : (i.env ?? key)]
})) as Record<SettingKey, string>

/** The Azure convention variable of each setting that has one. */
export const ENV_NAMES = Object.fromEntries(Object.entries(INPUTS).flatMap(([key, i]) => (i.env ? [[key, i.env]] : []))) as Record<EnvSetting, string> & Partial<Record<SettingKey, string>>

/** How a message tells the user to give a secret: the *-stdin flag (never on the command line), else the flag. */
export const stdinFlagOf = (key: StdinSetting): string => `--${SETTING_INPUTS[key].stdin}`

/** "Env: AZURE_TENANT_ID." for a flag's summary. */
export const envNote = (key: EnvSetting): string => `Env: ${ENV_NAMES[key]}.`

/** An oclif flag definition under the flag name this table gives the setting (spread it into a command's flags). */
export function settingFlag<K extends FlagSetting, D>(key: K, definition: D): {[P in FlagName<K>]: D} {
  return {[SETTING_INPUTS[key].flag]: definition} as {[P in FlagName<K>]: D}
}

/** The *-stdin flag's definition under its name from this table. */
export function stdinSettingFlag<K extends StdinSetting, D>(key: K, definition: D): {[P in Inputs[K]['stdin']]: D} {
  return {[SETTING_INPUTS[key].stdin]: definition} as {[P in Inputs[K]['stdin']]: D}
}
