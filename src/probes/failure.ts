// Internal plumbing shared by the probes: a failure carrying a ProbeError (caught at each probe's top level and
// turned into `ok:false`), and a wait helper so that every wait has a timeout and honours the AbortSignal.
import type {ProbeError, ProbeStage} from './types.js'

export class ProbeFailure extends Error {
  constructor(readonly error: ProbeError) {
    super(error.message)
  }
}

export function fail(stage: ProbeStage, message: string, extra: Omit<ProbeError, 'stage' | 'message'> = {}): never {
  throw new ProbeFailure({stage, message, ...extra})
}

/**
 * Waits for `promise`, failing at `stage` on timeout (code `timeoutCode`) or abort (code ABORT_ERR).
 * `onGiveUp` runs on timeout/abort so the caller can destroy the socket the promise depends on.
 */
export async function within<T>(
  promise: Promise<T>,
  opts: {stage: ProbeStage; timeoutMs: number; signal?: AbortSignal; what: string; timeoutCode?: string; onGiveUp?: () => void},
): Promise<T> {
  const {stage, timeoutMs, signal, what} = opts
  let timer: NodeJS.Timeout | undefined
  let onAbort: (() => void) | undefined
  const guard = new Promise<never>((_, reject) => {
    const giveUp = (error: ProbeError): void => {
      opts.onGiveUp?.()
      reject(new ProbeFailure(error))
    }
    const aborted = (): ProbeError =>
      isDeadline(signal?.reason)
        ? {stage, code: 'ETIMEDOUT', message: `no ${what} before the check's deadline`}
        : {stage, code: 'ABORT_ERR', message: `aborted while waiting for ${what}`}
    if (signal?.aborted) return giveUp(aborted())
    timer = setTimeout(
      () => giveUp({stage, code: opts.timeoutCode ?? 'ETIMEDOUT', message: `no ${what} within ${timeoutMs} ms`}),
      timeoutMs,
    )
    onAbort = () => giveUp(aborted())
    signal?.addEventListener('abort', onAbort, {once: true})
  })
  try {
    return await Promise.race([promise, guard])
  } finally {
    clearTimeout(timer)
    if (onAbort) signal?.removeEventListener('abort', onAbort)
    guard.catch(() => undefined)
  }
}

/** The runner aborts a check at its deadline with an Error named CheckTimeout (AbortSignal.timeout: TimeoutError). */
export function isDeadline(reason: unknown): boolean {
  const name = (reason as {name?: unknown} | undefined)?.name
  return name === 'CheckTimeout' || name === 'TimeoutError'
}

/** Node/OpenSSL codes that mean "the peer does not speak TLS here". */
export function isTlsModeMismatchError(err: {code?: string; message?: string}): boolean {
  const text = `${err.code ?? ''} ${err.message ?? ''}`
  return /WRONG_VERSION_NUMBER|wrong version number|PACKET_LENGTH_TOO_LONG|packet length too long|HTTP_REQUEST|UNKNOWN_PROTOCOL|unknown protocol|record layer failure/i.test(
    text,
  )
}

export function errCode(err: unknown): string | undefined {
  const code = (err as {code?: unknown} | undefined)?.code
  return typeof code === 'string' ? code : undefined
}

export function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** OpenSSL's "802C…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:…" → "wrong version number". */
export function tlsReason(message: string): string {
  const m = /SSL routines:[^:]*:([^:]+)/.exec(message)
  return m?.[1] ?? message.trim()
}
