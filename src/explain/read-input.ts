// Where `explain` and `decode` get their text: a file, the argument, or standard input ("-" or no argument).

import {createReadStream} from 'node:fs'
import {stat} from 'node:fs/promises'
import {decodeText, readTextFile} from '../io/decode-text.js'

export class UnreadableInput extends Error {}

// A pasted log can be big; more than this is not a log a person means to paste.
const MAX_BYTES = 64 * 1024 * 1024

/** All of standard input (bounded: a larger input is an UnreadableInput). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of process.stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
    size += buf.length
    if (size > MAX_BYTES) throw new UnreadableInput('standard input is larger than 64 MB')
    chunks.push(buf)
  }
  return decodeText(Buffer.concat(chunks))
}

export async function readInput(arg: string | undefined, file: string | undefined, what: string): Promise<string> {
  if (file !== undefined) {
    try {
      return await readTextFile(file)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      throw new UnreadableInput(`cannot read ${file}${code ? ` (${code})` : ''}`)
    }
  }
  if (arg !== undefined && arg !== '-') return arg
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
      if (!st.isFile() && !st.isFIFO()) throw Object.assign(new Error('not a file'), {code: 'EISDIR'})
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      throw new UnreadableInput(`cannot read ${file}${code ? ` (${code})` : ''}`)
    }
    return {name: file, bytes: readable(createReadStream(file, {highWaterMark: 64 * 1024}), file)}
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
