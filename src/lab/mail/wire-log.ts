// The lab's wire log: every line a client sent and every reply, for a vendor to read what its product did
// (`lab serve --log FILE`) and for the real-client tests to see which SASL form a client used. Credentials never
// reach it: an XOAUTH2 string is shown as the mailbox it names, any other SASL response, password or bearer token
// as a placeholder.

import {maskJwts} from '../../core/redact.js'
import {decodeXoauth2} from './xoauth2.js'

/** One logged line: protocol label ("smtp:587", "imap:993", "pop:995"), Exchange session id, direction, text. */
export type WireLog = (label: string, session: string, dir: 'C' | 'S', text: string) => void

const MAX_LOGGED = 300
const BASE64_WORD = /^[A-Za-z0-9+/]{8,}={0,2}$/

/** What an opaque SASL response is shown as: its XOAUTH2 user when it is one, never its content. */
export function describeSaslResponse(word: string): string {
  if (word === '' || word === '=' || word === '*') return word
  const decoded = decodeXoauth2(word)
  if (decoded.ok) return `<XOAUTH2 user=${decoded.user}, token redacted>`
  return `<SASL response redacted, ${word.length} characters>`
}

/**
 * A client line made safe to log. `saslResponse`: the server asked for a SASL response (a "+ " or "334 "
 * continuation), so the whole line is one. Otherwise the verbs that carry credentials are recognised:
 * AUTH/AUTHENTICATE with an initial response, IMAP LOGIN, POP PASS, SMTP AUTH LOGIN/PLAIN.
 */
export function redactClientLine(line: string, saslResponse = false): string {
  if (saslResponse) return describeSaslResponse(line.trim())
  const words = line.split(' ')
  const verbAt = /^(AUTH|AUTHENTICATE)$/i.test(words[0] ?? '') ? 0 : /^AUTHENTICATE$/i.test(words[1] ?? '') ? 1 : -1
  if (verbAt >= 0 && words.length > verbAt + 2) {
    const head = words.slice(0, verbAt + 2).join(' ')
    return `${head} ${describeSaslResponse(words.slice(verbAt + 2).join(' '))}`
  }
  if (/^LOGIN$/i.test(words[1] ?? '') && words.length > 3) return `${words.slice(0, 3).join(' ')} <password redacted>`
  if (/^PASS$/i.test(words[0] ?? '') && words.length > 1) return 'PASS <password redacted>'
  if (words.length === 1 && BASE64_WORD.test(line) && decodeXoauth2(line).ok) return describeSaslResponse(line)
  // The linear JWT scanner: a pattern `eyJ[…]{4,}\.…` backtracks quadratically over `eyJ-eyJ-…` (minutes on 1 MB).
  const safe = maskJwts(line, 4, () => '<token redacted>')
  return safe.length > MAX_LOGGED ? `${safe.slice(0, MAX_LOGGED)}… (${line.length} characters)` : safe
}
