// Reading a settings file written in a product's own field names ("Client ID", "SSL Behavior", …): YAML or JSON,
// keys matched without regard to case or spacing, unknown keys and wrong types rejected with file:line:col, the
// way src/settings/settings-file.ts does for our own keys.
import {isMultiTenantSegment} from '../core/cloud.js'
import {isMap, isScalar, isSeq, type Node, type YAMLMap} from 'yaml'
import {InputError} from '../core/input-error.js'
import {parseYamlDoc as parseYamlDocOf, type YamlDoc} from '../settings/yaml-doc.js'

export type {YamlDoc}

export type FieldKind = 'text' | 'port' | 'bool' | 'section' | 'list' | 'texts'

export interface FieldSpec {
  kind: FieldKind
  /** For sections and lists of sections. */
  fields?: FieldSpecs
  /** Other names the guide uses for the same value (a registry name, a PowerShell variable). */
  aliases?: string[]
}
export type FieldSpecs = Record<string, FieldSpec>


export function normKey(key: string): string {
  return key.toLowerCase().replace(/[\s_]+/g, ' ').trim()
}

/** A product settings file: a mapping of the product's field names. */
export function parseYamlDoc(text: string, file: string): YamlDoc {
  return parseYamlDocOf(text, file, "the product's field names")
}

type Scalar = string | number | boolean

/** The values of one mapping, by the spec's canonical names, each with the position of its key. */
export class Fields {
  readonly #values = new Map<string, unknown>()
  readonly #at = new Map<string, string>()

  constructor(readonly at: string, readonly label: string) {}

  set(name: string, value: unknown, at: string): void {
    this.#values.set(name, value)
    this.#at.set(name, at)
  }

  has(name: string): boolean {
    return this.#values.has(name)
  }

  where(name: string): string {
    return this.#at.get(name) ?? this.at
  }

  text(name: string): string | undefined {
    const v = this.#values.get(name)
    return v === undefined ? undefined : String(v)
  }

  port(name: string): number | undefined {
    return this.#values.get(name) as number | undefined
  }

  bool(name: string): boolean | undefined {
    return this.#values.get(name) as boolean | undefined
  }

  texts(name: string): string[] | undefined {
    return this.#values.get(name) as string[] | undefined
  }

  section(name: string): Fields | undefined {
    return this.#values.get(name) as Fields | undefined
  }

  list(name: string): Fields[] {
    return (this.#values.get(name) as Fields[] | undefined) ?? []
  }
}

export function readFields(map: YAMLMap, specs: FieldSpecs, doc: YamlDoc, label: string): Fields {
  const byNorm = new Map<string, string>()
  for (const [name, spec] of Object.entries(specs)) {
    byNorm.set(normKey(name), name)
    for (const alias of spec.aliases ?? []) byNorm.set(normKey(alias), name)
  }
  const out = new Fields(doc.where(map), label)
  for (const pair of map.items) {
    const keyNode = pair.key as Node
    const key = isScalar(keyNode) ? String(keyNode.value) : String(pair.key)
    const at = doc.where(keyNode)
    const name = byNorm.get(normKey(key))
    if (!name) {
      throw new InputError(at, `unknown ${label} field "${key}" (expected one of: ${Object.keys(specs).map((k) => `"${k}"`).join(', ')})`)
    }
    if (out.has(name)) throw new InputError(at, `"${key}" is given twice (as "${name}")`)
    const value = pair.value as Node | null
    if (value === null || (isScalar(value) && value.value === null)) continue
    out.set(name, readValue(value, specs[name]!, `${label} "${name}"`, at, doc), at)
  }
  return out
}

function readValue(node: Node, spec: FieldSpec, what: string, at: string, doc: YamlDoc): unknown {
  if (spec.kind === 'section') {
    if (!isMap(node)) throw new InputError(at, `${what} must be a section (a mapping of fields)`)
    return readFields(node, spec.fields ?? {}, doc, what.replace(/"/g, "'"))
  }
  if (spec.kind === 'list') {
    if (!isSeq(node)) throw new InputError(at, `${what} must be a list of entries (- Name: …)`)
    return node.items.map((item) => {
      if (!isMap(item)) throw new InputError(doc.where(item as Node), `each entry of ${what} must be a mapping of fields`)
      return readFields(item, spec.fields ?? {}, doc, `${what} entry`)
    })
  }
  if (spec.kind === 'texts') {
    const json = node.toJSON() as unknown
    if (typeof json === 'string') return json.split(/[\s,]+/).filter(Boolean)
    if (!Array.isArray(json) || json.some((item) => typeof item !== 'string')) throw new InputError(at, `${what} must be a list of texts`)
    return json
  }
  if (!isScalar(node)) throw new InputError(at, `${what} must be a single value, not a ${isMap(node) ? 'mapping' : 'list'}`)
  const value = node.value as Scalar
  if (spec.kind === 'port') {
    const port = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new InputError(at, `${what} must be a port number from 1 to 65535 (got ${JSON.stringify(value)})`)
    }
    return port
  }
  if (spec.kind === 'bool') {
    if (typeof value === 'boolean') return value
    const v = String(value).trim().toLowerCase()
    if (['true', 'yes', 'on', 'checked', '1', 'ticked'].includes(v)) return true
    if (['false', 'no', 'off', 'unchecked', '0', 'unticked'].includes(v)) return false
    throw new InputError(at, `${what} must be true or false (got ${JSON.stringify(value)})`)
  }
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value !== 'string') throw new InputError(at, `${what} must be text (got ${JSON.stringify(value)})`)
  return value
}

/** Maps a product's word for a choice to ours; anything else is an InputError listing the product's words. */
export function choose<T>(value: string | undefined, at: string, what: string, choices: Record<string, T>, shown: string[]): T | undefined {
  if (value === undefined) return undefined
  // "TLS (2)" as enterprise-manager shows it: the word or the number in brackets.
  const key = normKey(value)
  // "word (inner)": the first '(' and a final ')', found without a backtracking pattern (quadratic on long spaces).
  const open = key.endsWith(')') ? key.indexOf('(') : -1
  const bracket = open >= 0 && open < key.length - 2 ? [key.slice(0, open).trimEnd(), key.slice(open + 1, -1)] : undefined
  const hit = choices[key] ?? (bracket ? choices[bracket[0]!] ?? choices[bracket[1]!] : undefined)
  if (hit === undefined) throw new InputError(at, `${what} "${value}" is not one of: ${shown.join(', ')}`)
  return hit
}

/** The tenant segment of a token URL, unless it is a placeholder or a multi-tenant name. */
export function tenantOfTokenUrl(url: string | undefined): string | undefined {
  const m = url?.match(/^https:\/\/[^/]+\/([^/]+)\/oauth2\//i)
  if (!m) return undefined
  const seg = decodeURIComponentSafe(m[1]!)
  if (/[{}#<>%[\]$]/.test(seg) || isMultiTenantSegment(seg)) return undefined
  return seg
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** Same value in two places of a product's screens (e.g. both eBiss3 channels): they must agree. */
export function agree(a: {value?: string; at: string; label: string}, b: {value?: string; at: string; label: string}, what: string): string | undefined {
  if (a.value !== undefined && b.value !== undefined && a.value.trim() !== b.value.trim()) {
    throw new InputError(b.at, `${what} in ${b.label} differs from ${what} in ${a.label}; o365doctor checks one configuration at a time, so make them the same (or check each with its own file)`)
  }
  return a.value ?? b.value
}
