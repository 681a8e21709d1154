// Typed reads from a YAML document's nodes, so every complaint names the key path and the line:col it comes from.
// The loader (load-scenario.ts) describes the scenario format with these; nothing here knows that format.

import {InputError} from '../../core/input-error.js'
import {isMap, isScalar, isSeq, LineCounter, type Node, type Pair, type Scalar, type YAMLMap} from 'yaml'

/** A scenario that cannot be used: which file, where, which key, and why (message starts `file:line:col: `). */
export class ScenarioError extends InputError {
  override readonly name: string = 'ScenarioError'

  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly keyPath: string,
    readonly reason: string,
  ) {
    // line 0: the problem is the file as a whole (not found, unreadable), so no position is shown.
    super(`${file}${line > 0 ? `:${line}:${column}` : ''}`, `${keyPath ? `${keyPath} ` : ''}${reason}`)
  }
}

export const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** One value in the document plus where it is; `node` is undefined for a missing key (position: its parent). */
export class YamlValue {
  constructor(
    readonly reader: YamlReader,
    readonly path: string,
    readonly node: Node | null | undefined,
    private readonly anchor: Node | null | undefined,
  ) {}

  /** Absent, or an explicit `null` / empty value. */
  get isMissing(): boolean {
    return this.node == null || (isScalar(this.node) && this.node.value === null)
  }

  fail(reason: string): never {
    throw this.reader.errorAt(this.node ?? this.anchor, this.path, reason)
  }

  /** The value shown back in a message: the source text when there is one. */
  shown(): string {
    const node = this.node
    if (isScalar(node)) return JSON.stringify(node.source ?? String(node.value))
    if (isSeq(node)) return 'a list'
    if (isMap(node)) return 'a mapping'
    return 'nothing'
  }

  require(): this {
    if (this.isMissing) this.fail('is required')
    return this
  }

  /** A string; unquoted numbers keep their source text (YAML reads `123e4567` as a number). */
  string(): string {
    const node = this.require().node
    if (isScalar(node)) {
      if (typeof node.value === 'string') return node.value
      if (typeof node.value === 'number') return (node as Scalar).source ?? String(node.value)
    }
    return this.fail(`must be a string (got ${this.shown()})`)
  }

  optString(): string | undefined {
    return this.isMissing ? undefined : this.string()
  }

  guid(): string {
    const s = this.string()
    if (!GUID_RE.test(s)) this.fail(`must be a GUID like 3f0c8a52-1b6e-4c1e-9a57-2d3c4b5a6f70 (got ${this.shown()})`)
    return s.toLowerCase()
  }

  bool(fallback: boolean): boolean {
    if (this.isMissing) return fallback
    const node = this.node
    if (isScalar(node) && typeof node.value === 'boolean') return node.value
    return this.fail(`must be true or false (got ${this.shown()})`)
  }

  /** true/false, or null/absent for "not set". */
  nullableBool(): boolean | null {
    return this.isMissing ? null : this.bool(false)
  }

  int(fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    if (this.isMissing) return fallback
    const node = this.node
    if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= min && node.value <= max) {
      return node.value
    }
    return this.fail(`must be a whole number from ${min} to ${max} (got ${this.shown()})`)
  }

  oneOf<T extends string>(allowed: readonly T[], fallback?: T): T {
    if (this.isMissing && fallback !== undefined) return fallback
    const s = this.string()
    if (!(allowed as readonly string[]).includes(s)) this.fail(`must be one of ${allowed.join(', ')} (got ${this.shown()})`)
    return s as T
  }

  /**
   * A point in time: a YAML timestamp, an ISO 8601 string, or `+10d` / `-3d` / `+12h` relative to `now`
   * (lets a built-in scenario stay "expires in 10 days" forever).
   */
  date(fallback: Date, now: Date): Date {
    if (this.isMissing) return fallback
    const node = this.node
    if (isScalar(node) && node.value instanceof Date && !Number.isNaN(node.value.getTime())) return node.value
    if (isScalar(node) && typeof node.value === 'string') {
      const rel = /^([+-])(\d+)([dh])$/.exec(node.value.trim())
      if (rel) {
        const ms = Number(rel[2]) * (rel[3] === 'd' ? 86_400_000 : 3_600_000)
        return new Date(now.getTime() + (rel[1] === '-' ? -ms : ms))
      }
      if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(node.value.trim())) {
        const d = new Date(node.value.trim())
        if (!Number.isNaN(d.getTime())) return d
      }
    }
    return this.fail(`must be a date like 2027-06-30T00:00:00Z or a relative time like +10d (got ${this.shown()})`)
  }

  /** Items of a list; absent means empty. */
  list(): YamlValue[] {
    if (this.isMissing) return []
    const node = this.node
    if (!isSeq(node)) return this.fail(`must be a list (got ${this.shown()})`)
    return node.items.map((item, i) => new YamlValue(this.reader, `${this.path}[${i}]`, item as Node, node))
  }

  stringList(): string[] {
    return this.list().map((item) => item.string())
  }

  /** The keys of a mapping, checked against the known ones; absent gives an empty object. */
  object(known: readonly string[]): YamlObject {
    const node = this.node
    if (this.isMissing) return new YamlObject(this.reader, this.path, undefined, this.node ?? this.anchor)
    // At the root, a file that is no scenario at all is not quoted back: it may be any file (a secret, a log).
    if (!isMap(node)) return this.fail(this.path ? `must be a mapping of keys (got ${this.shown()})` : 'is not a scenario file (it is not a YAML mapping of keys)')
    const map = node as YAMLMap
    const keys = (map.items as Pair<Node, Node>[]).map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''))
    if (!this.path && keys.length > 0 && !keys.some((k) => known.includes(k))) {
      return this.fail(`is not a scenario file (none of its keys is one of: ${known.join(', ')})`)
    }
    for (const pair of map.items as Pair<Node, Node>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : ''
      if (!known.includes(key)) {
        const where = this.path ? `${this.path}.${key}` : key
        throw this.reader.errorAt(pair.key, where, `is not a known key (expected one of: ${known.join(', ')})`)
      }
    }
    return new YamlObject(this.reader, this.path, map, map)
  }
}

export class YamlObject {
  constructor(
    private readonly reader: YamlReader,
    readonly path: string,
    private readonly map: YAMLMap | undefined,
    private readonly anchor: Node | null | undefined,
  ) {}

  get present(): boolean {
    return this.map !== undefined
  }

  get(key: string): YamlValue {
    const pair = this.map?.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair<Node, Node> | undefined
    const path = this.path ? `${this.path}.${key}` : key
    return new YamlValue(this.reader, path, pair ? (pair.value ?? null) : undefined, pair?.key ?? this.anchor)
  }
}

/** Maps node offsets to line:col for one file. */
export class YamlReader {
  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  errorAt(node: Node | null | undefined, keyPath: string, reason: string): ScenarioError {
    const offset = node?.range?.[0] ?? 0
    const {line, col} = this.lines.linePos(offset)
    return new ScenarioError(this.file, line, col, keyPath, reason)
  }
}
