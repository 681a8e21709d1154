// Masks secrets in text quoted back from the user's input (log lines): the shared redactor's JWT, Bearer and
// XOAUTH2 rules, plus what logs also contain: SASL blobs after AUTH/AUTHENTICATE, form-encoded secrets and
// long base64 runs. A token may show only its first 8 characters and "…".

import {preview, redactText} from '../core/redact.js'

const SASL = /\b(AUTH(?:ENTICATE)?\s+(?:XOAUTH2|PLAIN|LOGIN)\s+)([A-Za-z0-9+/=_-]{8,})/gi
const FORM_SECRET = /\b(client_secret|client_assertion|access_token|refresh_token|password|passwd|pwd)(\\?["']?\s*[:=]\s*\\?["']?)([^\s"'&\\,;]{1,})/gi
const LONG_B64 = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{48,}={0,2}/g

export function maskSecrets(text: string): string {
  return redactText(text)
    .replace(SASL, (_m, cmd: string, blob: string) => `${cmd}${preview(blob)}`)
    .replace(FORM_SECRET, (_m, key: string, sep: string) => `${key}${sep}[redacted]`)
    .replace(LONG_B64, (m) => preview(m))
}
