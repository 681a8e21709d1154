// A product profile: how one product (eBiss3, enaio, …) names the settings o365doctor checks, which protocols and
// Exchange roles it needs, its defaults, and how to phrase a fix in its own screens. Sources: the vendors' setup
// guides (../shared/seeds/); a profile says only what its guide supports.

import type {Cause} from '../core/cause.js'
import type {CauseId} from '../core/cause-ids.js'
import type {Protocol} from '../core/protocol.js'
import type {RawSettings} from '../settings/raw-settings.js'
import type {SettingKey, Settings} from '../settings/types.js'

export const PRODUCT_IDS = ['ebiss3', 'enaio', 'highstage', 'rei3', 'cryptshare'] as const
export type ProductId = (typeof PRODUCT_IDS)[number]

export function isProductId(value: string): value is ProductId {
  return (PRODUCT_IDS as readonly string[]).includes(value)
}

/** The values a product labels in its own words. */
export type LabelKey = 'tenant' | 'clientId' | 'clientSecret' | 'mailbox' | 'from' | 'scope' | 'tokenUrl' | 'enterpriseObjectId'

/** One value as the product's screen or guide names it, and where it is entered. */
export interface ProductField {
  /** The key in a settings file written in the product's names (dotted for sections). */
  name: string
  setting: SettingKey
  where: string
}

export interface TokenUrlTemplate {
  template: string
  placeholder: string
  /** True only when the guide says the product replaces the placeholder itself. */
  productFills: boolean
  /** What the guide says about it, in a sentence. */
  note: string
}

/** A settings file in the product's own names, read into our raw settings. */
export interface ProductFileResult {
  values: RawSettings
  /** Things worth telling the support engineer that are no setting of ours (ignored keys, expiry dates, …). */
  notes: string[]
}

/** What a product-specific fix may use: the run's settings (never the secret) and the cause itself. */
export interface FixContext {
  settings: Settings
  cause: Cause
}

export type ProductFix = (c: FixContext) => string[]

export interface ProductProfile {
  id: ProductId
  name: string
  /** What the product is, in a few words. */
  kind: string
  /** The seed guide this profile follows (file name in ../shared/seeds/). */
  guide: string
  /** What its guide stresses, one line (for `o365doctor products`). */
  stresses: string
  /** Protocols the product can use. */
  protocols: readonly Protocol[]
  /** 'all': it always uses every one of them; 'any': those configured among them (all when none is). */
  protocolRule: 'all' | 'any'
  /** The Exchange application permissions per protocol, as the guide names them. */
  roles: readonly string[]
  /** Defaults from the guide, below every other settings layer. */
  defaults: RawSettings
  tokenUrl?: TokenUrlTemplate
  /** The product's field names → our setting keys. */
  fields: readonly ProductField[]
  /** How the product calls each value (for summaries and fixes). */
  labels: Record<LabelKey, string>
  /** Product-specific warnings from the guide. */
  notes: readonly string[]
  /** Reads a settings file written in the product's names; file positions in every error. */
  readFile(text: string, file: string): ProductFileResult
  /** Product steps put first in a cause's remediation. */
  fixes: Partial<Record<CauseId, ProductFix>>
  /** Which product label a cause is about, appended to its summary. */
  causeLabels: Partial<Record<CauseId, LabelKey>>
  /** The cause with its summary and remediation in the product's terms. */
  rewordCause(cause: Cause, settings: Settings): Cause
}
