// Reading and linting a SASL XOAUTH2 string: base64("user=" + mailbox + ^A + "auth=Bearer " + token + ^A^A),
// ^A being byte 0x01 (microsoft-behaviour.md §4.1). Logs often hold it behind `AUTH XOAUTH2 ` or an IMAP tag.

export interface Xoauth2Parts {
  user?: string
  token?: string
  /** Problems with the format, in words; empty when well-formed. */
  problems: string[]
}

const CTRL_A = '\u0001'

/** The base64 blob of an `AUTH XOAUTH2 <b64>` / `A1 AUTHENTICATE XOAUTH2 <b64>` line, or the input itself. */
export function stripSaslCommand(input: string): string {
  const m = /(?:AUTH(?:ENTICATE)?\s+XOAUTH2\s+)(\S+)/i.exec(input)
  return (m ? m[1]! : input).trim()
}

/** Decoded text when `input` is base64 of something that looks like XOAUTH2, else undefined. */
export function decodeXoauth2Base64(input: string): string | undefined {
  const b64 = stripSaslCommand(input)
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64) || b64.length < 12) return undefined
  const text = Buffer.from(b64.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')
  return /user=|auth=/i.test(text) ? text : undefined
}

/** Split and lint a decoded XOAUTH2 string. */
export function parseXoauth2(decoded: string): Xoauth2Parts {
  const problems: string[] = []
  // Tolerate the wrong separators people type ("^A", "\x01", "\\001", newlines) and say so.
  let text = decoded
  const fakeSep = /\^A|\\x01|\\u0001|\\001|\\1(?![0-9])/g
  if (!text.includes(CTRL_A) && fakeSep.test(text)) {
    problems.push('The separators are the literal text "^A" (or "\\x01"), not the byte 0x01 (Ctrl-A).')
    text = text.replace(fakeSep, CTRL_A)
  } else if (!text.includes(CTRL_A)) {
    problems.push('No ^A (byte 0x01) separators: the parts must be joined with Ctrl-A, not spaces or line breaks.')
    // Whitespace runs (maximal, so linear) holding a line break, or before auth=, were meant as separators.
    text = text.replace(/\s+/g, (run: string, at: number) => (/[\r\n]/.test(run) || text.startsWith('auth=', at + run.length) ? CTRL_A : run))
  }
  if (!text.startsWith('user=')) problems.push('It must start with "user=".')
  const parts = text.split(CTRL_A)
  const userPart = parts.find((p) => p.startsWith('user='))
  const authPart = parts.find((p) => /^auth=/i.test(p))
  const out: Xoauth2Parts = {problems}
  if (userPart) {
    out.user = userPart.slice(5)
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(out.user)) {
      problems.push(`user= must be the mailbox's SMTP address; "${out.user}" is not an e-mail address.`)
    }
  } else problems.push('There is no "user=" part.')
  if (authPart) {
    const m = /^auth=(\S+)(\s*)(.*)$/i.exec(authPart)
    if (!m || !/^auth=Bearer /.test(authPart)) {
      problems.push('The auth part must be exactly "auth=Bearer " followed by the token (capital B, one space).')
    }
    const token = m ? (m[1]!.toLowerCase() === 'bearer' ? m[3] : m[1]) : undefined
    if (token) out.token = token.trim()
    else problems.push('There is no token after "auth=Bearer ".')
  } else problems.push('There is no "auth=Bearer <token>" part.')
  if (decoded.includes(CTRL_A) && !decoded.endsWith(CTRL_A + CTRL_A)) {
    problems.push('It must end with two ^A bytes (0x01 0x01).')
  }
  return out
}
