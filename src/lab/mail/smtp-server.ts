// Exchange Online's SMTP submission endpoint (smtp.office365.com:587 and :25, STARTTLS), on smtp-server with the
// Exchange dialect. Handlers decide (authorize.ts) and word their replies with smtp-replies.ts.

import type {AddressInfo} from 'node:net'
import type {Socket} from 'node:net'
import type {TLSSocket} from 'node:tls'
import type {SMTPServerAuthentication, SMTPServerAuthenticationResponse, SMTPServerDataStream} from 'smtp-server'
import {CLOUD_ENDPOINTS} from '../../core/cloud.js'
import {DEFAULT_BINDING, listenOn} from '../lab-binding.js'
import type {MailServerDeps} from '../lab-types.js'
import {authorizeLogin, authorizeSendAs} from './authorize.js'
import {sniOf} from './xoauth2-login.js'
import {ExchangeSmtpServer, type ExchangeSession} from './exchange-dialect.js'
import {SMTP_MAX_SIZE, smtpText} from './smtp-replies.js'
import {SubmissionSlots} from './submission-slots.js'
import {pause} from './timing.js'
import type {LabMailMessage, ListeningServer} from './types.js'

export interface SmtpServerContext {
  deps: MailServerDeps
  /** "587" or "25", for the log and the stored messages. */
  label: string
  signal: AbortSignal
  messages: LabMailMessage[]
  log: (line: string) => void
  /** Concurrent-submission places per mailbox, shared by the 587 and 25 listeners (a new one when absent). */
  slots?: SubmissionSlots
}

/** An error whose message smtp-server sends as is (it already has Exchange's enhanced code). */
function replyError(code: number, text: string): Error & {responseCode: number} {
  return Object.assign(new Error(text), {responseCode: code})
}

export async function startSmtpServer(ctx: SmtpServerContext): Promise<ListeningServer> {
  const {scenario, pki} = ctx.deps
  const {latencyMs, failureDelayMs} = scenario.lab
  const tag = `smtp:${ctx.label}`
  const identity = pki.identityFor(CLOUD_ENDPOINTS[scenario.tenant.cloud].smtpHost)

  const slots = ctx.slots ?? new SubmissionSlots(scenario.exchange.limits.smtpConcurrentPerMailbox)
  const onClose = (rawSession: unknown): void => {
    const ids = (rawSession as ExchangeSession).exchange
    if (ids) slots.leave(ids.session)
  }

  const onAuth = (
    auth: SMTPServerAuthentication,
    rawSession: unknown,
    done: (err: Error | null | undefined, response?: SMTPServerAuthenticationResponse) => void,
  ): void => {
    const session = rawSession as ExchangeSession
    const ids = session.exchange
    if (auth.method !== 'XOAUTH2') {
      // Basic authentication is off in every Exchange Online tenant the doctor cares about.
      ctx.log(`${tag} ${ids.session} AUTH ${auth.method} user=${auth.username ?? ''} → refused: basic authentication`)
      return done(replyError(535, scenario.tenant.securityDefaults ? smtpText.securityDefaults(ids) : smtpText.basicAuthDisabled(ids)))
    }
    const user = auth.username ?? ''
    void ctx.deps
      .verifyToken(auth.accessToken ?? '')
      .catch(() => undefined)
      .then((claims) => {
        const decision = authorizeLogin(scenario, 'smtp', user, claims, session.sni)
        if (decision.allowed) {
          ctx.log(`${tag} ${ids.session} AUTH XOAUTH2 user=${user} → accepted (${decision.identity.via})`)
          slots.join(decision.identity.mailbox.address, ids.session)
          return done(null, {user: decision.identity})
        }
        ctx.log(`${tag} ${ids.session} AUTH XOAUTH2 user=${user} → refused: ${decision.reason}`)
        const text =
          decision.reply === 'smtpAuthDisabledTenant'
            ? smtpText.smtpAuthDisabled(ids, 'Tenant')
            : decision.reply === 'smtpAuthDisabledMailbox'
              ? smtpText.smtpAuthDisabled(ids, 'Mailbox')
              : smtpText.authUnsuccessful(ids)
        done(replyError(535, text))
      })
  }

  const onSecure = (socket: TLSSocket, rawSession: unknown, done: (err?: Error | null) => void): void => {
    const protocol = socket.getProtocol()
    if (protocol === 'TLSv1' || protocol === 'TLSv1.1') {
      const ids = (rawSession as ExchangeSession).exchange
      ctx.log(`${tag} ${ids.session} STARTTLS negotiated ${protocol} → 421 4.7.66`)
      return done(replyError(421, smtpText.tlsTooOld(ids)))
    }
    ;(rawSession as ExchangeSession).sni = sniOf(socket)
    done()
  }

  const onData = (stream: SMTPServerDataStream, rawSession: unknown, done: (err?: Error | null, message?: string) => void): void => {
    const session = rawSession as ExchangeSession
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => {
      void pause(latencyMs, ctx.signal).then(() => {
        const raw = Buffer.concat(chunks).toString('utf8')
        ctx.deps.wire?.(tag, session.exchange.session, 'C', `<message, ${Buffer.byteLength(raw)} bytes, From: ${fromHeaderAddress(raw) ?? '(none)'}>`)
        const identity = session.user
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : ''
        const headerFrom = fromHeaderAddress(raw)
        // Exchange's store driver submits the message as its From header (the address recipients see), so Send As
        // is judged on that; the envelope sender only counts when the message has no From header.
        const sender = headerFrom ?? envelopeFrom
        if (!identity) return done(replyError(530, smtpText.notAuthenticated(session.exchange)))
        if (slots.overLimit(identity.mailbox.address, session.exchange.session)) {
          ctx.log(`${tag} ${session.exchange.session} DATA as ${identity.mailbox.address} → 432 4.3.2: more than ${scenario.exchange.limits.smtpConcurrentPerMailbox} concurrent connections`)
          return done(replyError(432, smtpText.concurrentLimit(session.exchange)))
        }
        const decision = authorizeSendAs(scenario, identity, sender)
        if (!decision.allowed) {
          ctx.log(`${tag} ${session.exchange.session} DATA from ${sender} as ${identity.mailbox.address} → 554 SendAsDenied: ${decision.reason}`)
          return done(replyError(554, smtpText.sendAsDenied(session.exchange, identity.mailbox.address, sender)))
        }
        const messageId = /^message-id:\s*(<[^>\r\n]+>)/im.exec(headerBlock(raw))?.[1] ?? `<${session.exchange.session}@lab>`
        ctx.messages.push({
          receivedAt: new Date(),
          port: ctx.label,
          mailbox: identity.mailbox.address,
          envelopeFrom,
          from: headerFrom,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        })
        ctx.log(`${tag} ${session.exchange.session} DATA from ${sender} to ${session.envelope.rcptTo.length} recipient(s) → queued`)
        done(null, smtpText.queued(session.exchange, messageId))
      })
    })
  }

  // Every accepted socket, so close() can end them all (clients mid-session, mid-handshake or idle).
  const sockets = new Set<Socket>()
  const server = new ExchangeSmtpServer(
    {
      key: identity.key,
      cert: identity.cert,
      // Old clients must get as far as the handshake to be told 421 4.7.66 (OpenSSL refuses TLS 1.0 otherwise).
      minVersion: 'TLSv1',
      ciphers: 'DEFAULT:@SECLEVEL=0',
      authMethods: ['LOGIN', 'XOAUTH2'],
      size: SMTP_MAX_SIZE,
      hideENHANCEDSTATUSCODES: false,
      hideDSN: false,
      hideREQUIRETLS: true,
      disableReverseLookup: true,
      maxAllowedUnauthenticatedCommands: false,
      logger: false,
      closeTimeout: 100,
      onAuth,
      onSecure: onSecure as never,
      onData: onData as never,
      onClose: onClose as never,
    },
    // A connection that upgraded with STARTTLS never runs its socket's 'close' listener below: it says so here,
    // or every finished session (and its TLS socket and connection) would stay reachable until the lab closes.
    {cloud: scenario.tenant.cloud, latencyMs, failureDelayMs, signal: ctx.signal, label: tag, wire: ctx.deps.wire, closed: (socket) => sockets.delete(socket as Socket)},
  )
  server.on('error', (err: Error) => ctx.log(`${tag} connection error: ${err.message}`))
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })

  const service = ctx.label === '25' ? 'smtp25' : 'smtp587'
  const bind = ctx.deps.bind?.[service] ?? DEFAULT_BINDING[service]
  await listenOn(server.server, service, bind)
  const port = (server.server.address() as AddressInfo).port
  ctx.log(`${tag} listening on ${bind.host}:${port}`)

  return {
    port,
    openSockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.close(() => resolve())
        for (const connection of server.connections) connection._socket.destroy()
        for (const socket of sockets) socket.destroy()
      }),
  }
}

function headerBlock(raw: string): string {
  const end = raw.search(/\r?\n\r?\n/)
  return (end < 0 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ')
}

/** The address of the message's From header, if it has one. */
function fromHeaderAddress(raw: string): string | undefined {
  const value = /^from:[ \t]*(.*)$/im.exec(headerBlock(raw))?.[1]
  if (!value) return undefined
  // Words split first, then the one with an inner '@': a pattern `[^…]+@[^…]+` is quadratic on a long word without '@'.
  const hasAt = (w: string): boolean => w.indexOf('@') > 0 && w.indexOf('@') < w.length - 1
  const bracketed = value.split('<').slice(1).map((p) => p.split('>')[0] ?? '').find((w) => !/\s/.test(w) && hasAt(w) && value.includes(`<${w}>`))
  return (bracketed ?? value.split(/[\s<>"',;]+/).find(hasAt))?.trim()
}
