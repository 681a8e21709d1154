// Text from files and pipes, as Windows writes it too: UTF-8, UTF-8 with a BOM (Notepad, PowerShell 7's
// -Encoding utf8BOM), UTF-16 LE with a BOM (Windows PowerShell 5.1's `>` and Out-File), UTF-16 BE with a BOM, and
// UTF-16 without a BOM when it evidently is (a NUL in every other byte: ASCII text saved as UTF-16). Read as UTF-8,
// a UTF-16 log is "no failure found". One module, used by every reader of outside text.

import {statSync, readFileSync} from 'node:fs'
import {readFile, stat} from 'node:fs/promises'

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be'

/** Bigger than this is not a settings file, evidence file or log a person means to give us. */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024

/** How many leading bytes decide "evidently UTF-16" for text without a BOM. */
const SNIFF_BYTES = 4096

export function detectEncoding(bytes: Uint8Array): {encoding: TextEncodingName; bomLength: number} {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return {encoding: 'utf-8', bomLength: 3}
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return {encoding: 'utf-16le', bomLength: 2}
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return {encoding: 'utf-16be', bomLength: 2}
  return {encoding: sniffUtf16(bytes) ?? 'utf-8', bomLength: 0}
}

/**
 * UTF-16 without a BOM: in the first bytes, (nearly) every byte at one parity is NUL and (nearly) none at the other.
 * UTF-8 text never has NULs in it, so a few stray ones do not count: at least 90% of one side, under 10% of the other.
 */
function sniffUtf16(bytes: Uint8Array): TextEncodingName | undefined {
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1
  if (n < 4) return undefined
  let evenNul = 0
  let oddNul = 0
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++
    if (bytes[i + 1] === 0) oddNul++
  }
  const pairs = n / 2
  if (oddNul >= pairs * 0.9 && evenNul < pairs * 0.1) return 'utf-16le'
  if (evenNul >= pairs * 0.9 && oddNul < pairs * 0.1) return 'utf-16be'
  return undefined
}

/** The text of `bytes`, by BOM or evident UTF-16, else UTF-8; the BOM itself is dropped. */
export function decodeText(bytes: Uint8Array): string {
  const {encoding, bomLength} = detectEncoding(bytes)
  const body = Buffer.from(bytes.buffer, bytes.byteOffset + bomLength, bytes.byteLength - bomLength)
  if (encoding === 'utf-8') return body.toString('utf8')
  const even = body.length & ~1 // an odd last byte is not a character
  if (encoding === 'utf-16le') return body.toString('utf16le', 0, even)
  const swapped = Buffer.from(body.subarray(0, even))
  swapped.swap16()
  return swapped.toString('utf16le')
}

function tooBig(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${path} is larger than ${MAX_TEXT_BYTES / 1024 / 1024} MB`), {code: 'EFBIG'})
}

/** A text file, decoded; errors keep their `code` (ENOENT, EACCES, and EFBIG when over the limit). */
export function readTextFileSync(path: string, maxBytes = MAX_TEXT_BYTES): string {
  if (statSync(path).size > maxBytes) throw tooBig(path)
  return decodeText(readFileSync(path))
}

export async function readTextFile(path: string, maxBytes = MAX_TEXT_BYTES): Promise<string> {
  if ((await stat(path)).size > maxBytes) throw tooBig(path)
  return decodeText(await readFile(path))
}
