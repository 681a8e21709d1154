// Exchange Online's IMAP endpoint (outlook.office365.com:993, implicit TLS), microsoft-behaviour.md §4.4.
// Enough IMAP for a client to connect, authenticate with XOAUTH2, list and open an empty INBOX and log out,
// with Exchange's exact greeting, capabilities and failure replies.

import type {TLSSocket} from 'node:tls'
import {CLOUD_ENDPOINTS} from '../../core/cloud.js'
import type {MailIdentity} from './authorize.js'
import {bannerToken, newExchangeIds} from './exchange-ids.js'
import {LineReader} from './line-reader.js'
import {pause} from './timing.js'
import {startTlsListener} from './tls-listener.js'
import type {ListeningServer, MailServerContext} from './types.js'
import {redactClientLine} from './wire-log.js'
import {sniOf, xoauth2Login} from './xoauth2-login.js'

const CAPABILITY_PRE_AUTH = 'IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+'
const CAPABILITY_POST_AUTH =
  'IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CLIENTACCESSRULES CLIENTNETWORKPRESENCELOCATION BACKENDAUTHENTICATE CHILDREN IDLE NAMESPACE LITERAL+'

/** Replies quoted from Exchange ([C]); the "Command Error" family and the mailbox data are [U]. */
const IMAP = {
  greeting: (token: string) => `* OK The Microsoft Exchange IMAP4 service is ready. [${token}]`,
  bye: '* BYE Microsoft Exchange Server IMAP4 server signing off.',
  authFailed: 'NO AUTHENTICATE failed.',
  loginFailed: 'NO LOGIN failed.',
  notConnected: 'BAD User is authenticated but not connected.',
  /** [C] §8.8.2: the first command after the session's token expired; the connection then closes. */
  tokenExpired: '* BYE Session invalidated - AccessTokenExpired',
  closedAfterBad: '* BYE Connection closed. 14',
  invalidState: 'BAD Command received in Invalid state.',
  unknownCommand: 'BAD Command Error. 10',
  badArguments: 'BAD Command Argument Error. 11',
  continueLiteral: '+ Ready for additional command text.',
  continueSasl: '+ ',
  idle: '+ IDLE accepted, awaiting DONE command.',
}

/** After this many "not connected" BADs Exchange gives up on the connection. */
const NOT_CONNECTED_LIMIT = 3
const MAX_LITERAL = 16 << 20

const FOLDERS = ['INBOX', 'Archive', 'Deleted Items', 'Drafts', 'Junk Email', 'Outbox', 'Sent Items']
const UIDVALIDITY = 14
const FLAGS = '(\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent)'

/** Commands that need a mailbox connection (the ones IMAP-disabled mailboxes refuse). */
const MAILBOX_COMMANDS = new Set([
  'SELECT', 'EXAMINE', 'LIST', 'LSUB', 'XLIST', 'NAMESPACE', 'STATUS', 'CREATE', 'DELETE', 'RENAME', 'SUBSCRIBE',
  'UNSUBSCRIBE', 'APPEND', 'IDLE', 'CHECK', 'CLOSE', 'UNSELECT', 'EXPUNGE', 'SEARCH', 'FETCH', 'STORE', 'COPY',
  'MOVE', 'UID', 'GETQUOTAROOT', 'GETQUOTA',
])
/** Of those, the ones that need a selected mailbox. */
const SELECTED_COMMANDS = new Set(['CHECK', 'CLOSE', 'UNSELECT', 'EXPUNGE', 'SEARCH', 'FETCH', 'STORE', 'COPY', 'MOVE', 'UID'])

type Token = {kind: 'atom'; value: string} | {kind: 'string'; value: string} | {kind: 'list'; items: Token[]}

interface Command {
  tag: string
  name: string
  args: Token[]
}

type ImapServerContext = MailServerContext

export function startImapServer(ctx: ImapServerContext): Promise<ListeningServer> {
  const {scenario, pki} = ctx.deps
  return startTlsListener({
    label: 'imap:993',
    service: 'imap993',
    ...(ctx.deps.bind?.imap993 ? {bind: ctx.deps.bind.imap993} : {}),
    identity: pki.identityFor(CLOUD_ENDPOINTS[scenario.tenant.cloud].imapHost),
    latencyMs: scenario.lab.latencyMs,
    signal: ctx.signal,
    log: ctx.log,
    onSecure: (socket) => {
      void new ImapSession(ctx, socket).run().catch((err: Error) => {
        ctx.log(`imap:993 session error: ${err.message}`)
        socket.destroy()
      })
    },
  })
}

class ImapSession {
  private readonly ids
  private readonly reader: LineReader
  private identity: MailIdentity | undefined
  /** When the token the session logged in with expires (ms since the epoch). */
  private expiresAt: number | undefined
  private selected: {name: string; readOnly: boolean} | undefined
  private notConnected = 0
  private open = true

  constructor(
    private readonly ctx: ImapServerContext,
    private readonly socket: TLSSocket,
  ) {
    this.ids = newExchangeIds(ctx.deps.scenario.tenant.cloud)
    this.reader = new LineReader(socket)
  }

  async run(): Promise<void> {
    await this.send(IMAP.greeting(bannerToken(this.ids)))
    while (this.open) {
      const command = await this.readCommand()
      if (!command) break
      await this.handle(command)
    }
    this.socket.end()
  }

  /** One reply: the modelled latency, then all its lines in one write. */
  private async send(...lines: string[]): Promise<void> {
    await pause(this.ctx.deps.scenario.lab.latencyMs, this.ctx.signal)
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(lines.map((l) => `${l}\r\n`).join(''))
    for (const l of lines) this.ctx.deps.wire?.('imap:993', this.ids.session, 'S', l)
  }

  /** The next client line, logged redacted; `saslResponse` when it answers a "+ " continuation. */
  private async readLine(saslResponse = false): Promise<string | undefined> {
    const line = await this.reader.line()
    if (line !== undefined) this.ctx.deps.wire?.('imap:993', this.ids.session, 'C', redactClientLine(line, saslResponse))
    return line
  }

  private log(line: string): void {
    this.ctx.log(`imap:993 ${this.ids.session} ${line}`)
  }

  private async handle(command: Command): Promise<void> {
    const {tag, name} = command
    if (this.identity && this.expiresAt !== undefined && Date.now() >= this.expiresAt && name !== 'LOGOUT') {
      this.log(`${name || 'command'} after the token expired → BYE AccessTokenExpired`)
      this.open = false
      await this.send(IMAP.tokenExpired)
      this.socket.end()
      return
    }
    if (!name) return this.send(`${tag || '*'} ${IMAP.unknownCommand}`)
    switch (name) {
      case 'CAPABILITY':
        return this.send(`* CAPABILITY ${this.identity ? CAPABILITY_POST_AUTH : CAPABILITY_PRE_AUTH}`, `${tag} OK CAPABILITY completed.`)
      case 'NOOP':
        return this.send(`${tag} OK NOOP completed.`)
      case 'LOGOUT':
        this.open = false
        return this.send(IMAP.bye, `${tag} OK LOGOUT completed.`)
      case 'ID':
        return this.send('* ID NIL', `${tag} OK ID completed.`)
      case 'STARTTLS':
        return this.send(`${tag} ${IMAP.invalidState}`)
      case 'AUTHENTICATE':
        return this.authenticate(command)
      case 'LOGIN':
        if (this.identity) return this.send(`${tag} ${IMAP.invalidState}`)
        // Basic authentication is off: Exchange refuses every password, after its tarpit.
        this.log(`LOGIN → refused: basic authentication`)
        await pause(this.ctx.deps.scenario.lab.failureDelayMs, this.ctx.signal)
        return this.send(`${tag} ${IMAP.loginFailed}`)
    }
    if (!MAILBOX_COMMANDS.has(name)) return this.send(`${tag} ${IMAP.unknownCommand}`)
    if (!this.identity) return this.send(`${tag} ${IMAP.invalidState}`)
    if (!this.identity.mailbox.imapEnabled) return this.refuseNotConnected(tag, name)
    if (SELECTED_COMMANDS.has(name) && !this.selected) return this.send(`${tag} ${IMAP.invalidState}`)
    return this.mailboxCommand(command)
  }

  private async authenticate({tag, args}: Command): Promise<void> {
    if (this.identity) return this.send(`${tag} ${IMAP.invalidState}`)
    const mechanism = textOf(args[0])?.toUpperCase()
    if (mechanism !== 'XOAUTH2' && mechanism !== 'PLAIN') return this.send(`${tag} ${IMAP.badArguments}`)
    let response = textOf(args[1])
    if (response === undefined) {
      // No SASL-IR: an empty continuation ("+ ", with the space), then the client's line.
      await this.send(IMAP.continueSasl)
      response = await this.readLine(true)
      if (response === undefined) return
      if (response === '*') return this.send(`${tag} BAD AUTHENTICATE aborted.`)
    }
    const {lab} = this.ctx.deps.scenario
    if (mechanism === 'PLAIN') {
      this.log('AUTHENTICATE PLAIN → refused: basic authentication')
      await pause(lab.failureDelayMs, this.ctx.signal)
      return this.send(`${tag} ${IMAP.authFailed}`)
    }
    const {user, decision, expiresAt} = await xoauth2Login(this.ctx.deps, 'imap', response === '=' ? '' : response, sniOf(this.socket))
    if (!decision.allowed) {
      this.log(`AUTHENTICATE XOAUTH2 user=${user} → refused: ${decision.reason}`)
      await pause(lab.failureDelayMs, this.ctx.signal)
      return this.send(`${tag} ${IMAP.authFailed}`)
    }
    this.identity = decision.identity
    this.expiresAt = expiresAt
    this.log(
      `AUTHENTICATE XOAUTH2 user=${user} → accepted` +
        (decision.identity.mailbox.imapEnabled ? '' : ' (IMAP disabled on the mailbox: mailbox commands will fail)'),
    )
    return this.send(`${tag} OK AUTHENTICATE completed.`)
  }

  /** ImapEnabled $false: the login worked, but no mailbox command does; after a few, Exchange hangs up. */
  private async refuseNotConnected(tag: string, name: string): Promise<void> {
    this.notConnected++
    this.log(`${name} → BAD not connected (IMAP disabled on ${this.identity?.mailbox.address})`)
    if (this.notConnected < NOT_CONNECTED_LIMIT) return this.send(`${tag} ${IMAP.notConnected}`)
    this.open = false
    await this.send(`${tag} ${IMAP.notConnected}`, IMAP.closedAfterBad)
    this.socket.end()
  }

  private async mailboxCommand({tag, name, args}: Command): Promise<void> {
    switch (name) {
      case 'NAMESPACE':
        return this.send('* NAMESPACE (("" "/")) NIL NIL', `${tag} OK NAMESPACE completed.`)
      case 'LIST':
      case 'LSUB':
      case 'XLIST': {
        // LIST [(selection options)] reference pattern [RETURN (...)]
        const plain = args.filter((a) => a.kind !== 'list')
        const reference = textOf(plain[0])
        const pattern = textOf(plain[1])
        if (reference === undefined || pattern === undefined) return this.send(`${tag} ${IMAP.badArguments}`)
        if (pattern === '') return this.send(`* ${name} (\\Noselect \\HasChildren) "/" ""`, `${tag} OK ${name} completed.`)
        const matcher = listMatcher(reference + pattern)
        const lines = FOLDERS.filter((f) => matcher.test(f)).map((f) => `* ${name} (\\HasNoChildren) "/" ${quote(f)}`)
        return this.send(...lines, `${tag} OK ${name} completed.`)
      }
      case 'SELECT':
      case 'EXAMINE': {
        const folder = findFolder(textOf(args[0]))
        if (!folder) return this.send(`${tag} NO Mailbox doesn't exist: ${textOf(args[0]) ?? ''}`)
        const readOnly = name === 'EXAMINE'
        this.selected = {name: folder, readOnly}
        return this.send(
          '* 0 EXISTS',
          '* 0 RECENT',
          `* FLAGS ${FLAGS}`,
          `* OK [PERMANENTFLAGS ${FLAGS}] Permanent flags`,
          `* OK [UIDVALIDITY ${UIDVALIDITY}] UIDVALIDITY value`,
          '* OK [UIDNEXT 1] The next unique identifier value',
          `${tag} OK [${readOnly ? 'READ-ONLY' : 'READ-WRITE'}] ${name} completed.`,
        )
      }
      case 'STATUS': {
        const folder = findFolder(textOf(args[0]))
        const items = args[1]?.kind === 'list' ? args[1].items.map((i) => textOf(i)?.toUpperCase() ?? '') : []
        if (!folder || !items.length) return this.send(`${tag} ${IMAP.badArguments}`)
        const values: Record<string, number> = {MESSAGES: 0, RECENT: 0, UIDNEXT: 1, UIDVALIDITY, UNSEEN: 0}
        const pairs = items.filter((i) => i in values).map((i) => `${i} ${values[i]}`)
        return this.send(`* STATUS ${quote(folder)} (${pairs.join(' ')})`, `${tag} OK STATUS completed.`)
      }
      case 'IDLE': {
        await this.send(IMAP.idle)
        const done = await this.readLine()
        if (done === undefined) return
        return this.send(done.toUpperCase() === 'DONE' ? `${tag} OK IDLE completed.` : `${tag} ${IMAP.badArguments}`)
      }
      case 'CLOSE':
      case 'UNSELECT':
        this.selected = undefined
        return this.send(`${tag} OK ${name} completed.`)
      case 'SEARCH':
        return this.send('* SEARCH', `${tag} OK SEARCH completed.`)
      case 'UID': {
        const sub = textOf(args[0])?.toUpperCase() ?? ''
        if (sub === 'SEARCH') return this.send('* SEARCH', `${tag} OK SEARCH completed.`)
        if (['FETCH', 'STORE', 'COPY', 'MOVE', 'EXPUNGE'].includes(sub)) return this.send(`${tag} OK ${sub} completed.`)
        return this.send(`${tag} ${IMAP.badArguments}`)
      }
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE':
      case 'CHECK':
      case 'EXPUNGE':
      case 'FETCH':
      case 'STORE':
      case 'COPY':
      case 'MOVE':
        return this.send(`${tag} OK ${name} completed.`)
      default:
        // CREATE, DELETE, RENAME, APPEND, quotas: the lab's mailbox is read-only and has no quota data.
        return this.send(`${tag} NO ${name} failed.`)
    }
  }

  /** A command line, with its literals ({n} or {n+}) read in; undefined when the client has gone. */
  private async readCommand(): Promise<Command | undefined> {
    let line = await this.readLine()
    let text = ''
    const literals: string[] = []
    while (line !== undefined) {
      const literal = /\{(\d+)(\+?)\}$/.exec(line)
      if (!literal) {
        text += line
        const tokens = tokenize(text, literals)
        const tag = tokens[0]?.kind === 'atom' ? tokens[0].value : ''
        const name = tokens[1]?.kind === 'atom' ? tokens[1].value.toUpperCase() : ''
        return {tag, name, args: tokens.slice(2)}
      }
      const size = Number(literal[1])
      if (size > MAX_LITERAL) return undefined
      text += line.slice(0, literal.index)
      if (!literal[2]) await this.send(IMAP.continueLiteral)
      const bytes = await this.reader.bytes(size)
      if (!bytes) return undefined
      this.ctx.deps.wire?.('imap:993', this.ids.session, 'C', `<literal, ${size} bytes>`)
      text += `\u0000${literals.length}\u0000`
      literals.push(bytes.toString('utf8'))
      line = await this.readLine()
    }
    return undefined
  }
}

function textOf(token: Token | undefined): string | undefined {
  return token && token.kind !== 'list' ? token.value : undefined
}

function findFolder(name: string | undefined): string | undefined {
  if (name === undefined) return undefined
  return name.toUpperCase() === 'INBOX' ? 'INBOX' : FOLDERS.find((f) => f === name)
}

/** LIST wildcards: `*` matches anything, `%` anything but the hierarchy delimiter; INBOX is case-insensitive. */
function listMatcher(pattern: string): RegExp {
  const body = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/%/g, '[^/]*')
  return new RegExp(`^${body}$`, /^inbox$/i.test(pattern) ? 'i' : '')
}

function quote(name: string): string {
  return /^[A-Za-z0-9._-]+$/.test(name) ? name : `"${name.replace(/(["\\])/g, '\\$1')}"`
}

/** IMAP arguments: atoms, quoted strings, literals (already read, as \0index\0), parenthesised lists. */
function tokenize(text: string, literals: string[]): Token[] {
  let i = 0
  const parse = (closing: string | undefined): Token[] => {
    const out: Token[] = []
    while (i < text.length) {
      const c = text[i]!
      if (c === ' ') {
        i++
      } else if (c === closing) {
        i++
        return out
      } else if (c === '(') {
        i++
        out.push({kind: 'list', items: parse(')')})
      } else if (c === '"') {
        let value = ''
        i++
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < text.length) i++
          value += text[i++]
        }
        i++
        out.push({kind: 'string', value})
      } else if (c === '\u0000') {
        const end = text.indexOf('\u0000', i + 1)
        out.push({kind: 'string', value: literals[Number(text.slice(i + 1, end))] ?? ''})
        i = end + 1
      } else {
        const start = i
        // Atoms may contain [ ] (BODY[...]) but end at space, parentheses or the list's end.
        while (i < text.length && !' ()"\u0000'.includes(text[i]!)) i++
        if (i === start) {
          i++ // a stray ")" outside any list
          continue
        }
        out.push({kind: 'atom', value: text.slice(start, i)})
      }
    }
    return out
  }
  return parse(undefined)
}
