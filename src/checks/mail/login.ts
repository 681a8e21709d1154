// smtp.login / imap.login / pop.login: a real XOAUTH2 login with the token, as the product does it, on the session
// <p>.connect left open (a fresh one if it is gone). IMAP also runs one mailbox command (catches "authenticated but
// not connected"); SMTP with --send-test sends one message. The `--pop-auth one-line` proof opens its own session.
import {buildCause} from '../../diagnosis/catalogue.js'
import type {Cause} from '../../core/cause.js'
import {loginOnly} from '../../probes/index.js'
import type {ProbeResult} from '../../probes/types.js'
import type {Protocol} from '../../core/protocol.js'
import {PROTOCOL_LABEL} from '../../core/protocol.js'
import type {Check, CheckContext} from '../check.js'
import {fixValuesFromSettings} from '../../diagnosis/fix-values.js'
import {exchangeToken} from '../token/facts.js'
import {classifyLoginFailure} from './classify-login.js'
import {networkCauseOf} from './network-causes.js'
import {popLoginInForm} from '../../probes/pop-probe.js'


async function probe(protocol: Protocol, ctx: CheckContext): Promise<ProbeResult> {
  const endpoint = ctx.settings[protocol]!
  const common = {
    ...endpoint, map: ctx.network, timeoutMs: ctx.options.timeoutMs, signal: ctx.signal,
    user: ctx.settings.mailbox!, token: exchangeToken(ctx)!.token.reveal(), transcript: ctx.options.verbose,
  }
  const from = ctx.settings.from ?? ctx.settings.mailbox!
  const sendTest = protocol === 'smtp' && ctx.options.sendTest ? {from, to: ctx.options.sendTestTo ?? ctx.settings.mailbox!} : undefined
  // <protocol>.connect opened and verified the session while the token was fetched: the login continues on it.
  const parked = ctx.facts.mailSessions?.claim(protocol)
  const popAuth = protocol === 'pop' ? ctx.options.popAuth : undefined
  return loginOnly(protocol, {...common, sendTest, ...(popAuth ? {popAuth} : {})}, parked)
}

/**
 * `--pop-auth one-line` refused as Exchange refuses it: replay the two-step form with the same token. Its success
 * proves that the form alone is the problem (§8.7); its failure leaves the one-line reading unproven.
 */
async function proveOneLine(ctx: CheckContext): Promise<{ok: boolean; reply?: string}> {
  const endpoint = ctx.settings.pop!
  const result = await popLoginInForm({
    ...endpoint, map: ctx.network, timeoutMs: ctx.options.timeoutMs, signal: ctx.signal,
    user: ctx.settings.mailbox!, token: exchangeToken(ctx)!.token.reveal(),
  }, 'two-step')
  return {ok: result.ok, reply: result.error?.serverText}
}

function loginCheck(protocol: Protocol): Check {
  const id = `${protocol}.login` as const
  return {
    id,
    title: `${PROTOCOL_LABEL[protocol]} XOAUTH2 login${protocol === 'imap' ? ' and mailbox access' : ''}`,
    needs: ['token.acquire', `${protocol}.connect`],
    applies: ({settings}) => settings.protocols.includes(protocol) && settings.auth === 'oauth2',
    async run(ctx) {
      const result = await probe(protocol, ctx)
      const e = result.error
      const evidence = {
        host: result.host, port: result.port, user: ctx.settings.mailbox, stage: e?.stage ?? 'done',
        serverText: e?.serverText, responseCode: e?.responseCode, command: e?.command, sent: result.sent,
      }
      if (result.ok) {
        const oneLine = protocol === 'pop' && ctx.options.popAuth === 'one-line' ? ' (with the one-line AUTH XOAUTH2 <token> form)' : ''
        const what = (protocol === 'smtp' && result.sent ? 'logged in and sent the test message' : protocol === 'imap' ? 'logged in and opened INBOX' : 'logged in') + oneLine
        const unproven = sendAsNotVerified(ctx, protocol)
        if (unproven) return {status: 'pass', summary: `${what} as ${ctx.settings.mailbox}; ${unproven}`, evidence: {...evidence, sendAs: 'not verified', verifyWith: '--send-test'}, transcript: result.transcript}
        return {status: 'pass', summary: `${what} as ${ctx.settings.mailbox}`, evidence, transcript: result.transcript}
      }
      const v = {...fixValuesFromSettings(ctx.settings), protocol, serverReply: e!.serverText, enterpriseObjectId: exchangeToken(ctx)?.claims.oid as string | undefined}
      const causes: Cause[] = []
      const network = networkCauseOf(result, id, v)
      if (network) causes.push(network)
      else {
        const classified = classifyLoginFailure(protocol, e!)
        if (classified.id === 'client.pop-one-line-auth' && ctx.options.popAuth === 'one-line') {
          const proof = await proveOneLine(ctx)
          const proven = {...evidence, twoStepForm: proof.ok ? 'logged in' : `refused: ${proof.reply ?? 'no reply'}`}
          causes.push(buildCause('client.pop-one-line-auth', {
            confidence: proof.ok ? 'certain' : 'likely', evidence: proven, checks: [id],
            summary: proof.ok
              ? `POP refused the one-line AUTH XOAUTH2 <token> (${e!.serverText}); the two-step form logged in with the same token: the product's AUTH form is the problem`
              : `POP refused the one-line AUTH XOAUTH2 <token> (${e!.serverText}); the two-step form failed too (${proof.reply ?? 'no reply'}), so the form may not be the only problem`,
          }, v))
          return {status: 'fail', summary: `login refused: ${e!.serverText ?? e!.message}`, evidence: proven, causes, transcript: result.transcript}
        }
        causes.push(buildCause(classified.id, {confidence: classified.confidence, evidence, checks: [id], candidates: classified.candidates},
          classified.detail ? {...v, throttleDetail: classified.detail} : v))
      }
      return {status: 'fail', summary: `${e!.stage === 'send' ? 'sending' : e!.stage === 'mailbox' ? 'mailbox access' : 'login'} refused: ${e!.serverText ?? e!.message}`, evidence, causes, transcript: result.transcript}
    },
  }
}

/**
 * Exchange refuses a foreign sender only after DATA, so a login alone says nothing about Send As. Without
 * --send-test nothing was sent: Send As is *not verified* (no cause, nothing to change in the tenant), and the
 * summary names the flag that verifies it.
 */
function sendAsNotVerified(ctx: CheckContext, protocol: Protocol): string | undefined {
  const {from, mailbox} = ctx.settings
  if (protocol !== 'smtp' || ctx.options.sendTest || !from || from.toLowerCase() === mailbox?.toLowerCase()) return undefined
  return `Send As from ${from} not verified (no message was sent): run again with --send-test to verify it`
}

export const smtpLogin = loginCheck('smtp')
export const imapLogin = loginCheck('imap')
export const popLogin = loginCheck('pop')
