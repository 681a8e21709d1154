// Reads CRLF-terminated lines from a socket that may be swapped (plaintext → TLS after STARTTLS). Flags binary
// bytes, which on a text protocol port mean a TLS record: the port speaks implicit TLS.
import type {Socket} from 'node:net'
import {errCode, errMessage, ProbeFailure} from './failure.js'
import type {ProbeStage} from './types.js'

const MAX_BUFFER = 1024 * 1024

type Waiter = {resolve: (line: string) => void; reject: (err: Error) => void; stage: ProbeStage}

export class LineReader {
  private buf = ''
  private readonly lines: string[] = []
  private waiter?: Waiter
  private failure?: (stage: ProbeStage) => ProbeFailure
  private socket?: Socket
  /** First bytes looked like a TLS record (0x15/0x16 0x03 …) or other binary. */
  sawBinary = false

  private readonly onData = (chunk: Buffer): void => {
    if (this.buf.length === 0 && this.lines.length === 0 && looksBinary(chunk)) {
      this.sawBinary = true
      this.end((stage) =>
        new ProbeFailure({
          stage,
          code: 'EBINARY',
          tlsModeMismatch: chunk[0] === 0x15 || chunk[0] === 0x16,
          message: `the server sent binary data (first byte 0x${chunk[0]?.toString(16).padStart(2, '0')}), not a text reply`,
        }),
      )
      return
    }
    this.buf += chunk.toString('utf8')
    if (this.buf.length > MAX_BUFFER) return this.end((stage) => new ProbeFailure({stage, code: 'ELINETOOLONG', message: 'reply too large'}))
    let i: number
    while ((i = this.buf.indexOf('\n')) >= 0) {
      this.lines.push(this.buf.slice(0, i).replace(/\r$/, ''))
      this.buf = this.buf.slice(i + 1)
    }
    this.flush()
  }

  private readonly onEnd = (): void => {
    if (this.buf) {
      this.lines.push(this.buf.replace(/\r$/, ''))
      this.buf = ''
      this.flush()
    }
    this.end((stage) => new ProbeFailure({stage, code: 'ECONNRESET', message: 'the server closed the connection'}))
  }

  private readonly onError = (err: Error): void =>
    this.end((stage) => new ProbeFailure({stage, code: errCode(err), message: errMessage(err)}))

  attach(socket: Socket): void {
    this.detach()
    this.socket = socket
    socket.on('data', this.onData)
    socket.on('end', this.onEnd)
    socket.on('close', this.onEnd)
    socket.on('error', this.onError)
  }

  /** Stops reading (before a TLS upgrade takes the socket over). */
  detach(): void {
    const s = this.socket
    if (!s) return
    s.off('data', this.onData)
    s.off('end', this.onEnd)
    s.off('close', this.onEnd)
    s.off('error', this.onError)
    this.socket = undefined
  }

  /** The next line; rejects with a ProbeFailure at `stage` if the connection ends first. No timeout here: wrap in within(). */
  next(stage: ProbeStage): Promise<string> {
    if (this.lines.length > 0) return Promise.resolve(this.lines.shift() as string)
    if (this.failure) return Promise.reject(this.failure(stage))
    return new Promise((resolve, reject) => {
      this.waiter = {resolve, reject, stage}
    })
  }

  /** Lines already received but not read (pipelined replies). */
  pending(): number {
    return this.lines.length
  }

  private flush(): void {
    const w = this.waiter
    if (w && this.lines.length > 0) {
      this.waiter = undefined
      w.resolve(this.lines.shift() as string)
    }
  }

  private end(failure: (stage: ProbeStage) => ProbeFailure): void {
    this.failure ??= failure
    const w = this.waiter
    if (w && this.lines.length === 0) {
      this.waiter = undefined
      w.reject(this.failure(w.stage))
    }
  }
}

function looksBinary(chunk: Buffer): boolean {
  const n = Math.min(chunk.length, 16)
  for (let i = 0; i < n; i++) {
    const b = chunk[i] as number
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) return true
  }
  return false
}
