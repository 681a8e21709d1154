// An IMAP or POP XOAUTH2 login: decode the SASL string, verify the token, ask authorize.ts.

import type {MailServerDeps} from '../lab-types.js'
import {authorizeLogin, type LoginDecision, type MailProtocol} from './authorize.js'
import {decodeXoauth2} from './xoauth2.js'

export async function xoauth2Login(
  deps: MailServerDeps,
  protocol: MailProtocol,
  b64: string,
  /** The host name the client asked for (TLS SNI). */
  host?: string,
): Promise<{user: string; decision: LoginDecision; expiresAt?: number}> {
  const decoded = decodeXoauth2(b64)
  if (!decoded.ok) {
    return {user: '', decision: {allowed: false, reply: 'generic', reason: `malformed XOAUTH2 string (${decoded.reason})`}}
  }
  const claims = await deps.verifyToken(decoded.token).catch(() => undefined)
  const decision = authorizeLogin(deps.scenario, protocol, decoded.user, claims, host)
  // When the token runs out, so does the session (IMAP: microsoft-behaviour.md §8.8.2).
  return {user: decoded.user, decision, ...(claims ? {expiresAt: claims.exp * 1000} : {})}
}

/** The host name a TLS client asked for (SNI), or undefined when it sent none. */
export function sniOf(socket: {servername?: string | false | null}): string | undefined {
  return typeof socket.servername === 'string' && socket.servername !== '' ? socket.servername : undefined
}
