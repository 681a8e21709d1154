// Reads a settings file (YAML or JSON; the keys of the lab scenario's `client:` section) into raw values,
// rejecting unknown keys and wrong types with the file, line and column of the offending key.
import {dirname, isAbsolute, resolve} from 'node:path'
import {isMap, isScalar, type Node, type Pair, type YAMLMap} from 'yaml'
import {InputError} from '../core/input-error.js'
import {parseYamlDoc, readSettingsText, type YamlDoc} from './yaml-doc.js'
import type {RawSettings, RawEndpoint} from './raw-settings.js'

type Kind = 'string' | 'port' | 'endpoint' | 'list' | 'certificate' | 'federatedToken'

const TOP_LEVEL: Record<string, Kind> = {
  tenant: 'string',
  clientId: 'string',
  clientSecret: 'string',
  // Instead of the secret: `certificate: {file, password?}` (or just the file), `federatedToken: <JWT>` or
  // `federatedToken: {file}` / `federatedTokenFile:`. Paths are relative to the settings file.
  certificate: 'certificate',
  federatedToken: 'federatedToken',
  federatedTokenFile: 'string',
  authorityHost: 'string',
  mailbox: 'string',
  from: 'string',
  scope: 'string',
  tokenUrl: 'string',
  smtp: 'endpoint',
  imap: 'endpoint',
  pop: 'endpoint',
  exchangeObjectId: 'string',
  // Extensions of the client section:
  cloud: 'string',
  protocols: 'list',
  auth: 'string',
}
const ENDPOINT_KEYS: Record<string, Kind> = {host: 'string', port: 'port', tls: 'string'}
const CERTIFICATE_KEYS: Record<string, Kind> = {file: 'string', password: 'string'}
const FEDERATED_KEYS: Record<string, Kind> = {file: 'string'}

export function readSettingsFile(path: string): RawSettings {
  return parseSettingsText(readSettingsText(path), path)
}

export function parseSettingsText(text: string, file: string): RawSettings {
  const doc = parseYamlDoc(text, file)
  return settingsOfMapping(doc.root, doc, file).values
}

/**
 * One settings mapping (a settings file's root, or one layer of a targets file) → raw values; `extra` admits more
 * keys (e.g. a target's `name:`), read as text and returned apart. Paths are made relative to `file`.
 */
export function settingsOfMapping(map: YAMLMap, doc: Pick<YamlDoc, 'where'>, file: string, extra: readonly string[] = []): {values: RawSettings; extra: Record<string, string>} {
  const where = (node: Node | Pair | null | undefined): string =>
    doc.where((node && 'range' in node && node.range ? node : (node as Pair | undefined)?.key) as Node | null | undefined)
  const keys: Record<string, Kind> = {...TOP_LEVEL, ...Object.fromEntries(extra.map((k) => [k, 'string' as Kind]))}
  const all = readMap(map, keys, '', where)
  const extraValues: Record<string, string> = {}
  for (const k of extra) {
    if (all[k] !== undefined) extraValues[k] = all[k] as string
    delete all[k]
  }
  const raw = all
  const near = (path: string): string => (isAbsolute(path) ? path : resolve(dirname(file), path))
  const values: Record<string, unknown> = {...raw}
  const certificate = raw.certificate as {file?: string; password?: string} | string | undefined
  if (certificate !== undefined) {
    const c = typeof certificate === 'string' ? {file: certificate} : certificate
    delete values.certificate
    if (c.file === undefined) throw new InputError(`certificate in ${file}`, 'give the certificate file: certificate: {file: mailer.pfx, password: …}')
    values.certificate = near(c.file)
    if (c.password !== undefined) values.certificatePassword = c.password
  }
  const federated = raw.federatedToken as {file?: string} | string | undefined
  if (federated !== undefined && typeof federated !== 'string') {
    delete values.federatedToken
    if (federated.file === undefined) throw new InputError(`federatedToken in ${file}`, 'give the token itself or {file: path}')
    values.federatedTokenFile = near(federated.file)
  }
  if (typeof raw.federatedTokenFile === 'string') values.federatedTokenFile = near(raw.federatedTokenFile)
  return {values: values as RawSettings, extra: extraValues}
}

function readMap(map: YAMLMap, keys: Record<string, Kind>, prefix: string, where: (n: Node | Pair | null | undefined) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
    const keyPath = prefix + key
    const kind = keys[key]
    const at = where(pair.key as Node)
    if (!kind) {
      throw new InputError(at, `unknown key "${keyPath}" (expected one of: ${Object.keys(keys).map((k) => prefix + k).join(', ')})`)
    }
    const value = pair.value as Node | null
    if (value === null || (isScalar(value) && value.value === null)) continue // `key:` with no value = not set
    out[key] = readValue(value, kind, keyPath, at, where)
  }
  return out
}

function readValue(node: Node, kind: Kind, keyPath: string, at: string, where: (n: Node | Pair | null | undefined) => string): unknown {
  if (kind === 'endpoint') {
    if (!isMap(node)) throw new InputError(at, `${keyPath} must be a mapping with host, port and tls`)
    return readMap(node, ENDPOINT_KEYS, `${keyPath}.`, where) as RawEndpoint
  }
  if (kind === 'certificate' || kind === 'federatedToken') {
    if (isMap(node)) return readMap(node, kind === 'certificate' ? CERTIFICATE_KEYS : FEDERATED_KEYS, `${keyPath}.`, where)
    return readValue(node, 'string', keyPath, at, where)
  }
  if (kind === 'list') {
    const json = node.toJSON() as unknown
    if (typeof json === 'string') return json.split(/[\s,]+/).filter(Boolean)
    if (!Array.isArray(json) || json.some((item) => typeof item !== 'string')) {
      throw new InputError(at, `${keyPath} must be a list of names (e.g. [smtp, imap])`)
    }
    return json
  }
  if (!isScalar(node)) throw new InputError(at, `${keyPath} must be a single value, not a ${isMap(node) ? 'mapping' : 'list'}`)
  const value = node.value
  // YAML reads 0x24B, 0o1113 and 1_000 as numbers; a product reads them as text or not at all: say so.
  const format = (node as {format?: string}).format
  if (typeof value === 'number' && format && format !== 'EXP') {
    throw new InputError(at, `${keyPath} is written as a ${format === 'HEX' ? 'hexadecimal' : format === 'OCT' ? 'octal' : format === 'BIN' ? 'binary' : format} number (${node.source ?? value}); write it in decimal digits`)
  }
  if (typeof value === 'string') checkText(value, keyPath, at)
  if (kind === 'port') {
    const port = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : value
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new InputError(at, `${keyPath} must be a port number from 1 to 65535 (got ${JSON.stringify(value)})`)
    }
    return port
  }
  if (typeof value === 'number' || typeof value === 'bigint') return String(value) // e.g. an all-digit mailbox name
  if (typeof value !== 'string') throw new InputError(at, `${keyPath} must be text (got ${JSON.stringify(value)})`)
  return value
}

/** Longest value any setting has (a token URL with a long tenant name is ~200 characters). */
export const MAX_SETTING_LENGTH = 4096

/** Text settings: bounded, and no NUL or control characters (a paste from a binary file, or a terminal escape). */
export function checkText(value: string, name: string, at: string): void {
  if (value.length > MAX_SETTING_LENGTH) throw new InputError(at, `${name} is ${value.length} characters long; no setting is longer than ${MAX_SETTING_LENGTH}`)
  // eslint-disable-next-line no-control-regex
  const bad = /[\x00-\x08\x0a-\x1f\x7f\x9b]/.exec(value)
  if (bad) throw new InputError(at, `${name} contains the control character 0x${bad[0].charCodeAt(0).toString(16).padStart(2, '0')}${bad[0] === '\0' ? ' (NUL)' : ''}; settings are plain text`)
}
