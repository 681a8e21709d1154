// Masks known secret values, bearer tokens, JWTs and XOAUTH2 strings in text that comes from outside
// (library errors, server replies, transcripts). Applied where such text enters our model, never as a
// last-minute scrub of the output. Every pass is linear in the text: JWTs are found by a scanner over
// base64url runs, not by a pattern that can backtrack over `eyJ-eyJ-eyJ-…` (that took 19–32 s on 160 KB).

export const REDACTED = '[redacted]'

/** The only form in which a token or secret-shaped value may be shown: its first characters and an ellipsis. */
export function preview(value: string, chars = 8): string {
  return value.length <= chars ? REDACTED : `${value.slice(0, chars)}…`
}

const known = new Set<string>()
/** Values too short to mask inside words (`abc` would hit every `abcdef`): masked only as whole words. */
const short = new Set<string>()

/** Remember a secret value so `redactText` masks it wherever it shows up, also in base64 and URL-encoded form. */
export function registerSecretValue(value: string): void {
  if (value.length === 0) return
  if (value.length < 6) {
    short.add(value)
    return
  }
  known.add(value)
  for (const form of encodedForms(value)) if (form.length >= 6) known.add(form)
}

/** base64/base64url (at each of the three byte alignments, for a secret inside a longer blob) and URL encoding. */
export function encodedForms(value: string): string[] {
  const forms = new Set<string>()
  const bytes = Buffer.from(value, 'utf8')
  const url = encodeURIComponent(value)
  if (url !== value) forms.add(url)
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64')
    // Drop the characters that also encode the padding bytes before, and the partial group after.
    const head = shift === 0 ? 0 : 4
    const usable = Math.floor((shift + bytes.length) / 3) * 4
    const core = b64.slice(head, usable)
    if (core.length >= 8 || (shift === 0 && core.length >= 6)) {
      forms.add(core)
      forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'))
    }
  }
  forms.delete(value)
  return [...forms]
}

const BEARER = /(\bBearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi
// base64 of "user=" is "dXNlcj0"; an XOAUTH2 blob always starts with it. (Always matches once started: linear.)
const XOAUTH2_B64 = /\bdXNlcj0[A-Za-z0-9+/=]{8,}/g
// Credentials in a URL (`https://user:secret@host/`): the user-info part.
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]{0,20}:\/\/)[^/\s@]{1,512}@/gi

export function redactText(text: string): string {
  let out = text
  for (const value of known) {
    if (out.includes(value)) out = out.split(value).join(REDACTED)
  }
  for (const value of short) out = replaceWholeWord(out, value, REDACTED)
  out = maskJwts(out, 8, (jwt) => preview(jwt))
  return out
    .replace(BEARER, '$1[redacted]')
    .replace(XOAUTH2_B64, '[redacted XOAUTH2]')
    .replace(URL_USERINFO, '$1[redacted]@')
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c)

/** Replaces `value` where it stands alone (no letter, digit or underscore on either side). */
export function replaceWholeWord(text: string, value: string, replacement: string): string {
  let from = 0
  let out = ''
  for (let i = text.indexOf(value, from); i >= 0; i = text.indexOf(value, from)) {
    const end = i + value.length
    if (!isWordChar(text[i - 1]) && !isWordChar(text[end])) {
      out += text.slice(from, i) + replacement
    } else out += text.slice(from, end)
    from = end
  }
  return from === 0 ? text : out + text.slice(from)
}

// Runs of base64url characters and dots: a JWT lies within one run. One pass over the text.
const RUN = /[A-Za-z0-9_.-]+/g

/**
 * Masks every compact JWS in `text`: `eyJ…` (at a word start) with at least `min` characters, a dot, a second part of
 * at least `min` characters, and an optional third part. Linear: each run is split on dots once.
 */
export function maskJwts(text: string, min: number, mask: (jwt: string) => string): string {
  if (!text.includes('eyJ')) return text
  return text.replace(RUN, (run) => {
    if (!run.includes('eyJ') || !run.includes('.')) return run
    const parts = run.split('.')
    const out: string[] = []
    let i = 0
    while (i < parts.length) {
      const part = parts[i] as string
      const start = jwtStart(part)
      const next = parts[i + 1]
      if (start >= 0 && part.length - start >= 3 + min && next !== undefined && next.length >= min) {
        const third = parts[i + 2]
        const jwt = `${part.slice(start)}.${next}${third !== undefined ? `.${third}` : ''}`
        out.push(part.slice(0, start) + mask(jwt))
        i += third !== undefined ? 3 : 2
        continue
      }
      out.push(part)
      i++
    }
    return out.join('.')
  })
}

/** The first `eyJ` in a dot-free segment that starts a word (segment start, or after `-`). */
function jwtStart(segment: string): number {
  let i = segment.indexOf('eyJ')
  while (i > 0 && isWordChar(segment[i - 1])) i = segment.indexOf('eyJ', i + 1)
  return i
}
