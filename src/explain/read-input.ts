// Where `explain` and `decode` get their text: a file, the argument, or standard input ("-" or no argument).

// Bounded (LIMITS.text, 32 MB: a log a person pastes) and regular files only; see input/bounded-read.ts.
// openInput streams explain's input instead (any size).
import {createReadStream} from 'node:fs'
import {stat} from 'node:fs/promises'
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
export async function openInput(arg: string | undefined, file: string | undefined, what: string): Promise<{name: string; bytes: AsyncIterable<Uint8Array | string>} | {name: string; text: string}> {
  if (file !== undefined) {
    try {
      const st = await stat(file)
      if (!st.isFile() && !st.isFIFO()) throw new UnreadableInput(`cannot read ${file}: it is ${st.isDirectory() ? 'a directory' : 'a device or socket'}, not a regular file`)
    } catch (e) {
      if (e instanceof UnreadableInput) throw e
      const code = (e as NodeJS.ErrnoException).code
      throw new UnreadableInput(`cannot read ${file}${code ? ` (${code})` : ''}`)
    }
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
    const code = (e as NodeJS.ErrnoException).code
    throw new UnreadableInput(`cannot read ${name}${code ? ` (${code})` : ''}`)
  }
}
