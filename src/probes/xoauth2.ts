// The SASL XOAUTH2 initial response (microsoft-behaviour.md §4.1) and the redactor that keeps it, and the token
// inside it, out of every transcript and error. Redaction happens where lines are recorded, not on output.
// It knows this probe's own token exactly, then applies the project-wide redactText (every revealed Secret,
// e.g. the client secret, JWT/bearer shapes) as a second layer.
import {maskJwts, preview, redactText} from '../core/redact.js'

const SOH = '\x01'

/** base64("user=" + user + ^A + "auth=Bearer " + token + ^A^A). */
export function buildXoauth2(user: string, token: string): string {
  return Buffer.from(`user=${user}${SOH}auth=Bearer ${token}${SOH}${SOH}`, 'utf8').toString('base64')
}


export type Redactor = (text: string) => string

const REDACTED_XOAUTH2 = '<XOAUTH2 redacted>'
const BEARER_RE = /(Bearer\s+)[^\s\x01"']+/gi
// The argument of an AUTH/AUTHENTICATE XOAUTH2 or OAUTHBEARER command, whatever it is.
const AUTH_ARG_RE = /\b(AUTH(?:ENTICATE)?\s+(?:XOAUTH2|OAUTHBEARER)\s+)(?!<XOAUTH2 redacted>$).+$/gim
// A long base64 word: decoded and dropped when it carries a bearer credential (someone else's XOAUTH2 string).
const B64_WORD_RE = /[A-Za-z0-9+/]{40,}={0,2}/g

function hidesBearer(word: string): boolean {
  return /auth=Bearer /i.test(Buffer.from(word, 'base64').toString('latin1'))
}

/**
 * Redacts the exact XOAUTH2 string and token we send, their base64/decoded forms, and anything shaped like a
 * bearer token or a SASL OAuth argument. Server challenges (`+ eyJzdGF0dXMi…`, base64 JSON without dots) stay.
 */
export function createRedactor(user: string, token: string): Redactor {
  // Built on first use: without --verbose a login that succeeds never redacts anything.
  let secrets: Array<[string, string]> | undefined
  return (text: string): string => {
    secrets ??= token
      ? [[buildXoauth2(user, token), REDACTED_XOAUTH2], [`user=${user}${SOH}auth=Bearer ${token}${SOH}${SOH}`, REDACTED_XOAUTH2], [token, preview(token)]]
      : []
    let out = text
    for (const [secret, replacement] of secrets) {
      if (secret.length >= 8 && out.includes(secret)) out = out.split(secret).join(replacement)
    }
    out = out
      .replace(AUTH_ARG_RE, `$1${REDACTED_XOAUTH2}`)
      .replace(B64_WORD_RE, (word) => (hidesBearer(word) ? REDACTED_XOAUTH2 : word))
      .replace(BEARER_RE, '$1<redacted>')
    // A compact JWS (header.payload[.signature]): any token-shaped string, even one we were not told about.
    return redactText(maskJwts(out, 4, (jwt) => preview(jwt)))
  }
}
