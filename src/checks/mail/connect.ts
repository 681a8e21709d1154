// smtp.connect / imap.connect / pop.connect: DNS, TCP, TLS (version, certificate) and, for SMTP, STARTTLS —
// everything before a login, run while the token is being fetched. The verified session stays open, parked for
// <p>.login (RunFacts.mailSessions), so the login after the token costs only its own commands.
import {SessionSlots} from '../../probes/session-slots.js'
import {openEndpoint, quit, type Session} from '../../probes/tcp-tls.js'
import type {Protocol} from '../../core/protocol.js'
import {PROTOCOL_LABEL} from '../../core/protocol.js'
import type {Check, CheckContext} from '../check.js'
import {fixValuesFromSettings} from '../../diagnosis/fix-values.js'
import {networkCauseOf} from './network-causes.js'


function connectCheck(protocol: Protocol): Check {
  const id = `${protocol}.connect` as const
  return {
    id,
    title: `${PROTOCOL_LABEL[protocol]} server reachable over TLS`,
    applies: ({settings}) => settings.protocols.includes(protocol),
    async run(ctx) {
      const endpoint = ctx.settings[protocol]!
      const {result, session} = await openEndpoint({
        ...endpoint, protocol, map: ctx.network, timeoutMs: Math.min(ctx.options.timeoutMs, 10_000), signal: ctx.signal,
        // Only --verbose shows transcripts; the parked session's login continues recording (or not) with it.
        transcript: ctx.options.verbose,
      })
      if (session && ctx.settings.auth === 'oauth2') parkForLogin(ctx, protocol, session)
      else if (session) quit(session, protocol)
      const evidence = {host: endpoint.host, port: endpoint.port, tls: result.tls, greeting: result.greeting, starttlsOffered: result.starttlsOffered, error: result.error}
      if (!result.ok) {
        const cause = networkCauseOf(result, id, fixValuesFromSettings(ctx.settings))
        return {status: 'fail', summary: result.error!.message, evidence, causes: cause ? [cause] : [], transcript: result.transcript}
      }
      const tlsText = result.tls?.protocol ? `${result.tls.protocol}${endpoint.tls === 'starttls' ? ' via STARTTLS' : ''}` : 'no TLS'
      return {status: 'pass', summary: `${endpoint.host}:${endpoint.port} answered; ${tlsText}, certificate trusted`, evidence, transcript: result.transcript}
    },
  }
}

/** The slots live in the run's facts; the runner's end hook closes what no login claimed. */
function parkForLogin(ctx: CheckContext, protocol: Protocol, session: Session): void {
  if (!ctx.facts.mailSessions) {
    const slots = new SessionSlots()
    ctx.facts.mailSessions = slots
    ctx.facts.atRunEnd ??= []
    ctx.facts.atRunEnd.push(() => slots.closeAll())
  }
  // Unclaimed past the token's and the login's own deadlines, nobody will claim it.
  ctx.facts.mailSessions.park(protocol, session, ctx.options.timeoutMs * 2)
}

export const smtpConnect = connectCheck('smtp')
export const imapConnect = connectCheck('imap')
export const popConnect = connectCheck('pop')
