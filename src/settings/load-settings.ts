// Merges the settings layers (later wins: file < environment < flags), records where each value came from,
// and fills in the chosen cloud's Exchange Online defaults. Values are kept as typed: judging them is the
// static checks' job. Only unusable input (a missing required value, an unknown enum value) is an InputError.
import {collectInputError, combineInputErrors, InputError} from '../core/input-error.js'
import type {Protocol} from '../core/protocol.js'
import type {SettingSource} from '../core/report.js'
import {Secret} from '../core/secret.js'
import {CLOUD_ENDPOINTS, CLOUDS, cloudsOfExchangeResource, cloudsOfHost, isCloud, type Cloud} from '../core/cloud.js'
import type {RawEndpoint, RawSettings} from './raw-settings.js'
import {type AuthMethod, type Endpoint, type LoadedSettings, type SettingKey, type SettingSources} from './types.js'
import {PROTOCOLS, type TlsMode} from '../core/protocol.js'
import {ENV_NAMES, FLAG_OF, stdinFlagOf} from './setting-flags.js'

export interface SettingsLayer {
  source: SettingSource
  /** How to name this layer's inputs in messages, e.g. key → "--smtp-port" or "AZURE_TENANT_ID". */
  nameOf: (key: SettingKey) => string
  values: RawSettings
}

export {ENV_NAMES}

/** The Azure convention variables (azure-identity's EnvironmentCredential); an empty one counts as not set. */
export function environmentLayer(env: NodeJS.ProcessEnv): SettingsLayer {
  const values: Record<string, string> = {}
  for (const [key, name] of Object.entries(ENV_NAMES)) if (env[name]) values[key] = env[name]
  return {source: 'env', nameOf: (key) => ENV_NAMES[key] ?? key, values: values as RawSettings}
}

const TLS_ALIASES: Record<string, TlsMode> = {
  starttls: 'starttls', 'start-tls': 'starttls',
  implicit: 'implicit', ssl: 'implicit', tls: 'implicit', 'ssl/tls': 'implicit',
  none: 'none', plain: 'none', plaintext: 'none', off: 'none',
}
const DEFAULT_PORTS: Record<Protocol, number> = {smtp: 587, imap: 993, pop: 995}
const DEFAULT_TLS: Record<Protocol, TlsMode> = {smtp: 'starttls', imap: 'implicit', pop: 'implicit'}
/** The TLS mode a product most likely uses on a well-known port when only the port was typed. */
const TLS_BY_PORT: Record<number, TlsMode> = {25: 'starttls', 587: 'starttls', 465: 'implicit', 993: 'implicit', 995: 'implicit', 143: 'none', 110: 'none'}

export const REQUIRED_KEYS = ['tenant', 'clientId', 'mailbox'] as const
/** The settings that each name one credential; exactly one may be given. */
const CREDENTIAL_KEYS = ['clientSecret', 'certificate', 'federatedToken', 'federatedTokenFile', 'federated'] as const
const CREDENTIAL_HOW = [
  stdinFlagOf('clientSecret'), ENV_NAMES.clientSecret, FLAG_OF.certificate, ENV_NAMES.certificate, FLAG_OF.federatedTokenFile,
  ENV_NAMES.federatedTokenFile, `${FLAG_OF.federated} github`, 'or clientSecret:/certificate: in the --config file',
].join(', ')

export function mergeSettings(layers: SettingsLayer[], options: {requireAll?: boolean} = {}): LoadedSettings {
  const sources: SettingSources = {}
  const merged: RawSettings = {}
  const nameOf: Partial<Record<SettingKey, string>> = {}
  const set = (key: SettingKey, value: unknown, layer: SettingsLayer, assign: () => void): void => {
    if (value === undefined || value === '') return
    assign()
    sources[key] = layer.source
    nameOf[key] = layer.nameOf(key)
  }
  for (const layer of layers) {
    const v = layer.values
    for (const key of ['cloud', 'tenant', 'clientId', 'clientSecret', 'mailbox', 'from', 'scope', 'tokenUrl', 'exchangeObjectId', 'auth',
      'certificate', 'certificatePassword', 'federatedToken', 'federatedTokenFile', 'federated', 'authorityHost', 'sendCertificateChain'] as const) {
      set(key, v[key], layer, () => { (merged as Record<string, unknown>)[key] = v[key] })
    }
    set('protocols', v.protocols, layer, () => { merged.protocols = v.protocols })
    for (const protocol of PROTOCOLS) {
      const endpoint = v[protocol]
      if (!endpoint) continue
      for (const part of ['host', 'port', 'tls'] as const) {
        set(`${protocol}.${part}`, endpoint[part], layer, () => {
          merged[protocol] = {...merged[protocol], [part]: endpoint[part]} as RawEndpoint
        })
      }
    }
  }
  const label = (key: SettingKey): string => nameOf[key] ?? key

  // Every problem is collected and said in one message: four missing values must not take four runs.
  const problems: InputError[] = []
  if (options.requireAll !== false) {
    for (const key of REQUIRED_KEYS) {
      if (!merged[key]) {
        const how = `${FLAG_OF[key]}${ENV_NAMES[key] ? `, ${ENV_NAMES[key]}` : ''} or ${key}: in the --config file`
        problems.push(new InputError(key, `missing required setting; give ${how}`))
      }
    }
  }
  const credentials = CREDENTIAL_KEYS.filter((key) => merged[key] !== undefined)
  if (credentials.length > 1) {
    problems.push(new InputError(`${label(credentials[0]!)} and ${label(credentials[1]!)}`, 'two credentials are configured; give exactly one (a client secret, a certificate or a federated token)'))
  }
  if (credentials.length === 0 && options.requireAll !== false) {
    problems.push(new InputError('credential', `missing required setting; give a client secret, a certificate or a federated token: ${CREDENTIAL_HOW}`))
  }
  if (merged.certificatePassword !== undefined && merged.certificate === undefined && credentials.length > 0) {
    problems.push(new InputError(label('certificatePassword'), `a certificate password is given but no certificate; give ${FLAG_OF.certificate} or ${ENV_NAMES.certificate} too`))
  }
  if (merged.federated !== undefined && merged.federated.toLowerCase() !== 'github') {
    problems.push(new InputError(label('federated'), `unknown federated token source "${merged.federated}" (expected github)`))
  }

  const cloud = collectInputError(problems, () => chooseCloud(merged, label), 'global' as Cloud)
  if (!sources.cloud) sources.cloud = 'default'
  const protocols = collectInputError(problems, () => chooseProtocols(merged, label), [...PROTOCOLS])
  if (!sources.protocols) sources.protocols = 'default'
  const endpoints: Partial<Record<Protocol, Endpoint>> = {}
  for (const protocol of protocols) {
    const endpoint = collectInputError(problems, () => completeEndpoint(protocol, merged[protocol], cloud, label, sources), undefined)
    if (endpoint) endpoints[protocol] = endpoint
  }
  const auth = collectInputError(problems, () => parseAuth(merged.auth, label), 'oauth2' as AuthMethod)
  const authorityHost = merged.authorityHost === undefined ? undefined : collectInputError<string | undefined>(problems, () => authorityHostOf(merged.authorityHost!, label), undefined)
  if (problems.length > 0) throw combineInputErrors(problems)
  const scope = merged.scope ?? `${CLOUD_ENDPOINTS[cloud].exchangeResource}/.default`
  if (!sources.scope) sources.scope = 'default'
  return {
    settings: {
      cloud,
      tenant: merged.tenant?.trim(),
      clientId: merged.clientId?.trim(),
      clientSecret: merged.clientSecret === undefined ? undefined : new Secret(merged.clientSecret),
      certificate: merged.certificate === undefined ? undefined : {
        file: merged.certificate,
        password: merged.certificatePassword === undefined ? undefined : new Secret(merged.certificatePassword),
        sendChain: ['true', '1'].includes(merged.sendCertificateChain?.trim().toLowerCase() ?? ''),
      },
      federatedToken: merged.federatedToken !== undefined ? {source: 'inline', token: new Secret(merged.federatedToken.trim())}
        : merged.federatedTokenFile !== undefined ? {source: 'file', file: merged.federatedTokenFile}
        : merged.federated !== undefined ? {source: 'github'} : undefined,
      authorityHost,
      mailbox: merged.mailbox?.trim(),
      from: merged.from?.trim(),
      scope: scope.trim(),
      tokenUrl: merged.tokenUrl?.trim(),
      ...endpoints,
      protocols,
      exchangeObjectId: merged.exchangeObjectId?.trim(),
      auth,
    },
    sources,
  }
}

/** AZURE_AUTHORITY_HOST is a URL (https://login.microsoftonline.us/) or a bare host; keep the host. */
function authorityHostOf(value: string, label: (k: SettingKey) => string): string {
  const text = value.trim()
  const host = /^https:\/\//i.test(text) ? hostOf(text) : /^[a-z0-9.-]+(:\d+)?$/i.test(text) ? text.toLowerCase() : ''
  if (!host) throw new InputError(label('authorityHost'), `"${value}" is not an authority host (expected e.g. https://login.microsoftonline.com)`)
  return host
}

/** The explicit cloud, else the cloud the token URL, scope or mail hosts point at, else global. */
function chooseCloud(merged: RawSettings, label: (k: SettingKey) => string): Cloud {
  if (merged.cloud !== undefined) {
    const c = merged.cloud.toLowerCase()
    if (!isCloud(c)) throw new InputError(label('cloud'), `unknown cloud "${merged.cloud}" (expected one of: ${CLOUDS.join(', ')})`)
    return c
  }
  const hints: Cloud[][] = []
  if (merged.tokenUrl) hints.push(cloudsOfHost(hostOf(merged.tokenUrl)))
  if (merged.scope) hints.push(cloudsOfExchangeResource(merged.scope.replace(/\/\.default$/i, '')))
  for (const p of PROTOCOLS) if (merged[p]?.host) hints.push(cloudsOfHost(merged[p]!.host!))
  const first = hints.find((h) => h.length > 0)
  return first?.[0] ?? 'global'
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase()
  } catch {
    return ''
  }
}

function chooseProtocols(merged: RawSettings, label: (k: SettingKey) => string): Protocol[] {
  if (merged.protocols) {
    const out: Protocol[] = []
    for (const name of merged.protocols) {
      const p = name.toLowerCase().replace(/^pop3$/, 'pop') as Protocol
      if (!PROTOCOLS.includes(p)) throw new InputError(label('protocols'), `unknown protocol "${name}" (expected smtp, imap or pop)`)
      if (!out.includes(p)) out.push(p)
    }
    if (out.length === 0) throw new InputError(label('protocols'), 'name at least one protocol (smtp, imap, pop)')
    return out
  }
  const configured = PROTOCOLS.filter((p) => merged[p] !== undefined)
  // Nothing said which protocols the product uses: check all three (narrow with --protocols).
  return configured.length > 0 ? configured : [...PROTOCOLS]
}

function completeEndpoint(protocol: Protocol, raw: RawEndpoint | undefined, cloud: Cloud, label: (k: SettingKey) => string, sources: SettingSources): Endpoint {
  const e = CLOUD_ENDPOINTS[cloud]
  const defaultHost = protocol === 'smtp' ? e.smtpHost : protocol === 'imap' ? e.imapHost : e.popHost
  const host = raw?.host?.trim().toLowerCase() || defaultHost
  const port = raw?.port ?? DEFAULT_PORTS[protocol]
  let tls: TlsMode
  if (raw?.tls !== undefined) {
    const mode = TLS_ALIASES[raw.tls.toLowerCase()]
    if (!mode) throw new InputError(label(`${protocol}.tls`), `unknown TLS mode "${raw.tls}" (expected starttls, implicit or none)`)
    tls = mode
  } else {
    tls = raw?.port !== undefined ? TLS_BY_PORT[raw.port] ?? DEFAULT_TLS[protocol] : DEFAULT_TLS[protocol]
  }
  for (const part of ['host', 'port', 'tls'] as const) sources[`${protocol}.${part}`] ??= 'default'
  return {host, port, tls}
}

function parseAuth(value: string | undefined, label: (k: SettingKey) => string): AuthMethod {
  if (value === undefined) return 'oauth2'
  const v = value.toLowerCase()
  if (['oauth2', 'oauth', 'xoauth2', 'modern'].includes(v)) return 'oauth2'
  if (['basic', 'password', 'login', 'plain', 'app-password'].includes(v)) return 'basic'
  if (['none', 'anonymous'].includes(v)) return 'none'
  throw new InputError(label('auth'), `unknown authentication method "${value}" (expected oauth2, basic or none)`)
}
