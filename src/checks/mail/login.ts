// smtp.login / imap.login / pop.login: a real XOAUTH2 login with the token, as the product does it. IMAP also
// runs one mailbox command (catches "authenticated but not connected"); SMTP with --send-test sends one message.
import {buildCause} from '../../diagnosis/catalogue.js'
import type {Cause} from '../../core/cause.js'
import {loginOnly} from '../../probes/index.js'
import type {ProbeResult} from '../../probes/types.js'
import type {Protocol} from '../../core/protocol.js'
import {PROTOCOL_LABEL} from '../../core/protocol.js'
import type {Check, CheckContext} from '../check.js'
import {fixValuesFromSettings} from '../config/fix-values.js'
import {exchangeToken} from '../token/facts.js'
import {classifyLoginFailure} from './classify-login.js'
import {networkCauseOf} from './network-causes.js'


async function probe(protocol: Protocol, ctx: CheckContext): Promise<ProbeResult> {
  const endpoint = ctx.settings[protocol]!
  const common = {
    ...endpoint, map: ctx.network, timeoutMs: ctx.options.timeoutMs, signal: ctx.signal,
    user: ctx.settings.mailbox!, token: exchangeToken(ctx)!.token.reveal(),
  }
  const from = ctx.settings.from ?? ctx.settings.mailbox!
  const sendTest = protocol === 'smtp' && ctx.options.sendTest ? {from, to: ctx.options.sendTestTo ?? ctx.settings.mailbox!} : undefined
  // The endpoint was probed by <protocol>.connect already: the login alone.
  return loginOnly(protocol, {...common, sendTest})
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
        const what = protocol === 'smtp' && result.sent ? 'logged in and sent the test message' : protocol === 'imap' ? 'logged in and opened INBOX' : 'logged in'
        const unproven = sendAsUnproven(ctx, protocol)
        if (unproven) return {status: 'warn', summary: `${what} as ${ctx.settings.mailbox}; ${unproven.summary}`, evidence, causes: [unproven], transcript: result.transcript}
        return {status: 'pass', summary: `${what} as ${ctx.settings.mailbox}`, evidence, transcript: result.transcript}
      }
      const v = {...fixValuesFromSettings(ctx.settings), protocol, serverReply: e!.serverText, enterpriseObjectId: exchangeToken(ctx)?.claims.oid as string | undefined}
      const causes: Cause[] = []
      const network = networkCauseOf(result, id, v)
      if (network) causes.push(network)
      else {
        const classified = classifyLoginFailure(protocol, e!)
        causes.push(buildCause(classified.id, {confidence: classified.confidence, evidence, checks: [id], candidates: classified.candidates}, v))
      }
      return {status: 'fail', summary: `${e!.stage === 'send' ? 'sending' : e!.stage === 'mailbox' ? 'mailbox access' : 'login'} refused: ${e!.serverText ?? e!.message}`, evidence, causes, transcript: result.transcript}
    },
  }
}

/** Exchange refuses a foreign sender only after DATA: without --send-test, Send As is not proven. */
function sendAsUnproven(ctx: CheckContext, protocol: Protocol): Cause | undefined {
  const {from, mailbox} = ctx.settings
  if (protocol !== 'smtp' || ctx.options.sendTest || !from || from.toLowerCase() === mailbox?.toLowerCase()) return undefined
  return buildCause('exchange.send-as-denied', {
    severity: 'warning', confidence: 'possible',
    summary: `Send As not verified: mail is sent from ${from} but the login is ${mailbox}; run again with --send-test to prove it`,
    checks: ['smtp.login'],
  }, {...fixValuesFromSettings(ctx.settings), protocol, enterpriseObjectId: exchangeToken(ctx)?.claims.oid as string | undefined})
}

export const smtpLogin = loginCheck('smtp')
export const imapLogin = loginCheck('imap')
export const popLogin = loginCheck('pop')
