// POP3 login with our own client (node-pop3 takes a `+ <challenge>` for `+OK`): greeting and CAPA through the
// shared session, then `AUTH XOAUTH2`, the `+ ` continuation, the XOAUTH2 string; a `+ <b64 json>` error challenge
// is answered with an empty line and the final reply read, the JSON decoded into the error. Error vocabulary
// follows imapflow's.
import {fail, ProbeFailure} from './failure.js'
import type {LoginOptions} from './smtp-probe.js'
import {decodeChallenge} from './smtp-probe.js'
import {openSession, quit, resultOf, type SessionFacts} from './tcp-tls.js'
import {Transcript} from './transcript.js'
import type {ProbeError, ProbeResult} from './types.js'
import {buildXoauth2, createRedactor} from './xoauth2.js'

export async function popProbe(opts: LoginOptions): Promise<ProbeResult> {
  const t = new Transcript(createRedactor(opts.user, opts.token))
  const facts: SessionFacts = {}
  const endpoint = {...opts, protocol: 'pop' as const}
  try {
    const s = await openSession(endpoint, t, facts)
    try {
      const sasl = (facts.capabilities ?? []).find((c) => /^SASL\b/i.test(c))
      // No CAPA, or CAPA without a SASL line, says nothing for sure: try anyway. A SASL line without XOAUTH2 is a no.
      if (sasl && !/\bXOAUTH2\b/i.test(sasl)) fail('capability', `the server does not offer XOAUTH2 (CAPA: ${sasl})`, {code: 'EAUTHMETHOD', serverText: sasl})
      // Two steps: Exchange answers `AUTH XOAUTH2 <b64>` on one line with "-ERR Protocol error. Connection is
      // closed. 10" (microsoft-behaviour.md §8.7), so the string goes after the "+ " continuation.
      s.send('AUTH XOAUTH2')
      let reply = await s.read('auth', 'AUTH reply')
      let challenge: ProbeError['challenge']
      if (reply === '+' || reply.startsWith('+ ')) {
        s.send(buildXoauth2(opts.user, opts.token), '<XOAUTH2 redacted>')
        reply = await s.read('auth', 'reply to the XOAUTH2 string')
        if (reply === '+' || reply.startsWith('+ ')) {
          // A server-side error challenge (Dovecot's base64 JSON): an empty line ends the exchange.
          challenge = decodeChallenge(reply.slice(1))
          s.send('', '(empty line: ends the SASL exchange)')
          reply = await s.read('auth', 'final AUTH reply')
        }
      }
      if (!reply.startsWith('+OK')) {
        // imapflow's vocabulary: the bracketed response code (RFC 2449/3206: [AUTH], [SYS/TEMP]) as the code.
        const code = /^-ERR \[([^\]]+)\]/.exec(reply)?.[1] ?? 'AUTHENTICATIONFAILED'
        fail('auth', `the server refused the XOAUTH2 login: ${reply}`, {
          code,
          serverText: reply,
          command: 'AUTH XOAUTH2',
          ...(challenge !== undefined ? {challenge} : {}),
        })
      }
      t.note(`logged in as ${opts.user}`)
      quit(s, 'pop')
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
