// The "Exchange dialect" of smtp-server: the library speaks SMTP (line protocol, STARTTLS, SASL, DATA); this
// layer makes it say what Exchange Online says. Every reply of a connection goes through
// SMTPConnection.send(code, data, context), so one override rewrites the library's own texts to Microsoft's
// (a table keyed by the library's text) and passes through the texts our handlers already wrote in Exchange's
// words (they start with an enhanced status code). Only connections of ExchangeSmtpServer get this class;
// other smtp-server instances in the process are untouched.
//
// It also models time: lab.latencyMs before the banner and before handling each command, and Exchange's tarpit
// (lab.failureDelayMs) before an authentication failure, without reordering replies.

import type {Socket} from 'node:net'
import type {TLSSocket} from 'node:tls'
import {SMTPServer, type SMTPServerOptions, type SMTPServerSession} from 'smtp-server'
import {SMTPConnection, type SMTPConnectionOptions} from 'smtp-server/lib/smtp-connection.js'
import type {Cloud} from '../../core/cloud.js'
import type {MailIdentity} from './authorize.js'
import {newExchangeIds, type ExchangeIds} from './exchange-ids.js'
import {smtpText} from './smtp-replies.js'
import {pause} from './timing.js'
import {redactClientLine, type WireLog} from './wire-log.js'

export interface ExchangeDialectOptions {
  cloud: Cloud
  latencyMs: number
  failureDelayMs: number
  /** Aborted when the servers close: pending waits end at once. */
  signal: AbortSignal
  /** "smtp:587" or "smtp:25", for the wire log. */
  label: string
  wire?: WireLog
  /**
   * Told when a connection has closed, with the socket it was accepted on. After STARTTLS that socket's own 'close'
   * listeners are gone (the library removes them before wrapping it), so a set of accepted sockets learns it here.
   */
  closed?: (accepted: Socket | TLSSocket) => void
}

/** smtp-server's session plus what the lab keeps on it. `user` is the MailIdentity after AUTH. */
export interface ExchangeSession extends SMTPServerSession {
  exchange: ExchangeIds
  user?: MailIdentity
  /** The host name the client asked for in STARTTLS (SNI), when it sent one. */
  sni?: string
}

interface Reply {
  code: number
  text: string | string[]
  /** An authentication failure: Exchange waits before sending it. */
  authFailure?: boolean
}

type Translate = (conn: ExchangeSmtpConnection, code: number, context: string | false | undefined) => Reply

const ENHANCED = /^\d\.\d{1,3}\.\d{1,3}( |$)/

/** smtp-server's reply texts (node_modules/smtp-server/dist/esm/smtp-connection.js, sasl.js) → Exchange's. */
const LIBRARY_REPLIES: Record<string, Translate> = {
  'Ready to start TLS': () => ({code: 220, text: smtpText.startTls()}),
  // AUTH is not advertised before STARTTLS, so Exchange treats any mechanism as unknown there.
  'Error: Must issue a STARTTLS command first': (c) => ({code: 504, text: smtpText.unrecognizedAuthType(c.ids)}),
  'Error: Unrecognized authentication type': (c) => ({code: 504, text: smtpText.unrecognizedAuthType(c.ids)}),
  // A malformed XOAUTH2 string (no user= or auth=Bearer) fails like any other XOAUTH2 failure.
  'Error: invalid userdata': (c) => ({code: 535, text: smtpText.authUnsuccessful(c.ids), authFailure: true}),
  'Error: syntax: AUTH XOAUTH2 token': (c) => ({code: 535, text: smtpText.authUnsuccessful(c.ids), authFailure: true}),
  'Error: No identity changes permitted': () => ({code: 503, text: smtpText.alreadyAuthenticated()}),
  // No AUTH yet: before STARTTLS Exchange asks for TLS first, after it for authentication.
  'Error: authentication Required': (c) =>
    c.secure ? {code: 530, text: smtpText.notAuthenticated(c.ids)} : {code: 451, text: smtpText.startTlsRequired(c.ids)},
  'Error: send HELO/EHLO first': () => ({code: 503, text: smtpText.sendHelloFirst()}),
  'Error: need MAIL command': () => ({code: 503, text: smtpText.badSequence('Need mail command')}),
  'Error: need RCPT command': () => ({code: 503, text: smtpText.badSequence('Need rcpt command')}),
  'Error: nested MAIL command': () => ({code: 503, text: smtpText.badSequence('Sender already specified')}),
  'Error: TLS already active': () => ({code: 503, text: smtpText.badSequence('Only one STARTTLS command can be issued per session')}),
  'Error: Bad sender address syntax': (c) => ({code: 501, text: smtpText.invalidAddress(c.ids, true)}),
  'Error: Bad recipient address syntax': (c) => ({code: 501, text: smtpText.invalidAddress(c.ids, false)}),
  'Error: syntax: EHLO hostname': () => ({code: 501, text: smtpText.invalidDomain()}),
  'Error: Syntax: HELO hostname': () => ({code: 501, text: smtpText.invalidDomain()}),
  'Error: command not recognized': (c, _code, context) => ({code: 500, text: smtpText.unrecognizedCommand(c.ids, String(context ?? ''))}),
  'Error: too many unrecognized commands': () => ({code: 421, text: smtpText.tooManyErrors()}),
  'Accepted': (_c, _code, context) =>
    context === 'RCPT_TO_OK' ? {code: 250, text: smtpText.recipientOk()} : {code: 250, text: smtpText.senderOk()},
  'End data with <CR><LF>.<CR><LF>': () => ({code: 354, text: smtpText.startMailInput()}),
  'Authentication successful': () => ({code: 235, text: smtpText.authSuccessful()}),
  'Bye': () => ({code: 221, text: smtpText.closing()}),
  'OK': () => ({code: 250, text: smtpText.ok()}),
  'Flushed': () => ({code: 250, text: smtpText.resetting()}),
  'Server shutting down': () => ({code: 421, text: smtpText.shuttingDown()}),
  'Timeout - closing connection': () => ({code: 421, text: smtpText.timeout()}),
}

export class ExchangeSmtpConnection extends SMTPConnection {
  readonly ids: ExchangeIds
  private readonly dialect: ExchangeDialectOptions
  /** Tail of the replies still waiting (tarpit); commands are not read until it has been written. */
  private pending: Promise<void> | undefined

  /** The socket this connection was accepted on (after STARTTLS `_socket` is the TLS socket over it). */
  private readonly accepted: Socket | TLSSocket

  constructor(server: ExchangeSmtpServer, socket: Socket | TLSSocket, options?: SMTPConnectionOptions | null) {
    super(server, socket, options)
    this.accepted = socket
    this.dialect = server.dialect
    this.ids = newExchangeIds(server.dialect.cloud)
    this.name = this.ids.frontend
    ;(this.session as ExchangeSession).exchange = this.ids
  }

  override _onClose(): void {
    super._onClose()
    this.dialect.closed?.(this.accepted)
  }

  /** Exchange greets at once (no early-talker pause), after the modelled network latency. */
  override init(): void {
    this._setListeners(() => {
      void pause(this.dialect.latencyMs, this.dialect.signal).then(() => this.connectionReady())
    })
  }

  override _sendGreeting(): void {
    this.reply({code: 220, text: smtpText.greeting(this.ids)})
  }

  /** Latency before every reply: the command is handled (and answered) that much later. */
  override _onCommand(command: Buffer, callback?: () => void): void {
    if (this.dialect.latencyMs <= 0) return this.handleCommand(command, callback)
    void pause(this.dialect.latencyMs, this.dialect.signal).then(() => this.handleCommand(command, callback))
  }

  private handleCommand(command: Buffer, callback?: () => void): void {
    // A queued handler means the line answers a 334 continuation: a SASL response, logged only as what it names.
    this.dialect.wire?.(this.dialect.label, this.ids.session, 'C', redactClientLine(command.toString('utf8'), this._nextHandler !== false))
    super._onCommand(command, callback)
  }

  /** The library resumes reading commands here; a tarpitted reply must go out first. */
  override _whenWritable(next: () => void): void {
    const pending = this.pending
    if (!pending) return super._whenWritable(next)
    void pending.then(() => super._whenWritable(next))
  }

  override send(code: number, data?: string | string[] | null, context?: string | false): void {
    this.reply(this.translate(code, data, context))
  }

  private translate(code: number, data: string | string[] | null | undefined, context: string | false | undefined): Reply {
    if (Array.isArray(data)) {
      // The only multi-line reply is EHLO's: Exchange's own capability list, in its order.
      return {code, text: [smtpText.hello(this.ids, this.remoteAddress), ...smtpText.capabilities(this.secure)]}
    }
    const text = data ?? ''
    if (code === 250 && context === false) return {code, text: smtpText.hello(this.ids, this.remoteAddress)} // HELO
    if (ENHANCED.test(text)) return {code, text, authFailure: code === 535} // already in Exchange's words
    const rule = LIBRARY_REPLIES[text]
    if (rule) return rule(this, code, context)
    // Anything else keeps the library's text with the enhanced code it would have used.
    const enhanced = this._getEnhancedStatusCode(code, context)
    return {code, text: enhanced ? `${enhanced} ${text}` : text}
  }

  private reply(r: Reply): void {
    const write = (): void => {
      super.send(r.code, r.text, false)
      const lines = Array.isArray(r.text) ? r.text : [r.text]
      for (const [i, text] of lines.entries()) this.dialect.wire?.(this.dialect.label, this.ids.session, 'S', `${r.code}${i < lines.length - 1 ? '-' : ' '}${text}`)
    }
    const wait = r.authFailure ? this.dialect.failureDelayMs : 0
    if (!wait && !this.pending) return write()
    const tail: Promise<void> = (this.pending ?? Promise.resolve())
      .then(() => pause(wait, this.dialect.signal))
      .then(write)
      .finally(() => {
        if (this.pending === tail) this.pending = undefined
      })
    this.pending = tail
  }
}

/** An SMTPServer whose connections speak the Exchange dialect. */
export class ExchangeSmtpServer extends SMTPServer {
  constructor(
    options: SMTPServerOptions,
    readonly dialect: ExchangeDialectOptions,
  ) {
    super(options)
  }

  // Same as SMTPServer.connect, with the dialect's connection class.
  override connect(socket: Socket | TLSSocket, socketOptions?: SMTPConnectionOptions | null): void {
    const connection = new ExchangeSmtpConnection(this, socket, socketOptions)
    this.connections.add(connection)
    connection.on('error', (err: Error) => this._onError(err))
    connection.on('connect', (data) => this._onClientConnect(data))
    connection.init()
  }
}
