// The smallest set of hypotheses that explains every anomaly (a minimum set cover; the sets here are tiny).
// A hypothesis that alone explains some anomaly is in every cover; the rest is searched exhaustively by
// increasing size, cheapest first, with a greedy fallback should a run ever raise very many candidates.

/** `explainers[i]`: the hypotheses that explain anomaly i (never empty). Returns the chosen hypotheses. */
export function minimumCover<H>(explainers: readonly (readonly H[])[], cost: (h: H) => number): Set<H> {
  const chosen = new Set<H>()
  for (const options of explainers) if (options.length === 1) chosen.add(options[0]!)
  const open = explainers.filter((options) => !options.some((h) => chosen.has(h)))
  if (open.length === 0) return chosen
  const pool = [...new Set(open.flat())].sort((a, b) => cost(a) - cost(b))
  const covers = (set: readonly H[]): boolean => open.every((options) => options.some((h) => set.includes(h)))
  if (pool.length <= 16) {
    for (let size = 1; size <= pool.length; size++) {
      let best: H[] | undefined
      let bestCost = Infinity
      for (const set of combinations(pool, size)) {
        const c = set.reduce((sum, h) => sum + cost(h), 0)
        if (c < bestCost && covers(set)) {
          best = set
          bestCost = c
        }
      }
      if (best) return new Set([...chosen, ...best])
    }
  }
  // Greedy: the hypothesis that explains most of what is still open, cheapest on ties.
  const rest = [...open]
  while (rest.length > 0) {
    const pick = pool.reduce((a, b) => (count(rest, b) > count(rest, a) ? b : a))
    chosen.add(pick)
    for (let i = rest.length - 1; i >= 0; i--) if (rest[i]!.includes(pick)) rest.splice(i, 1)
  }
  return chosen
}

function count<H>(open: readonly (readonly H[])[], h: H): number {
  return open.filter((options) => options.includes(h)).length
}

function* combinations<H>(pool: readonly H[], size: number, start = 0, prefix: H[] = []): Generator<H[]> {
  if (prefix.length === size) {
    yield prefix
    return
  }
  for (let i = start; i <= pool.length - (size - prefix.length); i++) yield* combinations(pool, size, i + 1, [...prefix, pool[i]!])
}
