// Where `explain` and `decode` get their text: a file, the argument, or standard input ("-" or no argument).

// Bounded (LIMITS.text, 32 MB: a log a person pastes) and regular files only; see input/bounded-read.ts.
// openInput streams explain's input instead (any size).
import {closeSync, constants, createReadStream, open, openSync} from 'node:fs'
import {stat} from 'node:fs/promises'
import {Socket} from 'node:net'
import {promisify} from 'node:util'
import {decodeInputText, LIMITS, readBoundedFile, readBoundedStdin, UnreadableInput} from '../input/bounded-read.js'

export {UnreadableInput}

// Reads of explain's stream (256 KB reads measured no faster on the whole and 14 MB more peak RSS).
const READ_SIZE = 64 * 1024

/** All of standard input, bounded by `limit` (a larger input is an UnreadableInput). */
export async function readStdin(limit: number = LIMITS.text): Promise<string> {
  return decodeInputText(await readBoundedStdin(limit))
}

/**
 * The text from --file, the argument, or standard input. Standard input is read to its end whenever it is not a
 * terminal and no argument was typed (the commands set ignoreStdin, so oclif's 10 ms peek never cuts a pipe short).
 */
export async function readInput(arg: string | undefined, file: string | undefined, what: string): Promise<string> {
  if (file !== undefined) {
    try {
      return decodeInputText(readBoundedFile(file, LIMITS.text))
    } catch (e) {
      throw new UnreadableInput(`--file ${file}: ${(e as Error).message}`)
    }
  }
  if (arg !== undefined && arg !== '-') {
    if (Buffer.byteLength(arg) > LIMITS.text) throw new UnreadableInput(`the ${what} argument is larger than 32 MB`)
    return arg
  }
  if (arg === undefined && process.stdin.isTTY) {
    throw new UnreadableInput(`give the ${what} as an argument, with --file, or on standard input`)
  }
  return readStdin()
}

/**
 * The input of `explain` as a byte stream of any size (a file or standard input), or the argument itself.
 * Errors that can be known before reading (no such file, a directory, nothing given on a terminal) are thrown here.
 */
export async function openInput(
  arg: string | undefined,
  file: string | undefined,
  what: string,
  pipeWaitMs = PIPE_WAIT_MS,
): Promise<{name: string; bytes: AsyncIterable<Uint8Array | string>} | {name: string; text: string}> {
  if (file !== undefined) {
    let fifo = false
    try {
      const st = await stat(file)
      fifo = st.isFIFO()
      if (!st.isFile() && !fifo) throw new UnreadableInput(`cannot read ${file}: it is ${st.isDirectory() ? 'a directory' : 'a device or socket'}, not a regular file`)
    } catch (e) {
      if (e instanceof UnreadableInput) throw e
      const code = (e as NodeJS.ErrnoException).code
      throw new UnreadableInput(`cannot read ${file}${code ? ` (${code})` : ''}`)
    }
    if (fifo) return {name: file, bytes: readable(await openPipe(file, pipeWaitMs), file)}
    return {name: file, bytes: readable(createReadStream(file, {highWaterMark: READ_SIZE}), file)}
  }
  if (arg !== undefined && arg !== '-') return {name: 'the argument', text: arg}
  if (arg === undefined && process.stdin.isTTY) {
    throw new UnreadableInput(`give the ${what} as an argument, with --file, or on standard input`)
  }
  return {name: 'standard input', bytes: process.stdin}
}

/** A read stream whose read errors become UnreadableInput (one clear line, not a stack trace). */
async function* readable(stream: AsyncIterable<Uint8Array | string>, name: string): AsyncGenerator<Uint8Array | string> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array | string
  } catch (e) {
    if (e instanceof UnreadableInput) throw e
    const code = (e as NodeJS.ErrnoException).code
    throw new UnreadableInput(`cannot read ${name}${code ? ` (${code})` : ''}`)
  }
}

/**
 * How long a pipe given as --file (a FIFO, or `<(cmd)`) may take to have a writer and send its first byte.
 * Opening a FIFO waits for a writer, which may never come; after the first byte a slow writer is waited for.
 */
export const PIPE_WAIT_MS = 10_000

/** A pipe's bytes, with one deadline (from now) for the writer to open it and send the first byte. */
async function openPipe(path: string, waitMs: number): Promise<AsyncIterable<Uint8Array>> {
  const late = () => new UnreadableInput(`cannot read ${path}: nothing was written to this pipe (FIFO) within ${waitMs / 1000} s (is the program that writes it running?)`)
  const deadline = Date.now() + waitMs
  // A blocking open (in libuv's worker pool) returns when a writer opens the pipe.
  const opening = promisify(open)(path, 'r')
  let timer: NodeJS.Timeout | undefined
  const fd = await Promise.race([opening, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)))])
  clearTimeout(timer)
  if (fd === undefined) {
    // No writer: become one for an instant so the pending open returns (a worker blocked forever keeps the
    // process alive), then close both ends.
    releaseOpen(path)
    opening.then((f) => closeSync(f), () => {})
    throw late()
  }
  // A socket over the pipe reads without blocking a worker, so the deadline can stop it.
  const socket = new Socket({fd, readable: true, writable: false})
  return firstByteBy(socket, deadline, late)
}

function releaseOpen(path: string): void {
  try {
    closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK))
  } catch {
    // ENXIO: the open has not reached the kernel yet; it stays pending (the process still exits with its error).
  }
}

async function* firstByteBy(socket: Socket, deadline: number, late: () => Error): AsyncGenerator<Uint8Array> {
  let timer: NodeJS.Timeout | undefined = setTimeout(() => socket.destroy(late()), Math.max(0, deadline - Date.now()))
  try {
    for await (const chunk of socket) {
      if (timer) {
        clearTimeout(timer)
        timer = undefined
      }
      yield chunk as Uint8Array
    }
  } finally {
    if (timer) clearTimeout(timer)
    socket.destroy()
  }
}
