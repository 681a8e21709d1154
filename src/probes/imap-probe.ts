import {isIP} from 'node:net'
// IMAP login over imapflow: connect, AUTHENTICATE XOAUTH2, then one mailbox command, logout. imapflow runs
// NAMESPACE right after login and turns Exchange's `BAD User is authenticated but not connected.` into an
// authentication error; we tell it apart by whether the AUTHENTICATE itself succeeded (stage 'mailbox').
// Logging: `logger: false` (its default logger writes to stdout) plus `emitLogs` for the transcript.
import {routeFor} from '../net/routes.js'
import {isTlsModeMismatchError, ProbeFailure, tlsReason, within} from './failure.js'
import type {LoginOptions} from './smtp-probe.js'
import {clipError, trustOptions} from './tcp-tls.js'
import {Transcript} from './transcript.js'
import type {ProbeError, ProbeResult, ProbeStage} from './types.js'
import {createRedactor} from './xoauth2.js'

export interface ImapProbeOptions extends LoginOptions {
  /** Mailbox to open read-only after login (default INBOX). */
  mailbox?: string
}

type ImapError = Error & {
  code?: string
  authenticationFailed?: boolean
  serverResponseCode?: string
  response?: string
  responseText?: string
  responseStatus?: string
  oauthError?: Record<string, unknown> | false
  tlsFailed?: boolean
}

const TAGGED_FAILURE = /^\S+ ((?:NO|BAD)\b.*)$/i
const CERT_RE = /certificate|self[- ]signed|altnames|unable to verify|CERT_|UNABLE_TO/i

export async function imapProbe(opts: ImapProbeOptions): Promise<ProbeResult> {
  const redact = createRedactor(opts.user, opts.token)
  const t = new Transcript(redact)
  const result = (error?: ProbeError): ProbeResult => ({
    protocol: 'imap',
    host: opts.host,
    port: opts.port,
    ok: !error,
    durationMs: t.elapsed(),
    ...(error ? {error: clipError(error)} : {}),
    transcript: [...t.lines],
  })
  const route = routeFor(opts.host, opts.port, opts.map)
  if (!route) return result({stage: 'connect', code: 'ECONNREFUSED', message: `connection to ${opts.host}:${opts.port} refused`})

  let phase: ProbeStage = 'connect'
  let authenticated = false
  let lastFailureLine: string | undefined
  let mailboxCommand: string | undefined
  // imapflow (~55 files) is loaded only when an IMAP login runs (not for --offline or --protocols smtp).
  const {ImapFlow} = await import('imapflow')
  const client = new ImapFlow({
    host: route.connectHost,
    port: route.connectPort,
    secure: opts.tls === 'implicit',
    doSTARTTLS: opts.tls === 'starttls',
    // An IP address is no valid SNI name (Node warns, DEP0123); hosts keep theirs.
    ...(isIP(route.servername) ? {} : {servername: route.servername}),
    tls: {...trustOptions(route), rejectUnauthorized: true},
    auth: {user: opts.user, accessToken: opts.token},
    logger: false,
    emitLogs: true,
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: Math.max(opts.timeoutMs, 1000),
    disableCompression: true,
    disableAutoEnable: true,
  })
  client.on('error', () => undefined) // failures arrive through the awaited calls
  client.on('log', (entry: {src?: string; msg?: unknown; level?: string; comment?: string}) => {
    const msg = typeof entry.msg === 'string' ? entry.msg : ''
    if (entry.src === 's') {
      if (phase === 'connect') phase = 'greeting'
      t.add('S', msg)
      const m = TAGGED_FAILURE.exec(msg)
      if (m?.[1]) lastFailureLine = m[1]
    } else if (entry.src === 'c') {
      if (/^\S+ AUTHENTICATE /i.test(msg)) phase = 'auth'
      if (/^\S+ (SELECT|EXAMINE|LIST|NAMESPACE|STATUS) /i.test(msg)) mailboxCommand = msg.split(' ')[1]?.toUpperCase()
      t.add('C', msg === '' ? '(empty line: ends the SASL exchange)' : msg)
    } else if (entry.src === 'auth' && /authenticated/i.test(msg)) {
      authenticated = true
      phase = 'mailbox'
      t.note(msg)
    } else if (msg && (entry.level === 'info' || entry.level === 'warn' || entry.level === 'error')) t.note(msg)
  })
  const backstop = <T>(p: Promise<T>, what: string): Promise<T> =>
    within(p, {stage: phase, timeoutMs: opts.timeoutMs * 3 + 1000, signal: opts.signal, what, onGiveUp: () => client.close()})

  try {
    await backstop(client.connect(), 'IMAP login')
    phase = 'mailbox'
    const box = opts.mailbox ?? 'INBOX'
    await backstop(client.mailboxOpen(box, {readOnly: true}), `EXAMINE ${box}`)
    t.note(`opened ${box} read-only`)
    // LOGOUT goes out but its BYE is not waited for (a round trip no diagnosis needs); the transcript below is
    // taken now, so it shows what was seen before reporting.
    t.note('LOGOUT follows; its answer is not waited for')
    const done = result()
    void backstop(client.logout(), 'LOGOUT').catch(() => client.close())
    return done
  } catch (err) {
    client.close()
    const at = phase as ProbeStage // set by the log listener too, which the compiler does not see
    if (err instanceof ProbeFailure) return result({...err.error, stage: at})
    const e = err as ImapError
    const serverText = lastFailureLine ?? (e.responseStatus && e.responseText ? `${e.responseStatus} ${e.responseText}` : e.response)
    const error: ProbeError = {stage: at, message: redact(tlsReason(e.message)), ...(e.code ? {code: e.code} : {})}
    if (serverText && (at === 'auth' || at === 'mailbox')) error.serverText = redact(serverText)
    if (e.oauthError) error.challenge = e.oauthError
    if (/Unsupported authentication mechanism/i.test(e.message)) {
      Object.assign(error, {stage: 'capability', code: 'EAUTHMETHOD', message: 'the server does not offer AUTH=XOAUTH2'})
    } else if (at === 'mailbox' || (authenticated && e.authenticationFailed)) {
      error.stage = 'mailbox'
      error.command = mailboxCommand ?? 'NAMESPACE'
      error.code ??= e.serverResponseCode ?? e.responseStatus
      error.message = `logged in, but ${error.command} failed: ${serverText ?? e.message}`
    } else if (e.authenticationFailed || at === 'auth') {
      error.stage = 'auth'
      error.command = 'AUTHENTICATE XOAUTH2'
      error.code = e.serverResponseCode ?? e.code ?? 'AUTHENTICATIONFAILED'
      error.message = `the server refused the XOAUTH2 login: ${serverText ?? e.message}`
    } else if (isTlsModeMismatchError(e)) {
      Object.assign(error, {stage: 'tls', tlsModeMismatch: true})
    } else if (e.tlsFailed || CERT_RE.test(`${e.code ?? ''} ${e.message}`) || /^ERR_SSL|^ERR_TLS/.test(e.code ?? '')) {
      error.stage = 'tls'
    } else if (/^(ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|CONNECT_TIMEOUT)$/.test(e.code ?? '')) {
      error.stage = 'connect'
    } else if (/^(ENOTFOUND|EAI_AGAIN)$/.test(e.code ?? '')) {
      error.stage = 'dns'
    } else if (e.code === 'GREETING_TIMEOUT') {
      error.stage = 'greeting'
    }
    return result(error)
  }
}
