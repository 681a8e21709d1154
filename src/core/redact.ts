// Masks known secret values, bearer tokens, JWTs and XOAUTH2 strings in text that comes from outside
// (library errors, server replies, transcripts). Applied where such text enters our model, never as a
// last-minute scrub of the output.

export const REDACTED = '[redacted]'

/** The only form in which a token or secret-shaped value may be shown: its first characters and an ellipsis. */
export function preview(value: string, chars = 8): string {
  return value.length <= chars ? REDACTED : `${value.slice(0, chars)}…`
}

const known = new Set<string>()

/** Remember a secret value so `redactText` masks it wherever it shows up. Short values are ignored (noise). */
export function registerSecretValue(value: string): void {
  if (value.length >= 6) {
    known.add(value)
    // The base64 of an XOAUTH2 string embeds the token; its base64 is masked by the patterns below.
  }
}

const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g
const BEARER = /(\bBearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi
// base64 of "user=" is "dXNlcj0"; an XOAUTH2 blob always starts with it.
const XOAUTH2_B64 = /\bdXNlcj0[A-Za-z0-9+/=]{8,}/g

export function redactText(text: string): string {
  let out = text
  for (const value of known) {
    if (out.includes(value)) out = out.split(value).join(REDACTED)
  }
  return out
    .replace(JWT, (m) => preview(m))
    .replace(BEARER, '$1[redacted]')
    .replace(XOAUTH2_B64, '[redacted XOAUTH2]')
}
