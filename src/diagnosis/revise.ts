// What other observations say about a single finding:
// - harmless: SMTP logged in without SMTP.SendAsApp, so RBAC for Applications covers SMTP; a missing SMTP role or
//   SMTP permission is then no fault (the finding stays, as information);
// - narrowed: `exchange.authorization-failed` lists candidates; an observation that would be impossible under a
//   candidate rules it out (another protocol logged in through its role ⇒ the service principal exists and has
//   FullAccess). One candidate left is the cause; none left says so.
import type {Cause} from '../core/cause.js'
import type {CauseId} from '../core/cause-ids.js'
import {PROTOCOL_LABEL, ROLE_FOR, type Protocol} from '../core/protocol.js'
import {buildCause, originOf} from './catalogue.js'
import {CLAIMS_ROLE_CAUSES, GRAPH_ROLE_CAUSES} from './declarations.js'
import type {Finding} from './findings.js'
import {provenByRole, smtpThroughRbac, type Observations} from './observations.js'
import {psArg} from './powershell.js'

const RBAC = 'SMTP logged in all the same, so an RBAC for Applications role assignment covers this mailbox: nothing to fix for SMTP.'

/** A harmless finding offers nothing to run: there is nothing to fix. */
function harmlessCause(cause: Cause): Cause {
  return {...cause, remediation: {steps: [`Nothing to do: ${RBAC}`], powershell: []}}
}

/** The finding with what the observations show to be harmless taken out, or marked harmless when nothing is left. */
export function reviseHarmless(f: Finding, o: Observations): Finding {
  const cause = f.cause
  if (!cause) return f
  const origin = originOf(cause)
  if (CLAIMS_ROLE_CAUSES.includes(cause.id) && smtpThroughRbac(o) && f.roles.includes(ROLE_FOR.smtp)) {
    const rest = f.roles.filter((r) => r !== ROLE_FOR.smtp)
    const checks = [...new Set([...f.checks, 'smtp.login' as const])]
    if (rest.length === 0) {
      return {
        ...f, checks, harmless: RBAC,
        cause: harmlessCause(buildCause(cause.id, {
          ...origin?.options, severity: 'info', confidence: 'certain', checks,
          summary: `The token has no ${ROLE_FOR.smtp} role, but SMTP works through RBAC for Applications`,
          explanation: `${cause.explanation} ${RBAC}`,
        }, origin?.values ?? {})),
      }
    }
    const values = {...origin?.values, missingRoles: rest}
    return {
      ...f, roles: rest, checks,
      cause: buildCause(cause.id, {
        ...origin?.options, checks,
        summary: cause.id === 'claims.missing-role' ? `The token has no ${rest.join(' or ')} role` : origin?.options.summary,
        explanation: undefined,
      }, values),
      note: `The token has no ${ROLE_FOR.smtp} either, but ${RBAC}`,
    }
  }
  if (GRAPH_ROLE_CAUSES.includes(cause.id) && f.protocol === 'smtp' && o.loggedIn.has('smtp')) {
    const checks = [...new Set([...f.checks, 'smtp.login' as const])]
    return {
      ...f, checks, harmless: RBAC,
      cause: harmlessCause(buildCause(cause.id, {
        ...origin?.options, severity: 'info', checks,
        summary: `${cause.summary}, but SMTP works through RBAC for Applications`,
        explanation: `${cause.explanation} ${RBAC}`,
      }, origin?.values ?? {})),
    }
  }
  return f
}

const SP_AND_ACCESS: CauseId[] = ['exchange.service-principal-missing', 'exchange.service-principal-wrong-object-id', 'exchange.mailbox-permission-missing']

/** `exchange.authorization-failed` with the candidates the observations rule out removed. */
export function narrowAuthorization(f: Finding, o: Observations): Finding {
  const cause = f.cause
  if (cause?.id !== 'exchange.authorization-failed' || !f.protocol) return f
  const protocol = f.protocol
  let candidates: CauseId[] = cause.candidates ?? [...SP_AND_ACCESS, ...(protocol === 'pop' ? ['exchange.pop-disabled' as const] : [])]
  const proofs: string[] = []
  const evidence: Record<string, unknown> = {...cause.evidence}
  const others = provenByRole(o).filter((p) => p !== protocol)
  if (others.length > 0) {
    // A login to the same mailbox also proves it has an Exchange Online mailbox.
    candidates = candidates.filter((c) => !SP_AND_ACCESS.includes(c) && c !== 'exchange.no-mailbox')
    proofs.push(`${others.map((p) => PROTOCOL_LABEL[p]).join(' and ')} logged in with the same token and mailbox, so the mailbox exists and the service principal and FullAccess are in place.`)
    evidence.provenBy = others
  }
  const given = o.settings.exchangeObjectId
  if (given && o.tokenObjectId && given.toLowerCase() === o.tokenObjectId.toLowerCase() && candidates.some((c) => c !== 'exchange.mailbox-permission-missing' && SP_AND_ACCESS.includes(c))) {
    candidates = candidates.filter((c) => c !== 'exchange.service-principal-missing' && c !== 'exchange.service-principal-wrong-object-id')
    // The admin's word (--exchange-object-id), not something Exchange showed: say whose word it is.
    proofs.push(`As reported (--exchange-object-id), New-ServicePrincipal was given ${given}, which is the token's oid, so ` +
      'the service principal is taken to be right; this run did not verify it: if Get-ServicePrincipal below lists no ' +
      'such ObjectId, New-ServicePrincipal was not run after all.')
    evidence.exchangeObjectId = given
  }
  if (proofs.length === 0) return f
  const origin = originOf(cause)
  const values = {...origin?.values, protocol}
  if (candidates.length === 1) {
    return {...f, cause: buildCause(candidates[0]!, {
      confidence: 'likely', checks: f.checks, evidence, summary: narrowedSummary(candidates[0]!, others, o),
      explanation: inferredExplanation(candidates[0]!, protocol, proofs, o),
    }, values)}
  }
  // The proofs go in as a note, not baked into the words: findings of several protocols then merge into one
  // explanation that says each thing once.
  const note = `${proofs.join(' ')}${candidates.length === 0 ? ' None of the usual causes fits; the Exchange evidence script (o365doctor evidence-script) shows what Exchange holds.' : ''}`
  return {...f, note: f.note ? `${f.note} ${note}` : note, cause: buildCause(cause.id, {...origin?.options, evidence, candidates}, values)}
}

/** What a cause narrowed from Exchange's bare refusal is, in words (the catalogue's explanation describes the
 * Exchange setting as seen, e.g. "Get-CASMailbox shows PopEnabled False", which this run did not see). */
const LEFT: Partial<Record<CauseId, string>> = {
  'exchange.pop-disabled': 'POP disabled on the mailbox',
  'exchange.mailbox-permission-missing': 'no FullAccess for the service principal on the mailbox',
  'exchange.service-principal-missing': 'New-ServicePrincipal never run for this app',
  'exchange.service-principal-wrong-object-id': 'New-ServicePrincipal run with another object ID than the token\'s oid',
  'exchange.no-mailbox': 'no Exchange Online mailbox behind the address',
}

/** The command that would show the narrowed cause directly. */
function verifyCommand(id: CauseId, mailbox: string | undefined): string {
  const m = psArg(mailbox, 'mailbox')
  if (id === 'exchange.pop-disabled') return `Get-CASMailbox -Identity ${m} | Format-List PopEnabled`
  if (id === 'exchange.mailbox-permission-missing') return `Get-MailboxPermission -Identity ${m}`
  if (id === 'exchange.no-mailbox') return `Get-EXORecipient -Identity ${m}`
  return 'Get-ServicePrincipal'
}

function inferredExplanation(id: CauseId, protocol: Protocol, proofs: readonly string[], o: Observations): string {
  const mailbox = o.settings.mailbox
  return `${PROTOCOL_LABEL[protocol]} refused a valid token with the right role for ${mailbox ?? 'the mailbox'} with its bare ` +
    `failure, which does not say why. ${proofs.join(' ')} Of the mistakes Exchange answers this way, that leaves ` +
    `${LEFT[id] ?? id}: inferred from the above, not seen; ${verifyCommand(id, mailbox)} shows it.`
}

function narrowedSummary(id: CauseId, others: Protocol[], o: Observations): string | undefined {
  if (id === 'exchange.pop-disabled') {
    return `POP refused a valid token while ${others.map((p) => PROTOCOL_LABEL[p]).join('/')} worked: POP is most likely disabled on the mailbox`
  }
  if (id === 'exchange.mailbox-permission-missing') {
    return `Exchange refused a valid token; New-ServicePrincipal was reportedly given the right object ID (${o.tokenObjectId}), so FullAccess on ${o.settings.mailbox} is most likely missing`
  }
  return undefined
}

/**
 * IMAP's "BAD User is authenticated but not connected." means IMAP disabled or no access to the mailbox (§4.4, §8.5).
 * Another protocol that logged in through its role with the same token and mailbox shows the access is in place,
 * so the words drop the FullAccess alternative and say why.
 */
export function narrowImapDisabled(f: Finding, o: Observations): Finding {
  const cause = f.cause
  if (cause?.id !== 'exchange.imap-disabled') return f
  const others = provenByRole(o).filter((p) => p !== 'imap')
  if (others.length === 0) return f
  const origin = originOf(cause)
  const mailbox = o.settings.mailbox ?? 'the mailbox'
  const explanation = `Authentication succeeded, then Exchange answered "BAD User is authenticated but not connected.", ` +
    `which Microsoft's own test script maps to IMAP being disabled on ${mailbox}. The same reply appears when the app has ` +
    `no access to the mailbox, but ${others.map((p) => PROTOCOL_LABEL[p]).join(' and ')} logged in with the same token ` +
    'and mailbox, so the service principal and FullAccess are in place: IMAP disabled is what is left (inferred).'
  return {...f, cause: buildCause(cause.id, {...origin?.options, evidence: {...cause.evidence, provenBy: others}, explanation}, {...origin?.values})}
}
