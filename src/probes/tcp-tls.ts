// The network half of a probe: DNS, TCP, TLS (implicit or STARTTLS), greeting and capabilities, with facts
// recorded as they are learned so a failure still reports how far it got. Also used by the POP probe, which
// continues on the same session with its own AUTH.
import {promises as dns} from 'node:dns'
import net from 'node:net'
import tls from 'node:tls'
import {routeFor, type NetworkMap, type NetworkRoute} from '../net/routes.js'
import {establishSession, forgetSession, rememberSession, sessionToResume, TICKET_GRACE_MS, tlsSessionKey} from '../net/tls-sessions.js'
import {trustOptions} from '../net/trust.js'
import {errCode, errMessage, fail, isTlsModeMismatchError, ProbeFailure, tlsReason, within} from './failure.js'
import {LineReader} from './line-reader.js'
import {Transcript} from './transcript.js'
import type {ProbeResult, ProbeStage, TlsFacts} from './types.js'
import type {Protocol, TlsMode} from '../core/protocol.js'
import {createRedactor} from './xoauth2.js'


export interface EndpointOptions {
  host: string
  port: number
  tls: TlsMode
  protocol: Protocol
  map?: NetworkMap
  /** Upper bound for each single wait (DNS, connect, handshake, each reply). */
  timeoutMs: number
  /** How long to wait for a plaintext greeting before suspecting an implicit-TLS port (default min(timeoutMs, 5000)). */
  greetingTimeoutMs?: number
  signal?: AbortSignal
  /** Name sent in EHLO. */
  ehloName?: string
  /** Record the redacted conversation (check --verbose, which shows it); absent or false: none is kept. */
  transcript?: boolean
}

/** Facts learned so far; copied into the ProbeResult whether the probe succeeds or not. */
export type SessionFacts = Pick<ProbeResult, 'greeting' | 'capabilities' | 'tls' | 'starttlsOffered'>

export interface Session {
  route: NetworkRoute
  transcript: Transcript
  facts: SessionFacts
  /** Sends one line; `logAs` replaces it in the transcript (secrets). */
  send(line: string, logAs?: string): void
  /** Reads one line at `stage`, within the per-wait timeout. */
  read(stage: ProbeStage, what: string, timeoutMs?: number): Promise<string>
  nextTag(): string
  close(): void
  /** Ends the session politely: pending writes flush, then FIN; nothing more is read. */
  end(): void
  /**
   * Hands the session to another check: later waits use its signal and per-wait timeout (the opener's signal is
   * aborted when the opener's check ends).
   */
  bind(o: {signal?: AbortSignal; timeoutMs: number}): void
  /** Parked (true): the socket no longer keeps the process alive; claimed again (false): it does. */
  idle(on: boolean): void
  /** Why the session cannot carry on (the server closed it, or spoke unasked while parked), or undefined. */
  unusable(): string | undefined
}

/** TLS trust for a route (the system's roots, plus the lab CA when the route has one), as one shared context. */
export {trustOptions} from '../net/trust.js'

export function tlsFactsOf(socket: tls.TLSSocket): TlsFacts {
  const cert = socket.getPeerCertificate()
  const name = (x: unknown): string | undefined => {
    const cn = (x as {CN?: string | string[]} | undefined)?.CN
    return Array.isArray(cn) ? cn.join(', ') : cn
  }
  const facts: TlsFacts = {authorized: socket.authorized}
  const protocol = socket.getProtocol()
  if (protocol) facts.protocol = protocol
  const cipher = socket.getCipher()?.name
  if (cipher) facts.cipher = cipher
  if (!socket.authorized && socket.authorizationError) facts.authorizationError = String(socket.authorizationError)
  if (cert && Object.keys(cert).length > 0) {
    const subject = name(cert.subject)
    const issuer = name(cert.issuer)
    if (subject) facts.subject = subject
    if (issuer) facts.issuer = issuer
    if (cert.valid_to) facts.validTo = cert.valid_to
  }
  return facts
}

/** A resumed connection: its own protocol, cipher and trust result; the certificate as its full handshake saw it. */
function resumedFacts(socket: tls.TLSSocket, full: TlsFacts): TlsFacts {
  const facts: TlsFacts = {...full, authorized: socket.authorized}
  const protocol = socket.getProtocol()
  if (protocol) facts.protocol = protocol
  const cipher = socket.getCipher()?.name
  if (cipher) facts.cipher = cipher
  if (!socket.authorized && socket.authorizationError) facts.authorizationError = String(socket.authorizationError)
  return facts
}

async function resolve(host: string, opts: EndpointOptions, t: Transcript): Promise<string> {
  // Lab routes are loopback addresses; an IP needs no lookup either.
  if (opts.map || net.isIP(host)) return host
  try {
    const {address} = await within(dns.lookup(host), {stage: 'dns', timeoutMs: opts.timeoutMs, signal: opts.signal, what: 'DNS answer', timeoutCode: 'EAI_AGAIN'})
    t.note(`${host} resolved to ${address}`)
    return address
  } catch (err) {
    if (err instanceof ProbeFailure) throw err
    return fail('dns', `${host} did not resolve: ${errCode(err) ?? errMessage(err)}`, {code: errCode(err) ?? 'ENOTFOUND'})
  }
}

export async function tcpConnect(address: string, port: number, opts: Pick<EndpointOptions, 'timeoutMs' | 'signal'>): Promise<net.Socket> {
  const socket = net.connect({host: address, port})
  try {
    await within(
      new Promise<void>((ok, ko) => {
        socket.once('connect', ok)
        socket.once('error', ko)
      }),
      {stage: 'connect', timeoutMs: opts.timeoutMs, signal: opts.signal, what: 'TCP connection', onGiveUp: () => socket.destroy()},
    )
    return socket
  } catch (err) {
    socket.destroy()
    if (err instanceof ProbeFailure) throw err
    return fail('connect', `cannot connect to ${address}:${port}: ${errCode(err) ?? errMessage(err)}`, {code: errCode(err)})
  }
}

/** Longest wait for another connection's full handshake to the same endpoint (then a full handshake of its own). */
const SESSION_WAIT_MS = 2000

/** TLS over an open socket. Never trusts an unverified peer: an untrusted certificate fails at stage 'tls'. */
export async function secure(
  socket: net.Socket,
  route: NetworkRoute,
  opts: Pick<EndpointOptions, 'timeoutMs' | 'signal'>,
  facts: SessionFacts,
  t: Transcript,
): Promise<tls.TLSSocket> {
  const name = route.servername
  const trust = trustOptions(route)
  const key = tlsSessionKey(socket.remoteAddress ?? '', socket.remotePort ?? 0, name, trust.secureContext)
  // While another connection's full handshake to this endpoint is under way, its ticket is waited for (a fleet).
  const known = await sessionToResume(key, Math.min(opts.timeoutMs, SESSION_WAIT_MS), opts.signal)
  const established = known ? undefined : establishSession(key)
  // rejectUnauthorized:false only so the facts (issuer, error) can be read; an unauthorized peer is refused below.
  const s = tls.connect({socket, host: name, servername: net.isIP(name) ? undefined : name, ...trust, rejectUnauthorized: false, ...(known ? {session: known.session} : {})})
  // The server's session ticket may come after the handshake: remembered only once this handshake was trusted.
  let ticket: Buffer | undefined
  let trusted: TlsFacts | undefined
  s.on('session', (session: Buffer) => {
    ticket = session
    if (trusted) {
      rememberSession(key, session, trusted)
      established?.()
    }
  })
  if (established) s.once('close', established)
  try {
    await within(
      new Promise<void>((ok, ko) => {
        s.once('secureConnect', ok)
        s.once('error', ko)
      }),
      {stage: 'tls', timeoutMs: opts.timeoutMs, signal: opts.signal, what: 'TLS handshake', onGiveUp: () => s.destroy()},
    )
  } catch (err) {
    established?.()
    s.destroy()
    if (err instanceof ProbeFailure) throw err
    const mismatch = isTlsModeMismatchError(err as Error)
    const reason = tlsReason(errMessage(err))
    t.note(`TLS handshake failed: ${reason}`)
    return fail('tls', mismatch ? `TLS handshake failed (${reason}): the port does not speak TLS, it answered in plaintext` : `TLS handshake failed: ${reason}`, {
      code: errCode(err),
      ...(mismatch ? {tlsModeMismatch: true} : {}),
    })
  }
  const resumed = known !== undefined && s.isSessionReused()
  facts.tls = resumed ? resumedFacts(s, known.facts) : tlsFactsOf(s)
  const f = facts.tls
  if (resumed) t.note(`TLS session resumed (its certificate was checked by the full handshake that established it)`)
  t.note(`TLS ${f.protocol ?? '?'} ${f.cipher ?? ''}, certificate ${f.subject ?? '?'} issued by ${f.issuer ?? '?'}${f.authorized ? '' : ` NOT TRUSTED (${f.authorizationError})`}`)
  if (s.authorized) {
    trusted = resumed ? known.facts : f
    if (ticket) rememberSession(key, ticket, trusted)
    if (established) {
      if (ticket) established()
      else setTimeout(established, TICKET_GRACE_MS).unref()
    }
  } else {
    established?.()
    forgetSession(key)
    s.destroy()
    fail('tls', `the server's certificate is not trusted for ${name}: ${f.authorizationError}`, {code: f.authorizationError})
  }
  return s
}

/** After a plaintext greeting never came: does the port complete a TLS handshake? Then it is an implicit-TLS port. */
async function speaksTls(address: string, port: number, route: NetworkRoute, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  let socket: net.Socket | undefined
  let s: tls.TLSSocket | undefined
  try {
    socket = await tcpConnect(address, port, {timeoutMs, signal})
    const name = route.servername
    s = tls.connect({socket, host: name, servername: net.isIP(name) ? undefined : name, rejectUnauthorized: false})
    const t = s
    await within(new Promise<void>((ok, ko) => (t.once('secureConnect', ok), t.once('error', ko))), {stage: 'tls', timeoutMs, signal, what: 'TLS handshake'})
    return true
  } catch {
    return false
  } finally {
    s?.destroy()
    socket?.destroy()
  }
}

/** Opens a session up to and including capabilities (and STARTTLS when asked). Throws ProbeFailure. */
export async function openSession(opts: EndpointOptions, t: Transcript, facts: SessionFacts): Promise<Session> {
  const route = routeFor(opts.host, opts.port, opts.map)
  if (!route) {
    t.note(`no route to ${opts.host}:${opts.port} in the network map: treated as refused`)
    return fail('connect', `connection to ${opts.host}:${opts.port} refused`, {code: 'ECONNREFUSED'})
  }
  const address = await resolve(route.connectHost, opts, t)
  let socket: net.Socket = await tcpConnect(address, route.connectPort, opts)
  const raw = socket
  let signal = opts.signal
  let waitMs = opts.timeoutMs
  t.note(`connected to ${opts.host}:${opts.port}${route.connectHost !== opts.host ? ` (via ${route.connectHost}:${route.connectPort})` : ''}`)
  const reader = new LineReader()
  const close = (): void => {
    reader.detach()
    socket.destroy()
  }
  const end = (): void => {
    reader.detach()
    const s = socket
    s.end()
    // A peer that never closes its side is cut off; the timer does not hold the process open, and is cleared when the
    // peer does close (so a finished session's socket and buffers are not kept alive for the 2 s in a fleet).
    const cutOff = setTimeout(() => s.destroy(), 2000).unref()
    s.once('close', () => clearTimeout(cutOff))
  }
  try {
    if (opts.tls === 'implicit') socket = await secure(socket, route, opts, facts, t)
    reader.attach(socket)
    let tag = 0
    const session: Session = {
      route,
      transcript: t,
      facts,
      send(line, logAs) {
        t.add('C', logAs ?? line)
        socket.write(`${line}\r\n`)
      },
      async read(stage, what, timeoutMs) {
        const line = await within(reader.next(stage), {stage, timeoutMs: timeoutMs ?? waitMs, signal, what})
        t.add('S', line)
        return line
      },
      nextTag: () => `A${++tag}`,
      close,
      end,
      bind(o) {
        signal = o.signal
        waitMs = o.timeoutMs
      },
      idle(on) {
        for (const x of new Set([raw, socket])) {
          if (on) x.unref()
          else x.ref()
        }
      },
      unusable() {
        if (socket.destroyed || !socket.writable || reader.ended()) return 'the server closed it'
        if (reader.pending() > 0) return `the server sent ${reader.pending()} unasked line(s) while it waited`
        return undefined
      },
    }
    const greetWait = opts.tls === 'implicit' ? opts.timeoutMs : (opts.greetingTimeoutMs ?? Math.min(opts.timeoutMs, 5000))
    let first: string
    try {
      first = await within(reader.next('greeting'), {stage: 'greeting', timeoutMs: greetWait, signal: opts.signal, what: 'greeting', timeoutCode: 'GREETING_TIMEOUT'})
    } catch (err) {
      const e = err instanceof ProbeFailure ? err.error : undefined
      if (opts.tls !== 'implicit' && e?.code === 'GREETING_TIMEOUT' && !opts.signal?.aborted) {
        close()
        if (await speaksTls(address, route.connectPort, route, Math.min(opts.timeoutMs, 3000), opts.signal)) {
          t.note('no plaintext greeting, but the port completes a TLS handshake: it expects implicit TLS')
          fail('tls', `no greeting within ${greetWait} ms: ${opts.host}:${opts.port} expects implicit TLS, not ${opts.tls === 'none' ? 'plaintext' : 'STARTTLS'}`, {
            code: 'GREETING_TIMEOUT',
            tlsModeMismatch: true,
          })
        }
      }
      if (e?.code === 'EBINARY' && e.tlsModeMismatch) fail('tls', `${e.message}: ${opts.host}:${opts.port} expects implicit TLS`, {code: 'EBINARY', tlsModeMismatch: true})
      throw err
    }
    t.add('S', first)
    await DIALECTS[opts.protocol](session, first, opts, reader, (s) => (socket = s), () => socket)
    return session
  } catch (err) {
    close()
    throw err
  }
}

type Dialect = (
  s: Session,
  first: string,
  opts: EndpointOptions,
  reader: LineReader,
  setSocket: (s: tls.TLSSocket) => void,
  getSocket: () => net.Socket,
) => Promise<void>

async function upgrade(s: Session, opts: EndpointOptions, reader: LineReader, setSocket: (x: tls.TLSSocket) => void, getSocket: () => net.Socket): Promise<void> {
  // Anything already buffered arrived in plaintext after the go-ahead: it must not be read as if it were secured.
  if (reader.pending() > 0) fail('starttls', 'the server sent data after the STARTTLS go-ahead, before TLS', {code: 'ESTARTTLSINJECTION'})
  reader.detach()
  const secured = await secure(getSocket(), s.route, opts, s.facts, s.transcript)
  setSocket(secured)
  reader.attach(secured)
}

/** Most lines and bytes of one reply (multi-line SMTP, IMAP untagged, POP multi-line): Exchange's are < 40 lines. */
export const MAX_REPLY_LINES = 1000
export const MAX_REPLY_BYTES = 256 * 1024

/** Counts one reply's lines; past the limits the probe fails with a finding instead of buffering on. */
export function replyBudget(stage: ProbeStage, what: string): (line: string) => void {
  let lines = 0
  let bytes = 0
  return (line) => {
    lines++
    bytes += line.length + 2
    if (lines > MAX_REPLY_LINES || bytes > MAX_REPLY_BYTES) {
      fail(stage, `the ${what} ran past ${lines > MAX_REPLY_LINES ? `${MAX_REPLY_LINES} lines` : `${MAX_REPLY_BYTES / 1024} KB`} and was not finished; Exchange Online's replies are a few lines`, {code: 'EREPLYTOOLARGE'})
    }
  }
}

/** Reads one SMTP reply (multi-line `250-…` continued until `250 …`). */
export async function smtpReply(s: Session, stage: ProbeStage, what: string): Promise<{code: number; lines: string[]; text: string}> {
  const lines: string[] = []
  const count = replyBudget(stage, what)
  for (;;) {
    const line = await s.read(stage, what)
    count(line)
    lines.push(line)
    if (/^\d{3}(?: |$)/.test(line)) break
    if (!/^\d{3}-/.test(line)) fail(stage, `not an SMTP reply: ${line.slice(0, 80)}`, {code: 'EPROTOCOL', serverText: lines.join('\n')})
  }
  return {code: Number(lines.at(-1)?.slice(0, 3)), lines, text: lines.join('\n')}
}

async function smtpEhlo(s: Session, opts: EndpointOptions): Promise<string[]> {
  s.send(`EHLO ${opts.ehloName ?? 'o365doctor'}`)
  const r = await smtpReply(s, 'greeting', 'EHLO reply')
  if (r.code !== 250) fail('greeting', `the server refused EHLO: ${r.lines.at(-1)}`, {responseCode: r.code, serverText: r.text, command: 'EHLO'})
  return r.lines.slice(1).map((l) => l.slice(4))
}

const smtp: Dialect = async (s, first, opts, reader, setSocket, getSocket) => {
  const lines = [first]
  const count = replyBudget('greeting', 'greeting')
  while (/^\d{3}-/.test(lines.at(-1) as string)) {
    const line = await s.read('greeting', 'greeting')
    count(line)
    lines.push(line)
  }
  s.facts.greeting = clipServerText(lines.join('\n'))
  const code = Number(first.slice(0, 3))
  if (code !== 220) fail('greeting', `unexpected greeting: ${lines.at(-1)}`, {responseCode: code || undefined, serverText: s.facts.greeting})
  let caps = await smtpEhlo(s, opts)
  s.facts.capabilities = caps
  s.facts.starttlsOffered = caps.some((c) => c.toUpperCase() === 'STARTTLS')
  if (opts.tls === 'starttls') {
    if (!s.facts.starttlsOffered) fail('starttls', 'the server did not offer STARTTLS', {code: 'ESTARTTLS'})
    s.send('STARTTLS')
    const r = await smtpReply(s, 'starttls', 'STARTTLS reply')
    if (r.code !== 220) fail('starttls', `STARTTLS refused: ${r.lines.at(-1)}`, {responseCode: r.code, serverText: r.text, command: 'STARTTLS'})
    await upgrade(s, opts, reader, setSocket, getSocket)
    caps = await smtpEhlo(s, opts)
    s.facts.capabilities = caps
  }
}

/** Runs one tagged IMAP command; returns untagged lines and the tagged reply. */
export async function imapCommand(s: Session, command: string, stage: ProbeStage, logAs?: string): Promise<{untagged: string[]; tagged: string; status: string}> {
  const tag = s.nextTag()
  s.send(`${tag} ${command}`, logAs && `${tag} ${logAs}`)
  const untagged: string[] = []
  const what = `reply to ${command.split(' ')[0]}`
  const count = replyBudget(stage, what)
  for (;;) {
    const line = await s.read(stage, what)
    count(line)
    if (line.startsWith(`${tag} `)) return {untagged, tagged: line, status: line.split(' ')[1]?.toUpperCase() ?? ''}
    untagged.push(line)
  }
}

function imapCaps(lines: string[]): string[] | undefined {
  for (const l of lines) {
    const m = /^\* CAPABILITY (.*)$/i.exec(l) ?? /\[CAPABILITY ([^\]]*)\]/i.exec(l)
    if (m?.[1]) return m[1].trim().split(/\s+/)
  }
  return undefined
}

const imap: Dialect = async (s, first, opts, reader, setSocket, getSocket) => {
  s.facts.greeting = clipServerText(first)
  if (!/^\* (OK|PREAUTH)\b/i.test(first)) fail('greeting', `unexpected greeting: ${first}`, {serverText: first})
  const capability = async (): Promise<void> => {
    const r = await imapCommand(s, 'CAPABILITY', 'capability')
    if (r.status !== 'OK') fail('capability', `CAPABILITY failed: ${r.tagged}`, {serverText: r.tagged, command: 'CAPABILITY'})
    s.facts.capabilities = imapCaps(r.untagged) ?? []
  }
  await capability()
  s.facts.starttlsOffered = s.facts.capabilities?.includes('STARTTLS')
  if (opts.tls === 'starttls') {
    if (!s.facts.starttlsOffered) fail('starttls', 'the server did not offer STARTTLS', {code: 'ESTARTTLS'})
    const r = await imapCommand(s, 'STARTTLS', 'starttls')
    if (r.status !== 'OK') fail('starttls', `STARTTLS refused: ${r.tagged}`, {serverText: r.tagged, command: 'STARTTLS'})
    await upgrade(s, opts, reader, setSocket, getSocket)
    await capability()
  }
}

/** Reads a POP3 multi-line body up to the lone ".". */
export async function popMultiline(s: Session, stage: ProbeStage): Promise<string[]> {
  const lines: string[] = []
  const count = replyBudget(stage, 'multi-line reply')
  for (;;) {
    const line = await s.read(stage, 'multi-line reply')
    count(line)
    if (line === '.') return lines
    lines.push(line.startsWith('..') ? line.slice(1) : line)
  }
}

const pop: Dialect = async (s, first, opts, reader, setSocket, getSocket) => {
  s.facts.greeting = clipServerText(first)
  if (!first.startsWith('+OK')) fail('greeting', `unexpected greeting: ${first}`, {serverText: first})
  const capa = async (): Promise<void> => {
    s.send('CAPA')
    const r = await s.read('capability', 'CAPA reply')
    // -ERR is a server without CAPA (RFC 2449 allows it); anything else is not POP3.
    if (!r.startsWith('+OK') && !r.startsWith('-ERR')) fail('capability', `not a POP3 reply to CAPA: ${r.slice(0, 80)}`, {code: 'EPROTOCOL', serverText: r})
    s.facts.capabilities = r.startsWith('+OK') ? await popMultiline(s, 'capability') : []
  }
  await capa()
  s.facts.starttlsOffered = s.facts.capabilities?.some((c) => c.toUpperCase() === 'STLS')
  if (opts.tls === 'starttls') {
    if (!s.facts.starttlsOffered) fail('starttls', 'the server did not offer STLS', {code: 'ESTARTTLS'})
    s.send('STLS')
    const r = await s.read('starttls', 'STLS reply')
    if (!r.startsWith('+OK')) fail('starttls', `STLS refused: ${r}`, {serverText: r, command: 'STLS'})
    await upgrade(s, opts, reader, setSocket, getSocket)
    await capa()
  }
}

const DIALECTS: Record<Protocol, Dialect> = {smtp, imap, pop}

/**
 * Says goodbye without waiting for the answer: QUIT/LOGOUT is sent and the socket ended (the bytes flush, then
 * FIN). Waiting for `BYE`/`221` cost a round trip on every check and carries no fact the diagnosis uses.
 */
export function quit(s: Session, protocol: Protocol): void {
  try {
    s.send(protocol === 'imap' ? `${s.nextTag()} LOGOUT` : 'QUIT')
    s.transcript.note('goodbye sent; its answer is not waited for')
  } catch {
    // A socket the server already closed: nothing to say goodbye to.
  } finally {
    s.end()
  }
}

/** Server text kept in a result: at most `max` characters, the rest counted ("… N more bytes"). */
export function clipServerText(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more bytes)` : text
}

/** Facts with server-sized parts bounded: the greeting clipped, at most 100 capabilities of 200 characters. */
export function boundedFacts(facts: SessionFacts): SessionFacts {
  const out = {...facts}
  if (out.greeting !== undefined) out.greeting = clipServerText(out.greeting)
  if (out.capabilities) out.capabilities = out.capabilities.slice(0, 100).map((c) => clipServerText(c, 200))
  return out
}

/** A probe error with server-sized text bounded. */
export function clipError<E extends {message: string; serverText?: string}>(e: E): E {
  return {...e, message: clipServerText(e.message), ...(e.serverText !== undefined ? {serverText: clipServerText(e.serverText)} : {})}
}

export function resultOf(
  opts: Pick<EndpointOptions, 'host' | 'port' | 'protocol'>,
  t: Transcript,
  facts: SessionFacts,
  err?: unknown,
): ProbeResult {
  const result: ProbeResult = {protocol: opts.protocol, host: opts.host, port: opts.port, ok: !err, durationMs: t.elapsed(), ...boundedFacts(facts), transcript: [...t.lines]}
  if (err) {
    if (!(err instanceof ProbeFailure)) throw err // our own bug: let it surface
    result.error = {...err.error, message: clipServerText(t.redactText(err.error.message)), ...(err.error.serverText ? {serverText: clipServerText(t.redactText(err.error.serverText))} : {})}
  }
  return result
}

/**
 * Connects, secures, reads the greeting and capabilities. No login. The result's transcript is the pre-auth part;
 * the open session is returned (for a login to continue on) unless the probe failed.
 */
export async function openEndpoint(opts: EndpointOptions): Promise<{result: ProbeResult; session?: Session}> {
  const t = new Transcript(createRedactor('', ''), opts.transcript === true)
  const facts: SessionFacts = {}
  try {
    const session = await openSession(opts, t, facts)
    return {result: resultOf(opts, t, facts), session}
  } catch (err) {
    return {result: resultOf(opts, t, facts, err)}
  }
}

/** Connects, secures, reads the greeting and capabilities, then quits. No login. */
export async function probeEndpoint(opts: EndpointOptions): Promise<ProbeResult> {
  const {result, session} = await openEndpoint(opts)
  if (session) quit(session, opts.protocol)
  return result
}
