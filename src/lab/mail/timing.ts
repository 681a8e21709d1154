// Waits that model the network (lab.latencyMs) and Exchange's tarpit before an authentication failure
// (lab.failureDelayMs). They end early when the servers close, so close() never waits on a tarpit.
// One 'abort' listener per signal wakes every pending wait: a listener per wait on the servers' shared signal made
// Node warn (MaxListenersExceededWarning) as soon as more than ten logins waited at once.

const pending = new WeakMap<AbortSignal, Set<() => void>>()

export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve()
  let waits = pending.get(signal)
  if (!waits) {
    const set = new Set<() => void>()
    waits = set
    pending.set(signal, set)
    signal.addEventListener('abort', () => {
      for (const wake of [...set]) wake()
    }, {once: true})
  }
  const set = waits
  return new Promise((resolve) => {
    const wake = (): void => {
      clearTimeout(timer)
      set.delete(wake)
      resolve()
    }
    const timer = setTimeout(wake, ms)
    set.add(wake)
  })
}
