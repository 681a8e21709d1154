// One target's settings, from lowest to highest layer:
//   the lab scenario's client: section (--lab only) < defaults' config: file < defaults: < settings flags
//   < the target's config: file < the target's entry.
// Flags override the defaults but not the entries: a flag is typed once for the whole run, an entry names one
// target. A layer that names a credential replaces the credentials of every layer below it (a target with its own
// certificate does not collide with the defaults' clientSecretEnv). AZURE_* variables are not read in a fleet run:
// one process-wide secret would be sent to every tenant's token endpoint; each credential is referenced by name.
import {InputError} from '../core/input-error.js'
import {loadSettings, productSession, type ProductSession} from '../products/apply.js'
import type {SettingsLayer} from '../settings/load-settings.js'
import type {RawSettings} from '../settings/raw-settings.js'
import type {LoadedSettings, SettingKey} from '../settings/types.js'
import type {TargetLayer, TargetsFile, TargetSpec} from './targets-file.js'

export interface FleetBase {
  /** --lab: the scenario's client section, the lowest layer. */
  lab?: SettingsLayer
  /** The settings flags of the command line (flagLayer). */
  flags: SettingsLayer
  /** --product, over the defaults' product: and under the entry's. */
  product?: string
  env: NodeJS.ProcessEnv
  offline: boolean
}

export interface PreparedTarget {
  product: ProductSession
  loaded: LoadedSettings
}

const CREDENTIALS = ['clientSecret', 'certificate', 'certificatePassword', 'federatedToken', 'federatedTokenFile', 'federated'] as const
const NAMES_A_CREDENTIAL = ['clientSecret', 'certificate', 'federatedToken', 'federatedTokenFile', 'federated'] as const

/** Throws InputError when this target's settings are unusable (the target's outcome is then 'input-error'). */
export function prepareTarget(file: TargetsFile, target: TargetSpec, base: FleetBase): PreparedTarget {
  const product = productSession(target.product ?? base.product ?? file.defaults.product)
  const fileLayer = (path: string): SettingsLayer => {
    try {
      return product.fileLayer(path)
    } catch (error) {
      // The config file's own message names it; say which target it was for.
      if (error instanceof InputError) throw new InputError(error.input, `${error.message.slice(error.input.length + 2)} (config: of ${where(target)})`)
      throw error
    }
  }
  const layers: SettingsLayer[] = []
  if (base.lab) layers.push(base.lab)
  if (file.defaults.config) layers.push(fileLayer(file.defaults.config))
  layers.push(entryLayer(file.defaults, 'defaults', base.env))
  layers.push(base.flags)
  if (target.config) layers.push(fileLayer(target.config))
  layers.push(entryLayer(target, `target ${target.index + 1}`, base.env))
  return {product, loaded: loadSettings(product, credentialsFromTop(layers), base.env, {offline: base.offline})}
}

/** What the summary calls a target: its name:, else its mailbox, else "target N". */
export function targetName(target: TargetSpec, loaded?: LoadedSettings): string {
  return target.name ?? target.values.mailbox ?? loaded?.settings.mailbox ?? `target ${target.index + 1}`
}

const where = (t: TargetSpec): string => `${t.name ?? `target ${t.index + 1}`} at ${t.at}`

/** A targets-file layer as a settings layer, with its credential references read from the environment. */
export function entryLayer(layer: TargetLayer, label: string, env: NodeJS.ProcessEnv): SettingsLayer {
  const values: RawSettings = {...layer.values}
  const fromEnv = (key: 'clientSecretEnv' | 'certificatePasswordEnv'): string | undefined => {
    const name = layer[key]
    if (name === undefined) return undefined
    const value = env[name]
    if (value === undefined || value === '') throw new InputError(`${key} ${name} (${label} at ${layer.at})`, 'the environment variable is not set or empty')
    return value
  }
  const secret = fromEnv('clientSecretEnv')
  const password = fromEnv('certificatePasswordEnv')
  if (secret !== undefined) values.clientSecret = secret
  if (password !== undefined) values.certificatePassword = password
  const nameOf = (key: SettingKey): string =>
    key === 'clientSecret' && secret !== undefined ? `environment variable ${layer.clientSecretEnv}`
      : key === 'certificatePassword' && password !== undefined ? `environment variable ${layer.certificatePasswordEnv}`
        : `${key} (${label} at ${layer.at})`
  return {source: 'file', nameOf, values}
}

/** The highest layer that names a credential wins; credentials of the layers below it are dropped. */
export function credentialsFromTop(layers: readonly SettingsLayer[]): SettingsLayer[] {
  const top = layers.findLastIndex((l) => NAMES_A_CREDENTIAL.some((k) => l.values[k] !== undefined && l.values[k] !== ''))
  return layers.map((layer, i) => {
    if (i >= top || !CREDENTIALS.some((k) => layer.values[k] !== undefined)) return layer
    const values = {...layer.values}
    for (const k of CREDENTIALS) delete values[k]
    return {...layer, values}
  })
}
