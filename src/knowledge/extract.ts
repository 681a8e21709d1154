// Pulls the identifiers Microsoft support asks for out of error text: Entra's correlation ID, trace ID and
// timestamp, and Exchange's diagnostic suffix `[<server> <ISO time> <hex id>]`. Tolerant of JSON
// (`"correlation_id":"…"`), MSAL's layouts (`Correlation ID: …`, ` - Correlation ID: …`) and escaped `\r\n`.

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'

const CORRELATION = new RegExp(`correlation[ _-]?id\\\\?"?\\s*[:=]\\s*\\\\?"?(${GUID})`, 'i')
const TRACE = new RegExp(`trace[ _-]?id\\\\?"?\\s*[:=]\\s*\\\\?"?(${GUID})`, 'i')
const TIMESTAMP = /timestamp\\?"?\s*[:=]\s*\\?"?\[?(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)/i
// `[SN2PR00CA0018.namprd00.prod.outlook.com 2024-03-20T10:27:56.998Z 08DC48BEE95C08E5]`; older replies
// have only the host, some upper-case it.
const SERVER = /\[([A-Za-z0-9-]+\.[A-Za-z0-9-]+\.prod\.outlook\.com)(?:\s+(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z))?(?:\s+([0-9A-Fa-f]{16}))?\]/i

export interface ServerDiagnostic {
  /** Exchange front-end that answered, e.g. SN2PR00CA0018.namprd00.prod.outlook.com. */
  server: string
  time?: string
  id?: string
}

export interface MicrosoftIds {
  correlationId?: string
  traceId?: string
  timestamp?: string
  server?: ServerDiagnostic
}

/** IDs in `text` (a window near one error); each the first occurrence. */
export function extractIds(text: string): MicrosoftIds {
  const ids: MicrosoftIds = {}
  const c = CORRELATION.exec(text)
  if (c) ids.correlationId = c[1]!.toLowerCase()
  const t = TRACE.exec(text)
  if (t) ids.traceId = t[1]!.toLowerCase()
  const ts = TIMESTAMP.exec(text)
  if (ts) ids.timestamp = ts[1]
  const s = SERVER.exec(text)
  if (s) {
    ids.server = {server: s[1]!}
    if (s[2]) ids.server.time = s[2]
    if (s[3]) ids.server.id = s[3].toUpperCase()
  }
  return ids
}
