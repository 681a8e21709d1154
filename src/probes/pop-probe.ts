// POP3 login with our own client (node-pop3 takes a `+ <challenge>` for `+OK`), in one of two forms:
// - two-step (the default, the form Exchange requires): `AUTH XOAUTH2`, the `+ ` continuation, the XOAUTH2 string;
// - one-line (`check --pop-auth one-line`, a product's form replayed): `AUTH XOAUTH2 <b64>`, which Exchange refuses
//   with "-ERR Protocol error. Connection is closed. 10" (microsoft-behaviour.md §8.7).
// A `+ <b64 json>` error challenge is answered with an empty line and the final reply read, the JSON decoded into
// the error. Error vocabulary follows imapflow's (the bracketed RFC 2449/3206 code, else AUTHENTICATIONFAILED).
import {fail} from './failure.js'
import {runLogin, type LoginOptions} from './session-login.js'
import type {ClaimedSession} from './session-slots.js'
import {decodeChallenge} from './smtp-probe.js'
import type {Session} from './tcp-tls.js'
import type {ProbeError, ProbeResult} from './types.js'
import {buildXoauth2} from './xoauth2.js'

export type PopAuthForm = 'one-line' | 'two-step'
export const POP_AUTH_FORMS: readonly PopAuthForm[] = ['two-step', 'one-line']

const isContinuation = (reply: string): boolean => reply === '+' || reply.startsWith('+ ')

export async function popLogin(s: Session, o: LoginOptions, form: PopAuthForm = 'two-step'): Promise<undefined> {
  const sasl = (s.facts.capabilities ?? []).find((c) => /^SASL\b/i.test(c))
  // No CAPA, or CAPA without a SASL line, says nothing for sure: try anyway. A SASL line without XOAUTH2 is a no.
  if (sasl && !/\bXOAUTH2\b/i.test(sasl)) fail('capability', `the server does not offer XOAUTH2 (CAPA: ${sasl})`, {code: 'EAUTHMETHOD', serverText: sasl})
  const xoauth2 = buildXoauth2(o.user, o.token)
  let reply: string
  if (form === 'one-line') {
    s.send(`AUTH XOAUTH2 ${xoauth2}`, 'AUTH XOAUTH2 <XOAUTH2 redacted> (one line, as the product sends it)')
    reply = await s.read('auth', 'AUTH reply')
  } else {
    s.send('AUTH XOAUTH2')
    reply = await s.read('auth', 'AUTH reply')
    if (isContinuation(reply)) {
      s.send(xoauth2, '<XOAUTH2 redacted>')
      reply = await s.read('auth', 'reply to the XOAUTH2 string')
    }
  }
  let challenge: ProbeError['challenge']
  if (isContinuation(reply)) {
    // A server-side error challenge (Dovecot's base64 JSON): an empty line ends the exchange.
    challenge = decodeChallenge(reply.slice(1))
    s.send('', '(empty line: ends the SASL exchange)')
    reply = await s.read('auth', 'final AUTH reply')
  }
  if (!reply.startsWith('+OK')) {
    fail('auth', `the server refused the ${form === 'one-line' ? 'one-line ' : ''}XOAUTH2 login: ${reply}`, {
      code: /^-ERR \[([^\]]{1,64})\]/.exec(reply)?.[1] ?? 'AUTHENTICATIONFAILED',
      serverText: reply,
      command: 'AUTH XOAUTH2',
      ...(challenge !== undefined ? {challenge} : {}),
    })
  }
  s.transcript.note(`logged in as ${o.user}${form === 'one-line' ? ' (one-line AUTH form)' : ''}`)
  return undefined
}

/** A POP login on a fresh session (or the parked one) in `form`. */
export function popProbe(o: LoginOptions, parked?: ClaimedSession, form: PopAuthForm = 'two-step'): Promise<ProbeResult> {
  return runLogin('pop', o, (s, x) => popLogin(s, x, form), parked)
}

/** `--pop-auth one-line` and its two-step proof: a login in `form` on its own session. */
export function popLoginInForm(o: LoginOptions, form: PopAuthForm): Promise<ProbeResult> {
  return popProbe(o, undefined, form)
}
