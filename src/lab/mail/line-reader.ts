// Reads CRLF-terminated lines (and, for IMAP literals, exact byte counts) from a socket, one await at a time.

import type {Duplex} from 'node:stream'

const MAX_LINE = 1 << 20

export class LineReader {
  private buffer: Buffer = Buffer.alloc(0)
  private ended = false
  private wake: (() => void) | undefined

  constructor(socket: Duplex) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk
      this.notify()
    })
    socket.once('close', () => {
      this.ended = true
      this.notify()
    })
  }

  /** The next line without its line ending; undefined once the socket has closed (or sent an absurd line). */
  async line(): Promise<string | undefined> {
    for (;;) {
      const end = this.buffer.indexOf(0x0a)
      if (end >= 0) {
        const line = this.buffer.subarray(0, end).toString('utf8').replace(/\r$/, '')
        this.buffer = this.buffer.subarray(end + 1)
        return line
      }
      if (this.ended || this.buffer.length > MAX_LINE) return undefined
      await this.more()
    }
  }

  async bytes(count: number): Promise<Buffer | undefined> {
    while (this.buffer.length < count) {
      if (this.ended) return undefined
      await this.more()
    }
    const out = this.buffer.subarray(0, count)
    this.buffer = this.buffer.subarray(count)
    return out
  }

  private more(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve))
  }

  private notify(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }
}
