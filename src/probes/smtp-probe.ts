// SMTP login (and optionally one test message) over nodemailer's SMTPConnection, the engine under
// transporter.verify()/sendMail(); used directly so an AbortSignal can close it. XOAUTH2 runs through our
// customAuth handler, not nodemailer's built-in one, which answers a `334 <challenge>` by silently sending the
// same token again (a second login, _actionAUTHComplete → _handleXOauth2Token(isRetry=true)) and drops the
// first failure's reply. Here one login is one AUTH command, the challenge is decoded, the final reply kept.
import {format} from 'node:util'
import {routeFor} from '../net/routes.js'
import {isTlsModeMismatchError, ProbeFailure, tlsReason, within} from './failure.js'
import {clipError, trustOptions, type EndpointOptions, type SessionFacts} from './tcp-tls.js'
import {Transcript} from './transcript.js'
import type {ProbeError, ProbeResult, ProbeStage} from './types.js'
import {buildXoauth2, createRedactor} from './xoauth2.js'

export interface LoginOptions extends Omit<EndpointOptions, 'protocol'> {
  user: string
  token: string
}

export interface SmtpProbeOptions extends LoginOptions {
  /** Send one small message after login (proves Send As for `from`). */
  sendTest?: {from: string; to: string}
}

/** A SASL challenge (`334 <base64 json>` / `+ <base64 json>`) decoded for diagnostics, or undefined. */
export function decodeChallenge(text: string): Record<string, unknown> | string | undefined {
  const b64 = text.trim()
  if (!b64) return undefined
  const raw = Buffer.from(b64, 'base64').toString('utf8')
  try {
    const parsed: unknown = JSON.parse(raw)
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : raw
  } catch {
    return /^[\x20-\x7e]+$/.test(raw) ? raw : undefined
  }
}

type NodemailerError = Error & {code?: string; originalCode?: string; response?: string; responseCode?: number; command?: string}

const CERT_RE = /certificate|self[- ]signed|altnames|unable to verify|CERT_|UNABLE_TO/i

function mapError(err: NodemailerError, phase: ProbeStage, redact: (s: string) => string): ProbeError {
  const code = err.code
  const sysCode = err.originalCode
  const message = redact(tlsReason(err.message))
  const base: ProbeError = {stage: phase, message, code: sysCode ?? code}
  if (err.responseCode) base.responseCode = err.responseCode
  if (err.response) base.serverText = redact(err.response)
  if (err.command && err.command !== 'CONN' && err.command !== 'API') base.command = redact(err.command)
  const tlsish = isTlsModeMismatchError({code: sysCode, message: err.message}) || CERT_RE.test(err.message) || CERT_RE.test(sysCode ?? '')
  switch (code) {
    case 'EDNS':
      return {...base, stage: 'dns'}
    case 'EAUTH':
      return {...base, stage: 'auth'}
    case 'EENVELOPE':
    case 'EMESSAGE':
      return {...base, stage: 'send'}
    case 'ETLS':
      if (err.command === 'STARTTLS' && err.response) return {...base, stage: 'starttls'}
      if (/STARTTLS/.test(err.message) && !tlsish) return {...base, stage: 'starttls'}
      return {...base, stage: 'tls', ...(isTlsModeMismatchError(err) ? {tlsModeMismatch: true} : {})}
    case 'ETIMEDOUT':
      if (/greeting/i.test(err.message)) return {...base, stage: 'greeting', code: 'GREETING_TIMEOUT'}
      return base
    case 'EPROTOCOL':
      if (err.command === 'CONN' && /greeting/i.test(err.message)) return {...base, stage: 'greeting'}
      return base
    default:
      break
  }
  if (tlsish) return {...base, stage: 'tls', ...(isTlsModeMismatchError({code: sysCode, message: err.message}) ? {tlsModeMismatch: true} : {})}
  if (sysCode && /^(ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL)$/.test(sysCode)) return {...base, stage: 'connect'}
  if (sysCode && /^(ENOTFOUND|EAI_AGAIN)$/.test(sysCode)) return {...base, stage: 'dns'}
  return base
}

function testMessage(from: string, to: string): string {
  const id = `${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}@o365doctor`
  return [
    `From: <${from}>`,
    `To: <${to}>`,
    'Subject: o365doctor send test',
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${id}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'This message was sent by `o365doctor check --send-test` to prove that this app may send as the sender above.',
    '',
  ].join('\r\n')
}

export async function smtpProbe(opts: SmtpProbeOptions): Promise<ProbeResult> {
  const redact = createRedactor(opts.user, opts.token)
  const t = new Transcript(redact)
  const facts: SessionFacts = {}
  const result = (error?: ProbeError, sent?: boolean): ProbeResult => ({
    protocol: 'smtp',
    host: opts.host,
    port: opts.port,
    ok: !error,
    durationMs: t.elapsed(),
    ...facts,
    ...(sent !== undefined ? {sent} : {}),
    ...(error ? {error: clipError(error)} : {}),
    transcript: t.lines,
  })
  const route = routeFor(opts.host, opts.port, opts.map)
  if (!route) return result({stage: 'connect', code: 'ECONNREFUSED', message: `connection to ${opts.host}:${opts.port} refused`})

  let phase: ProbeStage = 'connect'
  let serverLines = 0
  const xoauth2 = buildXoauth2(opts.user, opts.token)
  let challenge: Record<string, unknown> | string | undefined
  let capabilityMissing = false

  const log = (level: string) => (entry: {tnx?: string} | undefined, message?: unknown, ...args: unknown[]): void => {
    const text = format(String(message ?? ''), ...args)
    if (entry?.tnx === 'server') {
      if (serverLines++ === 0) phase = 'greeting'
      t.add('S', text)
    } else if (entry?.tnx === 'client') {
      // Our handler's empty SASL response is logged as nodemailer's mask; say what it really is.
      t.add('C', text === '/* secret */' ? '(empty line: ends the SASL exchange)' : text)
    } else if (level !== 'debug' && level !== 'trace') {
      if (entry?.tnx === 'network' && /^Connection established/.test(text) && phase === 'connect') phase = 'greeting'
      t.note(text)
    }
  }
  const logger = {trace: log('trace'), debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), fatal: log('fatal'), level: () => undefined}

  // nodemailer is loaded only when an SMTP login runs.
  const {default: SMTPConnection} = await import('nodemailer/lib/smtp-connection/index.js')
  const conn = new SMTPConnection({
    host: route.connectHost,
    port: route.connectPort,
    secure: opts.tls === 'implicit',
    requireTLS: opts.tls === 'starttls',
    ignoreTLS: opts.tls === 'none',
    name: opts.ehloName ?? 'o365doctor',
    tls: {servername: route.servername, ...trustOptions(route), rejectUnauthorized: true},
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: opts.timeoutMs,
    dnsTimeout: opts.timeoutMs,
    logger: logger as never,
    debug: true,
    customAuth: {
      XOAUTH2: async (ctx) => {
        if (!ctx.authMethods.map((m) => m.toUpperCase()).includes('XOAUTH2')) {
          capabilityMissing = true
          throw new Error(`the server does not offer AUTH XOAUTH2 (offers: ${ctx.authMethods.join(' ') || 'no AUTH at all'})`)
        }
        const first = await ctx.sendCommand(`AUTH XOAUTH2 ${xoauth2}`)
        let final = first
        if (first.status === 334) {
          challenge = decodeChallenge(first.response.slice(3))
          final = await ctx.sendCommand('')
        }
        if (final.status !== 235) throw new Error('Invalid login')
        ctx.resolve()
      },
    },
  })
  let failed: ((e: Error) => void) | undefined
  conn.on('error', (err: Error) => failed?.(err))
  const step = <T>(what: string, run: (done: (err: Error | null | undefined, value?: T) => void) => void): Promise<T> =>
    within(
      new Promise<T>((ok, ko) => {
        failed = ko
        run((err, value) => (err ? ko(err) : ok(value as T)))
      }),
      // nodemailer's own timeouts normally fire first, with its own codes; this is the backstop (and the abort).
      {stage: phase, timeoutMs: opts.timeoutMs * 2 + 1000, signal: opts.signal, what, onGiveUp: () => conn.close()},
    )

  try {
    await step<void>('SMTP session', (done) => conn.connect((err) => done(err)))
    phase = 'auth'
    await step<void>('login', (done) => conn.login({method: 'XOAUTH2', user: opts.user, oauth2: {user: opts.user, accessToken: opts.token}} as never, (err) => done(err)))
    t.note(`logged in as ${opts.user}`)
    let sent: boolean | undefined
    if (opts.sendTest) {
      phase = 'send'
      const {from, to} = opts.sendTest
      await step('test message', (done) => conn.send({from, to: [to]}, testMessage(from, to), done))
      sent = true
    }
    conn.quit()
    return result(undefined, sent)
  } catch (err) {
    conn.close()
    if (err instanceof ProbeFailure) return result({...err.error, stage: phase})
    const e = mapError(err as NodemailerError, phase, redact)
    if (capabilityMissing) {
      e.stage = 'capability'
      e.code = 'EAUTHMETHOD'
    }
    if (challenge !== undefined) e.challenge = challenge
    if (e.stage === 'auth' && e.serverText) e.message = `the server refused the XOAUTH2 login: ${e.serverText}`
    return result(e)
  }
}
