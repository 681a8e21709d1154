// Exchange Online's POP3 endpoint (outlook.office365.com:995, implicit TLS), microsoft-behaviour.md §4.5.
// The mailbox is empty: enough POP for a client to authenticate with XOAUTH2, STAT, LIST, UIDL and QUIT.

import type {TLSSocket} from 'node:tls'
import {CLOUD_ENDPOINTS} from '../../core/cloud.js'
import type {MailIdentity} from './authorize.js'
import {bannerToken, newExchangeIds} from './exchange-ids.js'
import {LineReader} from './line-reader.js'
import {pause} from './timing.js'
import {startTlsListener} from './tls-listener.js'
import type {ListeningServer, MailServerContext as MailContext} from './types.js'
import {redactClientLine} from './wire-log.js'
import {sniOf, xoauth2Login} from './xoauth2-login.js'

/** [C] strings from Exchange; "Protocol error. 14" and "not valid in this state" are [U]. */
const POP = {
  greeting: (token: string) => `+OK The Microsoft Exchange POP3 service is ready. [${token}]`,
  capa: ['+OK', 'TOP', 'UIDL', 'SASL PLAIN XOAUTH2', 'USER', '.'],
  continueSasl: '+ ',
  authenticated: '+OK User successfully authenticated.',
  authFailed: '-ERR Authentication failure: unknown user name or bad password.',
  logonFailed: '-ERR Logon failure: unknown user name or bad password.',
  bye: '+OK Microsoft Exchange Server POP3 server signing off.',
  invalidState: '-ERR Command is not valid in this state.',
  protocolError: '-ERR Protocol error. 14',
  /** [C] §8.7: the answer to AUTH with an initial response on the same line; Exchange then hangs up. */
  initialResponseRefused: '-ERR Protocol error. Connection is closed. 10',
}

export function startPopServer(ctx: MailContext): Promise<ListeningServer> {
  const {scenario, pki} = ctx.deps
  return startTlsListener({
    label: 'pop:995',
    service: 'pop995',
    ...(ctx.deps.bind?.pop995 ? {bind: ctx.deps.bind.pop995} : {}),
    identity: pki.identityFor(CLOUD_ENDPOINTS[scenario.tenant.cloud].popHost),
    latencyMs: scenario.lab.latencyMs,
    signal: ctx.signal,
    log: ctx.log,
    onSecure: (socket) => {
      void runPopSession(ctx, socket).catch((err: Error) => {
        ctx.log(`pop:995 session error: ${err.message}`)
        socket.destroy()
      })
    },
  })
}

async function runPopSession(ctx: MailContext, socket: TLSSocket): Promise<void> {
  const {lab, tenant} = ctx.deps.scenario
  const ids = newExchangeIds(tenant.cloud)
  const reader = new LineReader(socket)
  const log = (line: string): void => ctx.log(`pop:995 ${ids.session} ${line}`)
  const wire = ctx.deps.wire
  const send = async (...lines: string[]): Promise<void> => {
    await pause(lab.latencyMs, ctx.signal)
    if (!socket.destroyed && socket.writable) socket.write(lines.map((l) => `${l}\r\n`).join(''))
    for (const l of lines) wire?.('pop:995', ids.session, 'S', l)
  }
  /** The next client line; `saslResponse` when it answers a "+ " continuation. */
  const readLine = async (saslResponse = false): Promise<string | undefined> => {
    const line = await reader.line()
    if (line !== undefined) wire?.('pop:995', ids.session, 'C', redactClientLine(line, saslResponse))
    return line
  }
  const fail = async (reply: string): Promise<void> => {
    await pause(lab.failureDelayMs, ctx.signal)
    await send(reply)
  }

  let identity: MailIdentity | undefined
  let userGiven = false
  await send(POP.greeting(bannerToken(ids)))
  for (;;) {
    const line = await readLine()
    if (line === undefined) break
    const [verb = '', ...args] = line.trim().split(/\s+/)
    const command = verb.toUpperCase()
    if (command === 'QUIT') {
      await send(POP.bye)
      break
    }
    if (command === 'CAPA') {
      await send(...POP.capa)
    } else if (command === 'NOOP') {
      await send('+OK')
    } else if (command === 'AUTH' && !identity) {
      const mechanism = (args[0] ?? '').toUpperCase()
      if (mechanism !== 'XOAUTH2' && mechanism !== 'PLAIN') {
        await send(POP.protocolError)
        continue
      }
      if (mechanism === 'XOAUTH2' && args.length > 1) {
        // RFC 5034 allows the initial response on the AUTH line; Exchange does not (microsoft-behaviour.md §8.7 [C],
        // a decompiled handler calls it CommandTooLong). Known for XOAUTH2 only: PLAIN keeps its basic-auth refusal.
        log('AUTH XOAUTH2 <initial response on the AUTH line> → refused: Exchange takes only the two-step form; connection closed')
        await send(POP.initialResponseRefused)
        break
      }
      let response: string | undefined = args.slice(1).join(' ') || undefined
      if (response === undefined) {
        await send(POP.continueSasl) // "+ " with the trailing space
        response = await readLine(true)
        if (response === undefined) break
        if (response.trim() === '*') {
          await send('-ERR Authentication aborted.')
          continue
        }
      }
      if (mechanism === 'PLAIN') {
        log('AUTH PLAIN → refused: basic authentication')
        await fail(POP.authFailed)
        continue
      }
      const {user, decision} = await xoauth2Login(ctx.deps, 'pop', response, sniOf(socket))
      if (!decision.allowed) {
        log(`AUTH XOAUTH2 user=${user} → refused: ${decision.reason}`)
        await fail(POP.authFailed)
        continue
      }
      identity = decision.identity
      log(`AUTH XOAUTH2 user=${user} → accepted`)
      await send(POP.authenticated)
    } else if (command === 'USER' && !identity) {
      userGiven = args.length > 0
      await send(userGiven ? '+OK' : POP.protocolError)
    } else if (command === 'PASS' && !identity) {
      if (!userGiven) {
        await send(POP.invalidState)
        continue
      }
      userGiven = false
      log('USER/PASS → refused: basic authentication')
      await fail(POP.logonFailed)
    } else if (!identity) {
      await send(['STAT', 'LIST', 'UIDL', 'RETR', 'TOP', 'DELE', 'RSET', 'AUTH', 'USER', 'PASS'].includes(command) ? POP.invalidState : POP.protocolError)
    } else if (command === 'STAT') {
      await send('+OK 0 0')
    } else if (command === 'LIST' || command === 'UIDL') {
      await send(...(args[0] ? ['-ERR The specified message is out of range.'] : ['+OK', '.']))
    } else if (command === 'RSET') {
      await send('+OK')
    } else if (['RETR', 'TOP', 'DELE'].includes(command)) {
      await send('-ERR The specified message is out of range.')
    } else {
      await send(['AUTH', 'USER', 'PASS'].includes(command) ? POP.invalidState : POP.protocolError)
    }
  }
  socket.end()
}
