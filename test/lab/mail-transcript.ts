// A raw line client for exact-string transcripts against the lab's mail servers: plain TCP, implicit TLS,
// and STARTTLS on the same connection. Every wait has a timeout.

import net from 'node:net'
import tls from 'node:tls'
import type {Duplex} from 'node:stream'

export const WAIT_MS = 3000

export class Transcript {
  private buffer = ''
  private closed = false
  private wake: (() => void) | undefined
  private readonly onData = (chunk: Buffer): void => {
    this.buffer += chunk.toString('latin1')
    this.notify()
  }

  private constructor(private socket: Duplex) {
    this.attach(socket)
  }

  static plain(port: number): Promise<Transcript> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new Transcript(socket)))
      socket.once('error', reject)
    })
  }

  static tls(port: number, ca: string, servername: string): Promise<Transcript> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({port, host: '127.0.0.1', ca, servername}, () => resolve(new Transcript(socket)))
      socket.once('error', reject)
    })
  }

  /** Upgrades in place (after the server's 220 to STARTTLS). */
  async startTls(ca: string, servername: string, options: tls.ConnectionOptions = {}): Promise<tls.TLSSocket> {
    this.socket.off('data', this.onData)
    const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({socket: this.socket as net.Socket, ca, servername, ...options}, () => resolve(s))
      s.once('error', reject)
    })
    this.socket = secure
    this.attach(secure)
    return secure
  }

  write(line: string): void {
    this.socket.write(`${line}\r\n`)
  }

  /** The next CRLF line, exactly as sent (without the CRLF). */
  async line(timeoutMs = WAIT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const end = this.buffer.indexOf('\r\n')
      if (end >= 0) {
        const line = this.buffer.slice(0, end)
        this.buffer = this.buffer.slice(end + 2)
        return line
      }
      if (this.closed) throw new Error(`connection closed; unread: ${JSON.stringify(this.buffer)}`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`no line within ${timeoutMs} ms; unread: ${JSON.stringify(this.buffer)}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
  }

  /** Lines up to and including the first one `last` accepts (an SMTP final line, an IMAP tagged line). */
  async until(last: (line: string) => boolean, timeoutMs = WAIT_MS): Promise<string[]> {
    const lines: string[] = []
    for (;;) {
      const line = await this.line(timeoutMs)
      lines.push(line)
      if (last(line)) return lines
    }
  }

  /** An SMTP reply: all its lines. */
  smtpReply(timeoutMs = WAIT_MS): Promise<string[]> {
    return this.until((l) => /^\d{3} /.test(l), timeoutMs)
  }

  /** Resolves true if the server closes the connection within the time. */
  async closedWithin(timeoutMs = WAIT_MS): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    return this.closed
  }

  /** Whatever arrived so far and was not read. */
  get unread(): string {
    return this.buffer
  }

  close(): void {
    this.socket.destroy()
  }

  private attach(socket: Duplex): void {
    socket.on('data', this.onData)
    socket.once('close', () => {
      this.closed = true
      this.notify()
    })
    socket.on('error', () => undefined)
  }

  private notify(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }
}

export const b64 = (s: string): string => Buffer.from(s).toString('base64')
