// Rephrasing a cause for one product: its own steps first (its field names, where in its UI a value goes), then
// the catalogue's generic steps with "the product" named. The PowerShell stays the catalogue's: it is runnable
// with this tenant's values, which a guide's template is not.
import type {Cause} from '../core/cause.js'
import type {Settings} from '../settings/types.js'
import type {LabelKey, ProductFix, ProductProfile} from './types.js'
import type {CauseId} from '../core/cause-ids.js'

/** A profile from what its guide says: the reworder always follows its name, fixes and labels. */
export function defineProduct(profile: Omit<ProductProfile, 'rewordCause'>): ProductProfile {
  return {...profile, rewordCause: makeReworder(profile.name, profile.fixes, profile.causeLabels, profile.labels)}
}

function makeReworder(
  name: string,
  fixes: Partial<Record<CauseId, ProductFix>>,
  causeLabels: Partial<Record<CauseId, LabelKey>>,
  labels: Record<LabelKey, string>,
): (cause: Cause, settings: Settings) => Cause {
  return (cause, settings) => {
    const own = fixes[cause.id]?.({settings, cause}) ?? []
    const generic = cause.remediation.steps.map((s) => nameProduct(s, name)).filter((s) => !own.includes(s))
    const label = causeLabels[cause.id]
    return {
      ...cause,
      summary: label ? `${cause.summary} (${name}: ${labels[label]})` : cause.summary,
      explanation: nameProduct(cause.explanation, name),
      remediation: {steps: [...own, ...generic], powershell: [...cause.remediation.powershell]},
    }
  }
}

/** "the product's client secret setting" → "eBiss3's client secret setting". */
export function nameProduct(text: string, name: string): string {
  return text
    .replace(/\b[Tt]he product's\b/g, `${name}'s`)
    .replace(/\b(?:in|into) the product\b/g, (m) => `${m.split(' ')[0]} ${name}`)
    .replace(/\b[Tt]he product\b/g, name)
}

/** A value for a step, or the product's placeholder in angle brackets. */
export function val(value: string | undefined, placeholder: string): string {
  return value !== undefined && value !== '' ? value : `<${placeholder}>`
}

/** A string-valued key of a cause's evidence, if present (evidence is already redacted). */
export function evidenceText(cause: Cause, ...keys: string[]): string | undefined {
  const e = cause.evidence as Record<string, unknown> | undefined
  for (const k of keys) {
    const v = e?.[k]
    if (typeof v === 'string' && v !== '') return v
  }
  return undefined
}
