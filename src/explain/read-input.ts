// Where `explain` and `decode` get their text: a file, the argument, or standard input ("-" or no argument).

// Bounded (LIMITS.text, 32 MB: a log a person pastes) and regular files only; see input/bounded-read.ts.
import {decodeInputText, LIMITS, readBoundedFile, readBoundedStdin, UnreadableInput} from '../input/bounded-read.js'

export {UnreadableInput}

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
