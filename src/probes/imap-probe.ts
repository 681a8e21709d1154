// IMAP login on our own session: `AUTHENTICATE XOAUTH2 <initial response>` (SASL-IR; without it, the command
// alone, then the string after the `+` continuation), then `EXAMINE INBOX`, the first command after the login, which
// is where Exchange says `BAD User is authenticated but not connected.` (IMAP disabled on the mailbox: stage
// 'mailbox'). A `+ <base64 json>` error challenge (Dovecot; Exchange sends none) is answered with an empty line and
// the final reply read, the JSON decoded into the error. LOGOUT is sent, never waited for.
// Why not imapflow: a probe needs exact control of each command and an honest transcript, and imapflow's fixed
// sequence (CAPABILITY, ID, AUTHENTICATE, CAPABILITY, ID, NAMESPACE, …) costs 5+ round trips after the token.
import {fail, ProbeFailure} from './failure.js'
import {runLogin, type LoginOptions} from './session-login.js'
import type {ClaimedSession} from './session-slots.js'
import {decodeChallenge} from './smtp-probe.js'
import {replyBudget, type Session} from './tcp-tls.js'
import type {ProbeResult} from './types.js'
import {buildXoauth2} from './xoauth2.js'

export interface ImapProbeOptions extends LoginOptions {
  /** Mailbox to open read-only after login (default INBOX). */
  mailbox?: string
}

const EMPTY_SASL = '(empty line: ends the SASL exchange)'

/** The bracketed response code of a status reply: `NO [AUTHENTICATIONFAILED] …` → AUTHENTICATIONFAILED. */
export function imapResponseCode(status: string): string | undefined {
  return /^[A-Z]{1,8} \[([A-Za-z0-9.-]{1,64})[\] ]/i.exec(status)?.[1]
}

/** A mailbox name as an IMAP quoted string (INBOX and other plain atoms as they are). */
function mailboxArg(name: string): string {
  return /^[A-Za-z0-9._/-]{1,200}$/.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`
}

async function authenticate(s: Session, o: LoginOptions): Promise<void> {
  const caps = (s.facts.capabilities ?? []).map((c) => c.toUpperCase())
  if (!caps.includes('AUTH=XOAUTH2')) fail('capability', 'the server does not offer AUTH=XOAUTH2', {code: 'EAUTHMETHOD'})
  const xoauth2 = buildXoauth2(o.user, o.token)
  const tag = s.nextTag()
  let responded = caps.includes('SASL-IR')
  if (responded) s.send(`${tag} AUTHENTICATE XOAUTH2 ${xoauth2}`, `${tag} AUTHENTICATE XOAUTH2 <XOAUTH2 redacted>`)
  else s.send(`${tag} AUTHENTICATE XOAUTH2`)
  let challenge: ReturnType<typeof decodeChallenge>
  let answered = false
  const count = replyBudget('auth', 'reply to AUTHENTICATE')
  for (;;) {
    const line = await s.read('auth', 'reply to AUTHENTICATE')
    count(line)
    if (line.startsWith(`${tag} `)) {
      const status = line.slice(tag.length + 1)
      if (/^OK\b/i.test(status)) return
      fail('auth', `the server refused the XOAUTH2 login: ${status}`, {
        code: imapResponseCode(status) ?? 'AUTHENTICATIONFAILED', serverText: status, command: 'AUTHENTICATE XOAUTH2',
        ...(challenge !== undefined ? {challenge} : {}),
      })
    }
    if (line !== '+' && !line.startsWith('+ ')) continue // untagged data carries nothing the diagnosis needs
    if (!responded) {
      s.send(xoauth2, '<XOAUTH2 redacted>')
      responded = true
    } else if (!answered) {
      // An error challenge: an empty line ends the exchange, the final reply follows.
      challenge = decodeChallenge(line.slice(1))
      s.send('', EMPTY_SASL)
      answered = true
    } else {
      fail('auth', `the server asked for more after the SASL exchange ended: ${line.slice(0, 80)}`, {code: 'EPROTOCOL', serverText: line, command: 'AUTHENTICATE XOAUTH2'})
    }
  }
}

/** The first command after the login; Exchange's verdict on the mailbox (or the session's token) comes here. */
async function examine(s: Session, box: string): Promise<void> {
  const tag = s.nextTag()
  s.send(`${tag} EXAMINE ${mailboxArg(box)}`)
  const count = replyBudget('mailbox', 'reply to EXAMINE')
  let bye: string | undefined
  for (;;) {
    let line: string
    try {
      line = await s.read('mailbox', 'reply to EXAMINE')
    } catch (err) {
      // A `* BYE <reason>` then a close (Exchange's "Session invalidated - AccessTokenExpired"): the reason is the verdict.
      if (bye && err instanceof ProbeFailure) fail('mailbox', `logged in, but EXAMINE failed: ${bye}`, {code: 'BYE', serverText: bye, command: 'EXAMINE'})
      throw err
    }
    count(line)
    if (/^\* BYE\b/i.test(line)) bye ??= line.slice(2)
    if (!line.startsWith(`${tag} `)) continue
    const status = line.slice(tag.length + 1)
    if (/^OK\b/i.test(status)) return
    fail('mailbox', `logged in, but EXAMINE failed: ${status}`, {
      code: imapResponseCode(status) ?? status.split(' ')[0]?.toUpperCase(), serverText: status, command: 'EXAMINE',
    })
  }
}

export async function imapLogin(s: Session, o: ImapProbeOptions): Promise<undefined> {
  await authenticate(s, o)
  s.transcript.note(`logged in as ${o.user}`)
  const box = o.mailbox ?? 'INBOX'
  await examine(s, box)
  s.transcript.note(`opened ${box} read-only`)
  return undefined
}

/** A login on a fresh session (or the parked one): greeting, CAPABILITY, AUTHENTICATE, EXAMINE. */
export function imapProbe(o: ImapProbeOptions, parked?: ClaimedSession): Promise<ProbeResult> {
  return runLogin('imap', o, imapLogin, parked)
}
