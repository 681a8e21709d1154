// Every file and stream a person hands the doctor is read here, bounded: only regular files (a FIFO with no writer,
// /dev/zero, /dev/urandom or a directory is refused at once, never waited on), at most `limit` bytes, then decoded to
// text by one function (decodeInputText) so another decoder (BOMs, UTF-16) can slot in without touching the readers.
import {closeSync, constants, fstatSync, openSync, readSync} from 'node:fs'
import {decodeText} from '../io/decode-text.js'

/** Stated limits, by kind of input. */
export const LIMITS = {
  settings: 1024 * 1024,
  evidence: 10 * 1024 * 1024,
  /** explain and decode: a pasted log or a token, from a file or standard input. */
  text: 32 * 1024 * 1024,
  /** --client-secret-stdin: a secret is never longer than a line. */
  secret: 64 * 1024,
} as const

/** A file or stream that cannot be used: the message says why, for one line naming the input. */
export class UnreadableInput extends Error {
  override readonly name = 'UnreadableInput'
  /** The system error code when opening or reading failed (ENOENT, EACCES…). */
  constructor(message: string, readonly code?: string) {
    super(message)
  }
}

export function describeLimit(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${Math.round(bytes / 1024)} KB`
}

function kindOf(st: import('node:fs').Stats): string {
  if (st.isDirectory()) return 'a directory'
  if (st.isFIFO()) return 'a pipe (FIFO)'
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device'
  if (st.isSocket()) return 'a socket'
  return 'not a regular file'
}

/** The bytes of a regular file of at most `limit` bytes. Never blocks on a FIFO or device. */
export function readBoundedFile(path: string, limit: number): Buffer {
  let fd: number
  try {
    // O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting for one.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UnreadableInput(code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'it is a directory, not a file' : `cannot read the file (${code ?? 'error'})`, code)
  }
  try {
    const st = fstatSync(fd)
    if (!st.isFile()) throw new UnreadableInput(`it is ${kindOf(st)}, not a regular file`)
    if (st.size > limit) throw new UnreadableInput(`the file is ${describeLimit(st.size)}, more than the ${describeLimit(limit)} this input may be`)
    const buf = Buffer.alloc(Math.min(limit + 1, Math.max(st.size, 0) + 1))
    let size = 0
    for (;;) {
      if (size === buf.length) break
      const n = readSync(fd, buf, size, buf.length - size, null)
      if (n === 0) break
      size += n
    }
    // A file that grew while being read is judged by what was read.
    if (size > limit) throw new UnreadableInput(`the file is larger than the ${describeLimit(limit)} this input may be`)
    return buf.subarray(0, size)
  } catch (error) {
    if (error instanceof UnreadableInput) throw error
    throw new UnreadableInput(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  } finally {
    closeSync(fd)
  }
}

/** All of standard input, at most `limit` bytes (more is refused, without reading on). */
export async function readBoundedStdin(limit: number, stdin: NodeJS.ReadableStream = process.stdin): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
    size += buf.length
    if (size > limit) {
      ;(stdin as NodeJS.ReadStream).destroy?.()
      throw new UnreadableInput(`standard input is larger than the ${describeLimit(limit)} this input may be`)
    }
    chunks.push(buf)
  }
  return Buffer.concat(chunks)
}

/** Bytes → text for every input above: the BOM/UTF-16-aware decoder (io/decode-text.ts). */
export function decodeInputText(bytes: Buffer): string {
  return decodeText(bytes)
}

/** A regular file's text, bounded. */
export function readBoundedText(path: string, limit: number): string {
  return decodeInputText(readBoundedFile(path, limit))
}
