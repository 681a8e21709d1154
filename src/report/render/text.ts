// Small text helpers shared by the renderers: terminal-safe strings, display width, wrapping, durations, colour.

// C0 (except tab and newline), DEL, C1, and the bidi controls that can make text read differently than it is.
// Lone surrogates too: they cannot be encoded and would print as U+FFFD, hiding what the server sent.
const UNSAFE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/**
 * Makes a report string safe to print: control characters (an ESC from a server reply could recolour or
 * rewrite the terminal) become visible escapes like `\x1B`, tabs become a space. Newlines are kept.
 */
export function visible(text: string): string {
  return text.replace(/\t/g, ' ').replace(UNSAFE, (ch) => {
    const code = ch.codePointAt(0)!
    return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase()}`
  })
}

/** Columns a code point takes in a terminal: 2 for East Asian wide and emoji, 0 for combining marks. */
function charWidth(code: number): number {
  if ((code >= 0x300 && code <= 0x36f) || code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) return 0
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  )
    return 2
  return 1
}

export function displayWidth(text: string): number {
  let width = 0
  for (const ch of text.replace(/\u001b\[[0-9;]*m/g, '')) width += charWidth(ch.codePointAt(0)!)
  return width
}

/** Cuts a word longer than the line into pieces that fit (linear: the width is counted as it goes). */
function splitLong(word: string, width: number): string[] {
  const pieces: string[] = []
  let piece = ''
  let used = 0
  for (const ch of word.replace(/\u001b\[[0-9;]*m/g, '')) {
    const w = charWidth(ch.codePointAt(0)!)
    if (piece && used + w > width) {
      pieces.push(piece)
      piece = ''
      used = 0
    }
    piece += ch
    used += w
  }
  if (piece) pieces.push(piece)
  return pieces
}

/** Text from outside longer than this is cut before layout: wrapping and table layout cost grows with it. */
export const MAX_FIELD_CHARS = 2000

/**
 * Cuts text from outside (a server reply, an evidence value) to `max` characters before any layout, saying how
 * much was left out: "… 6000 more bytes" (UTF-8 bytes of the rest, as the wire carried them).
 */
export function clip(text: string, max = MAX_FIELD_CHARS, ellipsis = '…'): string {
  if (text.length <= max) return text
  let cut = max
  // Never split a surrogate pair.
  if (/[\ud800-\udbff]/.test(text[cut - 1]!)) cut--
  return `${text.slice(0, cut)}${ellipsis} ${Buffer.byteLength(text.slice(cut), 'utf8')} more bytes`
}

/** Appends one by one: `push(...items)` overflows the call stack on a long transcript. */
export function append<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item)
  return target
}

/**
 * Word-wraps plain text (no ANSI) to `width` columns, each line prefixed with `indent` (the first line with
 * `firstIndent` when given). Existing newlines are kept; long words are cut rather than overflow, except URLs
 * (unless `keepUrlsWhole` is false, as in table cells, which must keep their borders).
 */
export function wrap(text: string, width: number, indent = '', firstIndent = indent, keepUrlsWhole = true): string[] {
  const lines: string[] = []
  let prefix = firstIndent
  for (const paragraph of text.split(/\r?\n/)) {
    let line = ''
    const room = () => Math.max(10, width - displayWidth(prefix))
    const flush = () => {
      lines.push((prefix + line).trimEnd())
      prefix = indent
      line = ''
    }
    for (const word of paragraph.split(/ +/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word
      if (displayWidth(candidate) <= room()) {
        line = candidate
        continue
      }
      if (line) flush()
      // A URL cut in two cannot be clicked or pasted: outside table cells it may overflow instead.
      const unbreakable = keepUrlsWhole && /^\S*:\/\/\S+$/.test(word)
      const pieces = displayWidth(word) > room() && !unbreakable ? splitLong(word, room()) : [word]
      for (const piece of pieces.slice(0, -1)) {
        line = piece
        flush()
      }
      line = pieces.at(-1)!
    }
    flush()
  }
  return lines
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const s = Math.round(ms / 1000)
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`
}

export type Paint = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'gray'

const SGR: Record<Paint, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  gray: [90, 39],
}

/** Our own SGR codes, so colour depends only on the option passed in (no library reading env or argv). */
export function painter(color: boolean): (text: string, ...styles: Paint[]) => string {
  if (!color) return (text) => text
  return (text, ...styles) =>
    styles.reduce((out, style) => `\u001b[${SGR[style][0]}m${out}\u001b[${SGR[style][1]}m`, text)
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}
