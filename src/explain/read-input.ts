// Where `explain` and `decode` get their text: a file, the argument, or standard input ("-" or no argument).

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
