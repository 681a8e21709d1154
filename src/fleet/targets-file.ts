// `check --targets FILE`: the targets file (YAML or JSON). `defaults:` is one settings layer under every target;
// `targets:` lists the targets, each a settings layer (or just a mailbox address). Besides the keys of a settings
// file, a layer may name its product, a settings file (`config:`), and credentials BY REFERENCE only:
// `clientSecretEnv: VAR`, `certificate: FILE` with `certificatePasswordEnv: VAR`, `federatedTokenFile: FILE`,
// `federated: github`. A literal secret is refused for the whole file: a targets file lists many customers,
// lives in a CI repository and is copied with it, so one pasted secret would spread to everyone who can read it.
// Anything wrong with the file's shape is an InputError naming FILE:line:col (exit 2); what is wrong with one
// target's settings (a missing variable, an unreadable config) is judged later, per target.
import {dirname, isAbsolute, resolve} from 'node:path'
import {isMap, isScalar, isSeq, type Node, type YAMLMap} from 'yaml'
import {InputError} from '../core/input-error.js'
import {productById} from '../products/index.js'
import type {RawSettings} from '../settings/raw-settings.js'
import {checkText, settingsOfMapping} from '../settings/settings-file.js'
import {parseYamlDoc, readSettingsText, type YamlDoc} from '../settings/yaml-doc.js'

/** One layer of the targets file: settings values plus the fleet's own keys. */
export interface TargetLayer {
  /** file:line:col of the layer, for messages. */
  at: string
  values: RawSettings
  product?: string
  /** The settings file this layer reads (absolute, or relative to the working directory). */
  config?: string
  /** Environment variable holding the client secret Value. */
  clientSecretEnv?: string
  /** Environment variable holding the certificate's password. */
  certificatePasswordEnv?: string
}

export interface TargetSpec extends TargetLayer {
  /** 0-based position in the file. */
  index: number
  name?: string
}

export interface TargetsFile {
  file: string
  defaults: TargetLayer
  targets: TargetSpec[]
}

/** Far more than any fleet; a list beyond it is a generated file gone wrong. */
export const MAX_TARGETS = 100_000

const LAYER_KEYS = ['product', 'config', 'clientSecretEnv', 'certificatePasswordEnv'] as const
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/
const REFERENCE_HINT = 'reference it instead: clientSecretEnv: VARIABLE (or certificate: FILE with certificatePasswordEnv: VARIABLE)'

export function readTargetsFile(path: string): TargetsFile {
  return parseTargetsText(readSettingsText(path, '--targets'), path)
}

export function parseTargetsText(text: string, file: string): TargetsFile {
  const doc = parseYamlDoc(text, file, 'defaults: and targets:')
  let defaults: TargetLayer = {at: doc.where(doc.root), values: {}}
  let targets: TargetSpec[] | undefined
  for (const pair of doc.root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
    const at = doc.where(pair.key as Node)
    const value = pair.value as Node | null
    if (key === 'defaults') {
      if (value === null || (isScalar(value) && value.value === null)) continue
      if (!isMap(value)) throw new InputError(at, 'defaults must be a mapping of settings (tenant:, clientId:, clientSecretEnv:, …)')
      defaults = readLayer(value, doc, file, [])
    } else if (key === 'targets') {
      if (!isSeq(value)) throw new InputError(at, 'targets must be a list (each a mailbox address or a mapping of settings)')
      if (value.items.length > MAX_TARGETS) throw new InputError(at, `lists ${value.items.length} targets; at most ${MAX_TARGETS} (split the file, or use --shard)`)
      targets = value.items.map((item, index) => readTarget(item as Node, index, doc, file))
    } else {
      throw new InputError(at, `unknown key "${key}" (expected defaults: and targets:)`)
    }
  }
  if (!targets) throw new InputError(file, 'no targets: list; give targets: with one entry per mailbox')
  if (targets.length === 0) throw new InputError(file, 'the targets: list is empty')
  return {file, defaults, targets}
}

function readTarget(node: Node, index: number, doc: YamlDoc, file: string): TargetSpec {
  const at = doc.where(node)
  if (isScalar(node) && typeof node.value === 'string') {
    // A bare address: the mailbox, everything else from the defaults.
    checkText(node.value, `targets[${index}]`, at)
    return {index, at, values: {mailbox: node.value.trim()}}
  }
  if (!isMap(node)) throw new InputError(at, `targets[${index}] must be a mailbox address or a mapping of settings`)
  const layer = readLayer(node, doc, file, ['name'])
  return {...layer, index, name: (layer as TargetLayer & {name?: string}).name}
}

function readLayer(map: YAMLMap, doc: YamlDoc, file: string, more: readonly string[]): TargetLayer & {name?: string} {
  refuseLiteralSecrets(map, doc)
  const {values, extra} = settingsOfMapping(map, doc, file, [...LAYER_KEYS, ...more])
  for (const key of ['clientSecretEnv', 'certificatePasswordEnv'] as const) {
    const name = extra[key]
    if (name !== undefined && !ENV_NAME.test(name)) {
      throw new InputError(whereKey(map, key, doc), `${key} must be the NAME of an environment variable (letters, digits, _), got "${name.slice(0, 40)}"`)
    }
  }
  if (extra.product !== undefined) {
    try {
      productById(extra.product)
    } catch (error) {
      throw new InputError(whereKey(map, 'product', doc), (error as Error).message.replace(/^--product: /, ''))
    }
  }
  const config = extra.config === undefined ? undefined : isAbsolute(extra.config) ? extra.config : resolve(dirname(file), extra.config)
  return {
    at: doc.where(map), values, config, product: extra.product, name: extra.name,
    clientSecretEnv: extra.clientSecretEnv, certificatePasswordEnv: extra.certificatePasswordEnv,
  }
}

/** clientSecret:, federatedToken: <JWT> and certificate: {password:} hold secrets themselves: refused, by position. */
function refuseLiteralSecrets(map: YAMLMap, doc: YamlDoc): void {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : ''
    const value = pair.value as Node | null
    const at = doc.where(pair.key as Node)
    if (key === 'clientSecret') throw new InputError(at, `a client secret written into the targets file is refused (every reader of the file would have it); ${REFERENCE_HINT}`)
    if (key === 'federatedToken' && isScalar(value)) throw new InputError(at, 'a federated token written into the targets file is refused; give federatedTokenFile: FILE or federated: github')
    if (key === 'certificate' && isMap(value) && value.items.some((p) => isScalar(p.key) && p.key.value === 'password')) {
      throw new InputError(at, 'a certificate password written into the targets file is refused; give certificate: FILE and certificatePasswordEnv: VARIABLE')
    }
  }
}

function whereKey(map: YAMLMap, key: string, doc: YamlDoc): string {
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key)
  return doc.where((pair?.key as Node | undefined) ?? map)
}
