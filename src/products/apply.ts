// `check --product X`: the product's defaults beneath every other settings layer, its protocols, a settings file in
// its own field names, the token-URL placeholder it fills itself, and the report's causes reworded in its terms
// (after the run, before rendering). Without a product every step is the plain behaviour.
import {combineInputErrors, InputError} from '../core/input-error.js'
import type {Protocol} from '../core/protocol.js'
import type {Report} from '../core/report.js'
import {mergeSettings, REQUIRED_KEYS, type SettingsLayer} from '../settings/load-settings.js'
import type {RawSettings} from '../settings/raw-settings.js'
import {checkCredentialSources} from '../settings/credential-sources.js'
import {FLAG_OF, stdinFlagOf} from '../settings/setting-flags.js'
import {readSettingsFile} from '../settings/settings-file.js'
import {type LoadedSettings, type SettingKey} from '../settings/types.js'
import {PROTOCOLS} from '../core/protocol.js'
import {readSettingsText} from '../settings/yaml-doc.js'
import {productById} from './index.js'
import type {ProductProfile} from './types.js'

export interface ProductSession {
  profile?: ProductProfile
  /** Notes for this run (from the product's file and the placeholder it fills). */
  readonly notes: string[]
  /** The --config file: in the product's field names with a product, ours without. */
  fileLayer(path: string): SettingsLayer
  /** mergeSettings with the product's defaults and protocols, then what the product fills in itself. */
  merge(layers: SettingsLayer[]): LoadedSettings
  /** The report with causes in the product's terms and target.product set. */
  speak(report: Report): Report
}

export function productSession(id?: string): ProductSession {
  return id === undefined || id === '' ? plainSession() : profileSession(productById(id))
}

/**
 * The settings of one target from its layers (lowest first): merged with the product's defaults, then the credential
 * sources that must exist before anything runs (a federated token file, GitHub's OIDC variables). One path for
 * `check` and for each target of a fleet.
 */
export function loadSettings(product: ProductSession, layers: SettingsLayer[], env: NodeJS.ProcessEnv, options: {offline: boolean}): LoadedSettings {
  const loaded = product.merge(layers)
  checkCredentialSources(loaded, env, options)
  return loaded
}

function plainSession(): ProductSession {
  return {
    notes: [],
    fileLayer: (path) => ({source: 'file', nameOf: (key) => `${key} in ${path}`, values: readSettingsFile(path)}),
    merge: (layers) => mergeSettings(layers),
    speak: (report) => report,
  }
}

function profileSession(profile: ProductProfile): ProductSession {
  const notes: string[] = []
  let loaded: LoadedSettings | undefined
  return {
    profile,
    notes,
    fileLayer(path) {
      const read = profile.readFile(readSettingsText(path), path)
      notes.push(...read.notes)
      return {source: 'file', nameOf: (key) => `${fieldName(profile, key)} in ${path}`, values: read.values}
    },
    merge(layers) {
      const merged = mergeSettings([productLayer(profile, layers), ...layers], {requireAll: false})
      requireAll(profile, merged)
      loaded = fillPlaceholder(profile, merged, notes)
      return loaded
    },
    speak(report) {
      if (!loaded) return report
      const settings = loaded.settings
      return {
        ...report,
        causes: report.causes.map((cause) => profile.rewordCause(cause, settings)),
        target: {...report.target, product: {id: profile.id, name: profile.name, notes: [...notes]}},
      }
    },
  }
}

function fieldName(profile: ProductProfile, key: SettingKey): string {
  const field = profile.fields.find((f) => f.setting === key)
  return field ? `"${field.name}"` : key
}

/** The product's defaults as the lowest layer; which protocols it uses, from what the other layers configure. */
export function productLayer(profile: ProductProfile, layers: SettingsLayer[]): SettingsLayer {
  const explicit = [...layers].reverse().find((l) => l.values.protocols !== undefined)
  const configured = PROTOCOLS.filter((p) => layers.some((l) => l.values[p] !== undefined))
  const values: RawSettings = {...profile.defaults}
  if (explicit) {
    for (const name of explicit.values.protocols!) {
      const p = name.toLowerCase().replace(/^pop3$/, 'pop') as Protocol
      if (PROTOCOLS.includes(p) && !profile.protocols.includes(p)) {
        throw new InputError(explicit.nameOf('protocols'), `${profile.name} does not use ${p === 'pop' ? 'POP3' : p.toUpperCase()}; it uses ${profile.protocols.map((x) => (x === 'pop' ? 'POP3' : x.toUpperCase())).join(profile.protocolRule === 'all' ? ' and ' : ' and/or ')}`)
      }
    }
  } else {
    const used = profile.protocols.filter((p) => configured.includes(p))
    values.protocols = profile.protocolRule === 'any' && used.length > 0 ? used : [...profile.protocols]
  }
  // A product default for an endpoint only where nothing else configures it: a typed port must still imply its TLS.
  for (const p of PROTOCOLS) if (configured.includes(p)) delete values[p]
  return {source: 'product', nameOf: (key) => `${profile.name}'s default ${key}`, values}
}

function requireAll(profile: ProductProfile, loaded: LoadedSettings): void {
  const problems: InputError[] = []
  for (const key of REQUIRED_KEYS) {
    if (!loaded.settings[key]) {
      const names = profile.fields.filter((f) => f.setting === key).map((f) => `"${f.name}"`)
      problems.push(new InputError(profile.labels[key], `missing required setting; give ${names.length > 0 ? `${names.join(' or ')} in the ${profile.name} settings file, or ` : ''}${FLAG_OF[key]}`))
    }
  }
  const {clientSecret, certificate, federatedToken} = loaded.settings
  if (!clientSecret && !certificate && !federatedToken) {
    const names = profile.fields.filter((f) => f.setting === 'clientSecret' || f.setting === 'certificate').map((f) => `"${f.name}"`)
    problems.push(new InputError(profile.labels.clientSecret, `missing required setting; give ${names.length > 0 ? `${names.join(' or ')} in the ${profile.name} settings file, or ` : ''}${stdinFlagOf('clientSecret')} or ${FLAG_OF.certificate}`))
  }
  if (problems.length > 0) throw combineInputErrors(problems)
}

/** A placeholder the product replaces itself (enaio's #TenantID#) is filled the same way, and said so. */
function fillPlaceholder(profile: ProductProfile, loaded: LoadedSettings, notes: string[]): LoadedSettings {
  const t = profile.tokenUrl
  const {tokenUrl, tenant} = loaded.settings
  if (!t || !tokenUrl || !tenant || !tokenUrl.includes(t.placeholder)) return loaded
  if (!t.productFills) {
    notes.push(`${t.placeholder} is still in the token URL: ${t.note}`)
    return loaded
  }
  const filled = tokenUrl.split(t.placeholder).join(tenant)
  notes.push(`${profile.name} replaces ${t.placeholder} in the token URL with the tenant itself, so o365doctor checked ${filled}. ${t.note}`)
  return {...loaded, settings: {...loaded.settings, tokenUrl: filled}}
}
