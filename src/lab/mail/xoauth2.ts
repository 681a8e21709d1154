// The SASL XOAUTH2 initial response: base64("user=" + mailbox + ^A + "auth=Bearer " + token + ^A + ^A)
// (microsoft-behaviour.md §4.1). Decoded here for IMAP and POP; smtp-server decodes it itself for SMTP.

export type Xoauth2Decoded = {ok: true; user: string; token: string} | {ok: false; reason: string}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

export function decodeXoauth2(b64: string): Xoauth2Decoded {
  const text = b64.trim()
  if (!text || text.length % 4 !== 0 || !BASE64.test(text)) return {ok: false, reason: 'not base64'}
  const fields = Buffer.from(text, 'base64').toString('utf8').split('\x01')
  // A well-formed string ends in ^A^A, i.e. splits into [user=…, auth=…, '', ''].
  const [userField = '', authField = '', ...rest] = fields
  if (rest.some((field) => field !== '')) return {ok: false, reason: 'unexpected fields'}
  if (!userField.startsWith('user=')) return {ok: false, reason: 'no user= field'}
  const auth = /^auth=Bearer (\S+)$/i.exec(authField)
  if (!auth) return {ok: false, reason: 'no auth=Bearer field'}
  const user = userField.slice('user='.length).trim()
  if (!user) return {ok: false, reason: 'empty user='}
  return {ok: true, user, token: auth[1]!}
}

/** For tests and the lab's own clients. */
export function encodeXoauth2(user: string, token: string): string {
  return Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`).toString('base64')
}
