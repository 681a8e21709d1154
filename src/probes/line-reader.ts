// Reads CRLF-terminated lines from a socket that may be swapped (plaintext → TLS after STARTTLS). Flags binary
// bytes, which on a text protocol port mean a TLS record: the port speaks implicit TLS. Bounded: a line longer than
// MAX_LINE or more than MAX_QUEUED bytes not yet read ends the session with a finding (Exchange Online's longest
// lines are a few hundred bytes), and the socket is destroyed so a flooding server cannot keep us reading.
import type {Socket} from 'node:net'
import {errCode, errMessage, ProbeFailure} from './failure.js'
import type {ProbeStage} from './types.js'

/** Longest line accepted (SMTP allows 512 octets per reply line, IMAP capability lines are ~1 KB). */
export const MAX_LINE = 16 * 1024
/** Most bytes of received-but-unread lines (a server sending without being asked). */
export const MAX_QUEUED = 1024 * 1024

type Waiter = {resolve: (line: string) => void; reject: (err: Error) => void; stage: ProbeStage}

export class LineReader {
  private partial = ''
  private readonly lines: string[] = []
  private head = 0
  private queuedBytes = 0
  private waiter?: Waiter
  private failure?: (stage: ProbeStage) => ProbeFailure
  private socket?: Socket
  private received = 0
  /** First bytes looked like a TLS record (0x15/0x16 0x03 …) or other binary. */
  sawBinary = false

  private readonly onData = (chunk: Buffer): void => {
    if (this.failure) return
    if (this.received === 0 && looksBinary(chunk)) {
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
    this.received += chunk.length
    const text = chunk.toString('utf8')
    // Scan only the new text for line ends: the partial line is at most MAX_LINE, so each chunk costs its own length.
    let start = 0
    for (let i = text.indexOf('\n', start); i >= 0; i = text.indexOf('\n', start)) {
      const line = (this.partial + text.slice(start, i)).replace(/\r$/, '')
      this.partial = ''
      start = i + 1
      if (line.length > MAX_LINE) return this.tooLong(line.length)
      this.lines.push(line)
      this.queuedBytes += line.length
    }
    this.partial += text.slice(start)
    if (this.partial.length > MAX_LINE) return this.tooLong(this.partial.length, true)
    if (this.queuedBytes > MAX_QUEUED) {
      return this.overflow('ELINEFLOOD', `the server sent more than ${MAX_QUEUED / 1024 / 1024} MB of lines without being asked; Exchange Online never does`)
    }
    this.flush()
  }

  private readonly onEnd = (): void => {
    if (this.partial) {
      this.lines.push(this.partial.replace(/\r$/, ''))
      this.partial = ''
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
    if (this.pending() > 0) return Promise.resolve(this.take())
    if (this.failure) return Promise.reject(this.failure(stage))
    return new Promise((resolve, reject) => {
      this.waiter = {resolve, reject, stage}
    })
  }

  /** True once the connection ended, failed or passed a limit: no more lines will come. */
  ended(): boolean {
    return this.failure !== undefined
  }

  /** Lines already received but not read (pipelined replies). */
  pending(): number {
    return this.lines.length - this.head
  }

  private take(): string {
    const line = this.lines[this.head++] as string
    this.queuedBytes -= line.length
    // Compact now and then: shift() on a long array is O(n) per call.
    if (this.head > 1024 && this.head * 2 > this.lines.length) {
      this.lines.splice(0, this.head)
      this.head = 0
    }
    return line
  }

  private flush(): void {
    const w = this.waiter
    if (w && this.pending() > 0) {
      this.waiter = undefined
      w.resolve(this.take())
    }
  }

  private tooLong(length: number, unfinished = false): void {
    this.overflow('ELINETOOLONG', `the server sent a line of ${unfinished ? 'more than ' : ''}${length} bytes; Exchange Online's reply lines are a few hundred bytes (limit ${MAX_LINE})`)
  }

  /** A size limit was passed: nothing more is read, queued lines are dropped, the socket is closed. */
  private overflow(code: string, message: string): void {
    this.lines.length = 0
    this.head = 0
    this.queuedBytes = 0
    this.partial = ''
    const socket = this.socket
    this.end((stage) => new ProbeFailure({stage, code, message}))
    this.detach()
    socket?.destroy()
  }

  private end(failure: (stage: ProbeStage) => ProbeFailure): void {
    this.failure ??= failure
    const w = this.waiter
    if (w && this.pending() === 0) {
      this.waiter = undefined
      w.reject(this.failure(w.stage))
    }
  }
}

function looksBinary(chunk: Buffer): boolean {
  const n = Math.min(chunk.length, 16)
  for (let i = 0; i < n; i++) {
    const b = chunk[i] as number
    // ESC (0x1b) starts terminal escapes: hostile text, but text; it is shown stripped, not taken for TLS.
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b) || b === 0x7f) return true
  }
  return false
}
