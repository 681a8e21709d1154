// POP XOAUTH2 in a chosen form, for `check --pop-auth one-line`: the product's one-line `AUTH XOAUTH2 <b64>` (which
// Exchange refuses with "-ERR Protocol error. Connection is closed. 10", microsoft-behaviour.md §8.7) or the
// two-step form (`AUTH XOAUTH2`, `+ `, the string) that Exchange accepts. Replaying both against the same server
// with the same token proves where the difference lies. Kept apart from pop-probe.ts (the default login).
import {fail, ProbeFailure} from './failure.js'
import type {LoginOptions} from './smtp-probe.js'
import {openSession, quit, resultOf, type SessionFacts} from './tcp-tls.js'
import {Transcript} from './transcript.js'
import type {ProbeResult} from './types.js'
import {buildXoauth2, createRedactor} from './xoauth2.js'

export type PopAuthForm = 'one-line' | 'two-step'
export const POP_AUTH_FORMS: readonly PopAuthForm[] = ['two-step', 'one-line']

export async function popLoginInForm(opts: LoginOptions, form: PopAuthForm): Promise<ProbeResult> {
  const t = new Transcript(createRedactor(opts.user, opts.token))
  const facts: SessionFacts = {}
  const endpoint = {...opts, protocol: 'pop' as const}
  try {
    const s = await openSession(endpoint, t, facts)
    try {
      const xoauth2 = buildXoauth2(opts.user, opts.token)
      let reply: string
      if (form === 'one-line') {
        s.send(`AUTH XOAUTH2 ${xoauth2}`, 'AUTH XOAUTH2 <XOAUTH2 redacted> (one line, as the product sends it)')
        reply = await s.read('auth', 'AUTH reply')
      } else {
        s.send('AUTH XOAUTH2')
        reply = await s.read('auth', 'AUTH reply')
        if (reply === '+' || reply.startsWith('+ ')) {
          s.send(xoauth2, '<XOAUTH2 redacted>')
          reply = await s.read('auth', 'reply to the XOAUTH2 string')
        }
      }
      if (reply === '+' || reply.startsWith('+ ')) {
        // An error challenge: an empty line ends the exchange.
        s.send('', '(empty line: ends the SASL exchange)')
        reply = await s.read('auth', 'final AUTH reply')
      }
      if (!reply.startsWith('+OK')) {
        fail('auth', `the server refused the ${form} XOAUTH2 login: ${reply}`, {
          code: /^-ERR \[([^\]]+)\]/.exec(reply)?.[1] ?? 'AUTHENTICATIONFAILED', serverText: reply, command: 'AUTH XOAUTH2',
        })
      }
      t.note(`logged in as ${opts.user} (${form} AUTH)`)
      await quit(s, 'pop')
      return resultOf(endpoint, t, facts)
    } catch (err) {
      s.close()
      throw err
    }
  } catch (err) {
    if (!(err instanceof ProbeFailure)) throw err
    return resultOf(endpoint, t, facts, err)
  }
}
