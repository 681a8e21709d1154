// A small fault server for the fault-injection tier: it speaks enough Exchange Online SMTP/IMAP/POP (with the lab
// CA's certificates, so TLS verifies) or HTTPS to get a client to step N, then misbehaves there as told: reset, hang,
// trickle, oversized or garbage replies, ANSI escapes, no STARTTLS, a bad certificate. Loopback only.
import {createServer as createHttpsServer, type Server as HttpsServer} from 'node:https'
import net from 'node:net'
import type {LabTlsIdentity} from '../../src/lab/lab-types.js'
import {lineReader, listenOnLoopback, serverTls, type LoopbackServer} from '../support/loopback-server.js'
import {DAY_MS, makeCa} from './fault-pki.js'

export type MailFault =
  | 'reset' // TCP RST at the step
  | 'close' // orderly close at the step
  | 'hang' // say nothing more
  | 'trickle' // send a reply one byte every 100 ms, never finishing it
  | 'long-line' // one 10 MB line
  | 'long-multiline' // a multi-line reply of 10 MB (many short continuation lines), never finished
  | 'flood' // 10 MB of complete lines nobody asked for
  | 'garbage' // random bytes
  | 'ansi' // a reply full of terminal escapes, otherwise well-formed

export interface MailFaultSpec {
  protocol: 'smtp' | 'imap' | 'pop'
  /** 0 = greeting, 1 = the reply to the first command, 2 = the second… */
  step: number
  fault: MailFault
  /** Implicit TLS from the first byte (IMAP 993, POP 995). */
  implicitTls: boolean
  /** SMTP: leave STARTTLS out of EHLO. */
  noStartTls?: boolean
  /** The certificate to present instead of a trusted one. */
  certificate?: 'trusted' | 'untrusted' | 'expired'
}

export const ANSI = '\x1b[2J\x1b[31mRED\x1b]0;pwned\x07\x1b[0m'
const TEN_MB = 10 * 1024 * 1024

export interface FaultPki {
  /** The CA to add to the lab map's caPem: the fault server's certificates chain to it. */
  caPem: string
  identity(kind: 'trusted' | 'untrusted' | 'expired', host: string): LabTlsIdentity
}

type Ca = Awaited<ReturnType<typeof makeCa>>
let pkis: Promise<[Ca, Ca, Ca]> | undefined
export async function faultPki(): Promise<FaultPki> {
  const now = Date.now()
  pkis ??= Promise.all([
    makeCa('o365doctor fault CA', new Date(now - DAY_MS), new Date(now + DAY_MS)),
    makeCa('o365doctor untrusted CA', new Date(now - DAY_MS), new Date(now + DAY_MS)),
    makeCa('o365doctor expired CA', new Date(now - 90 * DAY_MS), new Date(now - 60 * DAY_MS)),
  ])
  const [trusted, untrusted, expired] = await pkis
  return {
    // The expired CA is trusted too: the failure must be the expiry, not the issuer.
    caPem: `${trusted.caPem}\n${expired.caPem}`,
    identity: (kind) => ({trusted, untrusted, expired}[kind]).identity,
  }
}

export type RunningFault = LoopbackServer

function normalReplies(spec: MailFaultSpec, line: string, tagged: (text: string) => string): string[] {
  const cmd = line.split(' ')[spec.protocol === 'imap' ? 1 : 0]?.toUpperCase() ?? ''
  if (spec.protocol === 'smtp') {
    if (cmd === 'EHLO') return ['250-outlook.office365.com Hello', '250-SIZE 157286400', ...(spec.noStartTls ? [] : ['250-STARTTLS']), '250-AUTH LOGIN XOAUTH2', '250 SMTPUTF8']
    if (cmd === 'STARTTLS') return ['220 2.0.0 SMTP server ready']
    if (cmd === 'AUTH') return ['235 2.7.0 Authentication successful']
    if (cmd === 'QUIT') return ['221 2.0.0 Service closing transmission channel']
    return ['250 2.0.0 OK']
  }
  if (spec.protocol === 'imap') {
    if (cmd === 'CAPABILITY') return ['* CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+', tagged('OK CAPABILITY completed.')]
    if (cmd === 'AUTHENTICATE') return [tagged('OK AUTHENTICATE completed.')]
    if (cmd === 'NAMESPACE') return ['* NAMESPACE (("" "/")) NIL NIL', tagged('OK NAMESPACE completed.')]
    if (cmd === 'EXAMINE' || cmd === 'SELECT') return ['* 0 EXISTS', '* 0 RECENT', '* FLAGS (\\Seen)', '* OK [UIDVALIDITY 14] UIDVALIDITY value', tagged(`OK [READ-ONLY] ${cmd} completed.`)]
    if (cmd === 'LOGOUT') return ['* BYE Microsoft Exchange Server IMAP4 server signing off.', tagged('OK LOGOUT completed.')]
    return [tagged(`OK ${cmd} completed.`)]
  }
  if (cmd === 'CAPA') return ['+OK', 'TOP', 'UIDL', 'SASL PLAIN XOAUTH2', 'USER', '.']
  if (cmd === 'AUTH') return ['+OK User successfully authenticated.']
  return ['+OK']
}

const GREETING = {
  smtp: '220 SY5P282CA0097.outlook.office365.com Microsoft ESMTP MAIL Service ready',
  imap: '* OK The Microsoft Exchange IMAP4 service is ready.',
  pop: '+OK The Microsoft Exchange POP3 service is ready.',
}

/** Writes `total` bytes of `unit` lines without building them all at once, stopping if the peer goes away. */
function pump(socket: net.Socket, unit: string, total: number, then?: string): void {
  let sent = 0
  const block = unit.repeat(Math.max(1, Math.floor(65536 / unit.length)))
  const more = (): void => {
    while (sent < total && !socket.destroyed) {
      sent += block.length
      if (!socket.write(block)) return void socket.once('drain', more)
    }
    if (then && !socket.destroyed) socket.write(then)
  }
  more()
}

export async function startMailFault(spec: MailFaultSpec, pki: FaultPki, host: string): Promise<RunningFault> {
  const timers = new Set<NodeJS.Timeout>()
  const identity = pki.identity(spec.certificate ?? 'trusted', host)
  const server = net.createServer((raw) => {
    let socket: net.Socket = raw
    let step = 0

    const misbehave = (): void => {
      const prefix = spec.protocol === 'smtp' ? '250-' : spec.protocol === 'imap' ? '* ' : ''
      switch (spec.fault) {
        case 'reset': return void raw.resetAndDestroy()
        case 'close': return void socket.end()
        case 'hang': return
        case 'trickle': {
          const t = setInterval(() => (socket.destroyed ? clearInterval(t) : socket.write('2')), 100)
          timers.add(t)
          return
        }
        case 'long-line': return pump(socket, 'A', TEN_MB, '\r\n')
        case 'long-multiline':
          if (spec.protocol === 'pop') socket.write('+OK\r\n')
          return pump(socket, `${prefix}${'x'.repeat(60)}\r\n`, TEN_MB)
        case 'flood': return pump(socket, `${spec.protocol === 'smtp' ? '250 ' : prefix}flood\r\n`, TEN_MB)
        case 'garbage': {
          const bytes = Buffer.alloc(4096)
          for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256
          return void socket.write(bytes)
        }
        case 'ansi': {
          const text = spec.protocol === 'smtp' ? `220 ${ANSI} ready` : spec.protocol === 'imap' ? `* OK ${ANSI}` : `+OK ${ANSI}`
          return void socket.write(`${text}\r\n`)
        }
      }
    }
    const onLine = (line: string): void => {
      step++
      if (step === spec.step) return misbehave()
      if (step > spec.step && spec.fault !== 'ansi') return
      const tag = line.split(' ')[0] ?? '*'
      const replies = normalReplies(spec, line, (text) => `${tag} ${text}`)
      socket.write(replies.map((l) => `${l}\r\n`).join(''))
      const cmd = line.split(' ')[spec.protocol === 'imap' ? 1 : 0]?.toUpperCase()
      if (cmd === 'STARTTLS' || cmd === 'STLS') upgrade()
      if (cmd === 'QUIT' || cmd === 'LOGOUT') socket.end()
    }
    const onData = lineReader('latin1', onLine)
    const upgrade = (): void => {
      socket.off('data', onData)
      socket = serverTls(socket, identity)
      socket.on('data', onData)
    }
    const begin = (): void => {
      socket.on('data', onData)
      if (spec.step === 0) return misbehave()
      socket.write(`${GREETING[spec.protocol]}\r\n`)
    }
    if (spec.implicitTls) {
      socket = serverTls(raw, identity)
      socket.once('secure', begin)
    } else begin()
  })
  server.on('error', () => undefined)
  return listenOnLoopback(server, timers)
}

export type HttpFault =
  | 'reset' | 'hang' | 'slow-headers' | 'trickle-body' | 'huge-body' | 'html-200' | 'status-429' | 'status-503-html'
  | 'not-jwt' | 'wrong-types' | 'bad-cert' | 'expired-cert'

/** Replies as the lab would (forwarded), except where the fault applies: `applies(path)` decides which requests. */
export interface HttpFaultSpec {
  fault: HttpFault
  host: string
  /** Which requests get the fault (default all). Others are answered by `forward`. */
  applies?: (method: string, path: string) => boolean
  forward?: (method: string, path: string, headers: Record<string, string>, body: string) => Promise<{status: number; headers: Record<string, string>; body: string}>
}

export async function startHttpsFault(spec: HttpFaultSpec, pki: FaultPki): Promise<RunningFault> {
  const timers = new Set<NodeJS.Timeout>()
  const kind = spec.fault === 'bad-cert' ? 'untrusted' : spec.fault === 'expired-cert' ? 'expired' : 'trusted'
  const server: HttpsServer = createHttpsServer({...pki.identity(kind, spec.host)}, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const path = req.url ?? '/'
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v
      if (spec.applies && !spec.applies(req.method ?? 'GET', path) && spec.forward) {
        const r = await spec.forward(req.method ?? 'GET', path, headers, body)
        const h = {...r.headers}
        delete h['content-length']
        delete h['transfer-encoding']
        delete h.connection
        res.writeHead(r.status, h).end(r.body)
        return
      }
      const json = (status: number, value: unknown, extra: Record<string, string> = {}): void =>
        void res.writeHead(status, {'content-type': 'application/json; charset=utf-8', ...extra}).end(JSON.stringify(value))
      switch (spec.fault) {
        case 'reset': return void req.socket.destroy()
        case 'hang': return
        case 'slow-headers': {
          // Headers one byte per 100 ms, forever: an idle timer never fires.
          const head = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: ' + 'a'.repeat(1_000_000)
          let i = 0
          const t = setInterval(() => (req.socket.destroyed ? clearInterval(t) : req.socket.write(head[i++ % head.length]!)), 100)
          timers.add(t)
          return
        }
        case 'trickle-body': {
          res.writeHead(200, {'content-type': 'application/json'})
          res.write('{"a":"')
          const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('x')), 100)
          timers.add(t)
          return
        }
        case 'huge-body': {
          res.writeHead(200, {'content-type': 'application/json'})
          const block = `"${'x'.repeat(65534)}",`
          let sent = 0
          const more = (): void => {
            while (sent < 100 * 1024 * 1024 && !res.destroyed) {
              sent += block.length
              if (!res.write(block)) return void res.once('drain', more)
            }
            res.end()
          }
          res.write('[')
          return more()
        }
        case 'html-200': return void res.writeHead(200, {'content-type': 'text/html'}).end('<html><body>Proxy login required</body></html>')
        case 'status-429': return json(429, {error: 'too_many_requests'}, {'retry-after': '37'})
        case 'status-503-html': return void res.writeHead(503, {'content-type': 'text/html', 'retry-after': '120'}).end('<html>Service Unavailable</html>')
        case 'not-jwt': return json(200, {token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'this-is-not-a-jwt'})
        case 'wrong-types': return json(200, {id: 42, appId: ['x'], displayName: {a: 1}, accountEnabled: 'yes', passwordCredentials: 'none'})
        case 'bad-cert':
        case 'expired-cert': return json(200, {})
      }
    })
  })
  server.on('tlsClientError', () => undefined)
  return listenOnLoopback(server, timers)
}
