// SMTP login on our own session: `AUTH XOAUTH2 <initial response>`, one reply (after the token, that is the whole
// critical path). A `334 <challenge>` (Postfix/Dovecot; Exchange sends none) is answered with an empty line and the
// final reply read, the challenge decoded into the error: one login is one AUTH command, never a silent retry.
// With --send-test one message goes out on the same session (MAIL FROM, RCPT TO, DATA, dot-stuffed); nodemailer's
// MailComposer builds it (headers, encoding: what a library does well), loaded only then.
import {randomUUID} from 'node:crypto'
import {fail} from './failure.js'
import {runLogin, type LoginOptions} from './session-login.js'
import type {ClaimedSession} from './session-slots.js'
import {smtpReply, type Session} from './tcp-tls.js'
import type {ProbeResult, ProbeStage} from './types.js'
import {buildXoauth2} from './xoauth2.js'

export type {LoginOptions} from './session-login.js'

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

const EMPTY_SASL = '(empty line: ends the SASL exchange)'

/** The AUTH mechanisms an EHLO reply offers (`AUTH LOGIN XOAUTH2`, or the old `AUTH=LOGIN` form). */
function authMechanisms(capabilities: string[]): string[] {
  return capabilities.filter((c) => /^AUTH[ =]/i.test(c)).flatMap((c) => c.slice(5).trim().split(/\s+/)).filter(Boolean)
}

export async function smtpLogin(s: Session, o: SmtpProbeOptions): Promise<Pick<ProbeResult, 'sent'>> {
  const offered = authMechanisms(s.facts.capabilities ?? [])
  if (!offered.some((m) => m.toUpperCase() === 'XOAUTH2')) {
    fail('capability', `the server does not offer AUTH XOAUTH2 (offers: ${offered.join(' ') || 'no AUTH at all'})`, {code: 'EAUTHMETHOD'})
  }
  s.send(`AUTH XOAUTH2 ${buildXoauth2(o.user, o.token)}`, 'AUTH XOAUTH2 <XOAUTH2 redacted>')
  let r = await smtpReply(s, 'auth', 'AUTH reply')
  let challenge: Record<string, unknown> | string | undefined
  if (r.code === 334) {
    challenge = decodeChallenge(r.lines.at(-1)?.slice(4) ?? '')
    s.send('', EMPTY_SASL)
    r = await smtpReply(s, 'auth', 'final AUTH reply')
  }
  if (r.code !== 235) {
    fail('auth', `the server refused the XOAUTH2 login: ${r.text}`, {
      code: 'EAUTH', responseCode: r.code || undefined, serverText: r.text, command: 'AUTH XOAUTH2', ...(challenge !== undefined ? {challenge} : {}),
    })
  }
  s.transcript.note(`logged in as ${o.user}`)
  if (!o.sendTest) return {}
  await sendTestMessage(s, o.sendTest.from, o.sendTest.to)
  return {sent: true}
}

/** One command, one reply; a reply not in `expect`'s class (2xx / 3xx) fails at stage send with the server's words. */
async function command(s: Session, line: string, expect: 2 | 3, name: string, stage: ProbeStage = 'send'): Promise<void> {
  s.send(line)
  const r = await smtpReply(s, stage, `reply to ${name}`)
  if (Math.floor(r.code / 100) !== expect) fail(stage, `${name} refused: ${r.text}`, {code: 'EENVELOPE', responseCode: r.code || undefined, serverText: r.text, command: name})
}

async function sendTestMessage(s: Session, from: string, to: string): Promise<void> {
  await command(s, `MAIL FROM:<${from}>`, 2, 'MAIL FROM')
  await command(s, `RCPT TO:<${to}>`, 2, 'RCPT TO')
  await command(s, 'DATA', 3, 'DATA')
  const message = await composeTestMessage(from, to)
  // The body is not logged line by line: one transcript line says what went.
  s.send(dataBlock(message), `(the test message, ${message.length} bytes, then ".")`)
  const r = await smtpReply(s, 'send', 'reply to the message')
  if (Math.floor(r.code / 100) !== 2) fail('send', `the message was refused: ${r.text}`, {code: 'EMESSAGE', responseCode: r.code || undefined, serverText: r.text, command: 'DATA'})
}

/**
 * A message as DATA content (RFC 5321 §4.5.2): CRLF line ends, a line starting with "." gets one more (dot-stuffing),
 * then the lone "." that ends it (the final CRLF is the session's).
 */
export function dataBlock(message: string): string {
  const body = message.replace(/\r?\n/g, '\r\n').replace(/(^|\r\n)\./g, '$1..').replace(/\r\n$/, '')
  return `${body}\r\n.`
}

async function composeTestMessage(from: string, to: string): Promise<string> {
  const {default: MailComposer} = await import('nodemailer/lib/mail-composer/index.js')
  const mail = new MailComposer({
    from, to, subject: 'o365doctor send test',
    // Ours, not the sender's domain: an admin finds the test message in a message trace by "@o365doctor".
    messageId: `<${randomUUID()}@o365doctor>`,
    text: 'This message was sent by `o365doctor check --send-test` to prove that this app may send as the sender above.\r\n',
  })
  const built: Buffer = await mail.compile().build()
  return built.toString('utf8')
}

/** A login on a fresh session (or the parked one): greeting, EHLO, STARTTLS, AUTH; --send-test sends. */
export function smtpProbe(o: SmtpProbeOptions, parked?: ClaimedSession): Promise<ProbeResult> {
  return runLogin('smtp', o, smtpLogin, parked)
}
