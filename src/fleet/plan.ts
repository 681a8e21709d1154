// Fleet runs (`check --targets`), the decisions on plain data: which targets a CI shard takes, which targets
// share a token, the order of the summary (worst first) and the exit code of the whole run (the worst target's).
// Not yet wired to the command: the runner and renderers are still to come.
import {InputError} from '../core/input-error.js'

export interface Shard {
  /** 1-based, as CI matrices number their jobs. */
  index: number
  count: number
}

/** `--shard i/n` → {index, count}; anything else is one clear input error. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(text)
  const index = Number(m?.[1])
  const count = Number(m?.[2])
  if (!m || count < 1 || index < 1 || index > count) {
    throw new InputError('--shard', `expected i/n with 1 ≤ i ≤ n (e.g. 2/4), got "${text}"`)
  }
  return {index, count}
}

/**
 * The targets shard `index` of `count` takes: position modulo count, over the list as written. Every target
 * lands in exactly one shard, the shards differ in size by at most one, and the same file gives the same split
 * on every CI job.
 */
export function shardOf<T>(targets: readonly T[], shard: Shard): T[] {
  return targets.filter((_, i) => i % shard.count === shard.index - 1)
}

/** What a token is for: one token request per distinct key (tenant, app, credential) in a fleet. */
export interface TokenIdentity {
  cloud: string
  tenant: string
  clientId: string
  /** A reference to the credential (env var name, file, keychain entry): never the secret itself. */
  credentialRef: string
}

export function tokenKey(t: TokenIdentity): string {
  return JSON.stringify([t.cloud, t.tenant.toLowerCase(), t.clientId.toLowerCase(), t.credentialRef])
}

/** Groups items by the token they need, keeping list order inside each group. */
export function groupByToken<T>(items: readonly T[], identity: (item: T) => TokenIdentity): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = tokenKey(identity(item))
    const group = groups.get(key)
    if (group) group.push(item)
    else groups.set(key, [item])
  }
  return groups
}

/** One target's outcome as the summary and the exit code see it. `input-error`: its settings were unusable. */
export type TargetOutcome = 'pass' | 'warn' | 'fail' | 'incomplete' | 'input-error'

// A found error outranks "could not look" (report-and-causes.md: a found error still gives fail / 1).
const RANK: Record<TargetOutcome, number> = {'fail': 4, 'incomplete': 3, 'input-error': 2, 'warn': 1, 'pass': 0}
const EXIT: Record<TargetOutcome, number> = {'fail': 1, 'incomplete': 3, 'input-error': 2, 'warn': 0, 'pass': 0}

/** Worst first; equal outcomes keep the order of the targets file. */
export function worstFirst<T extends {outcome: TargetOutcome}>(results: readonly T[]): T[] {
  return results
    .map((r, i) => ({r, i}))
    .sort((a, b) => RANK[b.r.outcome] - RANK[a.r.outcome] || a.i - b.i)
    .map(({r}) => r)
}

/** The run's exit code: the worst target's (warn counts as a failure only with `--fail-on warn`). */
export function fleetExitCode(outcomes: readonly TargetOutcome[], failOn: 'error' | 'warn' = 'error'): number {
  const worst = worstFirst(outcomes.map((outcome) => ({outcome})))[0]?.outcome ?? 'pass'
  if (worst === 'warn' && failOn === 'warn') return 1
  return EXIT[worst]
}

/** Exchange accepts at most 3 concurrent submissions per mailbox: a per-key gate of that width. */
export class KeyedLimit {
  private readonly running = new Map<string, number>()
  private readonly waiting = new Map<string, Array<() => void>>()

  constructor(private readonly width = 3) {}

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    if ((this.running.get(key) ?? 0) >= this.width) {
      // The finishing run hands its slot straight to us (the count does not drop), so no newcomer slips in.
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(key) ?? []
        queue.push(resolve)
        this.waiting.set(key, queue)
      })
    } else {
      this.running.set(key, (this.running.get(key) ?? 0) + 1)
    }
    try {
      return await work()
    } finally {
      const queue = this.waiting.get(key)
      const next = queue?.shift()
      if (queue && queue.length === 0) this.waiting.delete(key)
      if (next) next()
      else {
        const left = (this.running.get(key) ?? 1) - 1
        if (left === 0) this.running.delete(key)
        else this.running.set(key, left)
      }
    }
  }
}
