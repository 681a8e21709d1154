// A mistyped command in a script or pipe: @oclif/plugin-not-found asks "Did you mean …?" only on a terminal and
// otherwise just says the command does not exist. This hook adds the suggestion there, in one line on stderr.
import type {Hook} from '@oclif/core'

/** Edit distance, for the handful of short command IDs (linear memory). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = current
  }
  return previous[b.length]!
}

/** The closest command, if it is close enough to be what was meant (at most a third of its letters off). */
export function suggestCommand(typed: string, ids: readonly string[]): string | undefined {
  const ranked = ids.map((id) => ({id, d: editDistance(typed.slice(0, 64), id)})).sort((x, y) => x.d - y.d)
  const best = ranked[0]
  return best && best.d <= Math.max(1, Math.floor(best.id.length / 3)) ? best.id : undefined
}

const hook: Hook<'command_not_found'> = async (options) => {
  if (process.stdin.isTTY) return // plugin-not-found asks on a terminal
  const ids = options.config.commands.filter((c) => !c.hidden).map((c) => c.id)
  const suggestion = suggestCommand(options.id, ids)
  if (suggestion) process.stderr.write(`Did you mean "${options.config.bin} ${suggestion.replaceAll(':', ' ')}"?\n`)
}

export default hook
