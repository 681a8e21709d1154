// Waits that model the network (lab.latencyMs) and Exchange's tarpit before an authentication failure
// (lab.failureDelayMs). They end early when the servers close, so close() never waits on a tarpit.

import {setTimeout as delay} from 'node:timers/promises'

export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return
  await delay(ms, undefined, {signal}).catch(() => undefined)
}
