// Streaming `explain`: bytes in (a file or standard input of any size), decoded as they arrive (UTF-8, or UTF-16 as
// Windows PowerShell writes it, with or without a BOM), classified a block of whole lines at a time. Memory is
// bounded by the block size and the number of distinct replies, not by the input.

import {TextDecoder} from 'node:util'
import {detectEncoding, type TextEncodingName} from '../io/decode-text.js'
import {UnreadableInput} from './read-input.js'
import {ExplainCollector, type ExplainOptions, type ExplainResult} from './explain-text.js'

// Lines are classified in blocks of about this many characters.
const BLOCK = 64 * 1024
// Text after a block's last reported line that its matches may still need (Entra's IDs, a resolver's context):
// it stays for the next block, which reports it.
const TAIL = 4096
// Text before a block that its first matches may need (fallback neighbours, a DSN "Status:" prefix).
const CARRY = 4096
// How much of the start is inspected to tell text from binary and to find the encoding.
const SNIFF = 8192

/**
 * The encoding of the first bytes (io/decode-text's detection: BOM, or evident UTF-16), or an UnreadableInput for
 * binary data: NUL bytes that are not UTF-16, or many control characters.
 */
export function sniffEncoding(head: Uint8Array, name: string): {encoding: TextEncodingName; bom: number} {
  const {encoding, bomLength} = detectEncoding(head)
  if (encoding !== 'utf-8') return {encoding, bom: bomLength}
  const n = Math.min(head.length, SNIFF)
  let nul = 0
  let control = 0
  for (let i = bomLength; i < n; i++) {
    const b = head[i]!
    if (b === 0) nul++
    else if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++
  }
  if (nul > 0 || control > n * 0.1) {
    throw new UnreadableInput(`${name} is binary data, not text: give explain a log file or the error message itself`)
  }
  return {encoding, bom: bomLength}
}

/** Decoded text of a byte stream, chunk by chunk. */
export async function* decodeStream(bytes: AsyncIterable<Uint8Array | string>, name: string): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined
  let pending: Uint8Array = new Uint8Array(0)
  for await (const chunk of bytes) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    if (!decoder) {
      pending = pending.length === 0 ? buf : Buffer.concat([pending, buf])
      if (pending.length < SNIFF) continue
      const {encoding, bom} = sniffEncoding(pending, name)
      decoder = new TextDecoder(encoding)
      yield decoder.decode(pending.subarray(bom), {stream: true})
      continue
    }
    yield decoder.decode(buf, {stream: true})
  }
  if (!decoder) {
    const {encoding, bom} = sniffEncoding(pending, name)
    decoder = new TextDecoder(encoding)
    yield decoder.decode(pending.subarray(bom), {stream: true})
  }
  yield decoder.decode()
}

function countLines(text: string, end: number): number {
  let n = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++
  return n
}

/** Explain text that arrives in chunks (decodeStream's output): the same result as explainText on the whole. */
export async function explainStream(chunks: AsyncIterable<string>, options: ExplainOptions = {}): Promise<ExplainResult> {
  const collector = new ExplainCollector(options.onReply)
  // The kept context, then the chunks since: joined once per block into one flat string (a string built by `+=`
  // is a rope, and reading a rope a character at a time is slow).
  let parts: string[] = []
  let size = 0
  let buf = ''
  let firstLine = 1
  let reportFrom = 0
  for await (const chunk of chunks) {
    parts.push(chunk)
    size += chunk.length
    if (size < BLOCK + TAIL) continue
    buf = parts.join('')
    // Report up to the last whole line before the tail; a line with no end in sight is cut.
    const nl = buf.lastIndexOf('\n', buf.length - TAIL)
    const reportTo = nl >= reportFrom ? nl + 1 : buf.length - TAIL
    collector.addBlock(buf, firstLine, reportFrom, reportTo)
    // Keep some context before the next reported text, starting at a line start where there is one.
    const back = Math.max(0, reportTo - CARRY)
    const lineStart = buf.lastIndexOf('\n', back)
    const keep = lineStart >= 0 && reportTo - lineStart <= 4 * CARRY ? lineStart + 1 : back
    firstLine += countLines(buf, keep)
    buf = buf.slice(keep)
    parts = [buf]
    size = buf.length
    reportFrom = reportTo - keep
  }
  buf = parts.join('')
  collector.addBlock(buf, firstLine, reportFrom, buf.length)
  return collector.result(options)
}
