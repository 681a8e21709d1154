// exchange.evidence: reads what the Exchange admin's evidence script collected (check --exchange-evidence) and turns
// the causes a bare "authentication failed" leaves ambiguous into certain ones. Exchange's replies cannot tell a
// missing service principal from a wrong ObjectId or a missing FullAccess; Get-ServicePrincipal and
// Get-MailboxPermission can. Every cause says which part of the evidence decided it.
import {buildCause, CATALOGUE, type FixValues} from '../../diagnosis/catalogue.js'
import type {Cause} from '../../core/cause.js'
import type {CauseId} from '../../core/cause-ids.js'
import type {Protocol} from '../../core/protocol.js'
import {
  findEvidenceMailbox, hasFullAccess, hasSendAs, principalNames, rbacCoversSmtp, servicePrincipalsFor,
  type LoadedExchangeEvidence,
} from '../../remedies/exchange-evidence.js'
import type {Settings} from '../../settings/types.js'
import type {Check} from '../check.js'
import type {CheckOutcome} from '../../core/check.js'
import {fixValuesFromSettings} from '../config/fix-values.js'
import {exchangeToken} from '../token/facts.js'

export interface EvidenceJudgeInput {
  loaded: LoadedExchangeEvidence
  settings: Settings
  /** The token's oid: the enterprise application's object ID, the one Exchange must know. */
  oid?: string
  /** graph.access: the app registration's object ID, the usual wrong value for New-ServicePrincipal. */
  appRegistrationObjectId?: string
  appDisplayName?: string
  tenantId?: string
}

/** What the evidence decided about one cause (kept in the cause's evidence and the check's). */
interface Decision {
  id: CauseId
  /** JSON path in the evidence file that decided, e.g. "mailboxes[0].mailboxPermissions". */
  evidenceField: string
  cmdlet: string
  /** One sentence: what the evidence shows. */
  finding: string
  summary: string
  facts?: Record<string, unknown>
  fix?: Partial<FixValues>
}

const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase()

export function judgeExchangeEvidence(input: EvidenceJudgeInput): CheckOutcome {
  const {loaded, settings, oid} = input
  const e = loaded.evidence
  const appId = settings.clientId ?? ''
  const mailbox = settings.mailbox ?? ''
  const base = {file: loaded.source, collectedAt: e.collectedAt, organization: e.organization, appId: e.appId}
  if (!same(e.appId, appId)) {
    return {
      status: 'warn', evidence: base,
      summary: `not used: the evidence was collected for AppId ${e.appId}, not ${appId}; run the evidence script made for this app`,
    }
  }
  const decisions: Decision[] = []
  const notes: string[] = []
  const ruledOut: CauseId[] = []
  const wants = (p: Protocol): boolean => settings.protocols.includes(p)

  // 1. The service principal: absent, registered with another ObjectId, or right.
  const sps = servicePrincipalsFor(e, appId)
  const right = oid ? sps.find((sp) => same(sp.ObjectId, oid)) : undefined
  if (sps.length === 0) {
    decisions.push({
      id: 'exchange.service-principal-missing', evidenceField: 'servicePrincipals', cmdlet: 'Get-ServicePrincipal',
      finding: `Get-ServicePrincipal lists no service principal with AppId ${appId}, so New-ServicePrincipal was never run for this app (and no FullAccess can have been granted to it).`,
      summary: `Exchange has no service principal for AppId ${appId} (Get-ServicePrincipal in the evidence lists none)`,
      facts: {servicePrincipals: []},
    })
  } else if (oid && !right) {
    const used = sps.map((sp) => sp.ObjectId)
    const isAppRegistration = input.appRegistrationObjectId !== undefined && used.some((id) => same(id, input.appRegistrationObjectId))
    decisions.push({
      id: 'exchange.service-principal-wrong-object-id', evidenceField: 'servicePrincipals[].ObjectId', cmdlet: 'Get-ServicePrincipal',
      finding: `Get-ServicePrincipal lists AppId ${appId} with ObjectId ${used.join(', ')}, but the token's oid (the enterprise application's object ID) is ${oid}${
        isAppRegistration ? `; ${input.appRegistrationObjectId} is the app registration's object ID, the usual mix-up` : ''}.`,
      summary: `Exchange's service principal has ObjectId ${used.join(', ')}, not the token's oid ${oid}${isAppRegistration ? ' (it is the app registration\'s object ID)' : ''}`,
      facts: {exchangeObjectIds: used, tokenOid: oid, appRegistrationObjectId: input.appRegistrationObjectId, isAppRegistrationObjectId: isAppRegistration},
      fix: {exchangeObjectId: used[0]},
    })
  } else if (right) {
    ruledOut.push('exchange.service-principal-missing', 'exchange.service-principal-wrong-object-id')
  }

  // 2. FullAccess on the mailbox, for the right service principal (IMAP, POP, and SMTP unless RBAC covers it).
  const found = findEvidenceMailbox(e, mailbox)
  const at = found ? `mailboxes[${found.index}]` : ''
  if (!found) notes.push(`the evidence has no entry for mailbox ${mailbox}`)
  else if (found.mailbox.casMailbox === null && found.mailbox.mailboxPermissions.length === 0) {
    const err = e.errors.find((x) => same(x.target, mailbox))
    notes.push(`the evidence script could not read mailbox ${mailbox}${err ? ` (${err.cmdlet}: ${err.message})` : ''}`)
  }
  const needsFullAccess = wants('imap') || wants('pop') || (wants('smtp') && !rbacCoversSmtp(e, mailbox))
  if (right && found && found.mailbox.mailboxPermissions.length > 0 && needsFullAccess) {
    const names = [...new Set(principalNames(right))]
    if (hasFullAccess(found.mailbox, names)) ruledOut.push('exchange.mailbox-permission-missing')
    else {
      const listed = found.mailbox.mailboxPermissions.filter((p) => p.AccessRights.some((r) => same(r, 'FullAccess'))).map((p) => p.User)
      decisions.push({
        id: 'exchange.mailbox-permission-missing', evidenceField: `${at}.mailboxPermissions`, cmdlet: 'Get-MailboxPermission',
        finding: `Get-MailboxPermission on ${mailbox} lists FullAccess only for ${listed.length > 0 ? listed.join(', ') : 'nobody'}, not for the service principal (${names.join(' / ')}).`,
        summary: `The service principal has no FullAccess on ${mailbox} (Get-MailboxPermission in the evidence)`,
        facts: {fullAccessUsers: listed, servicePrincipal: names},
      })
    }
  }

  // 3. The mailbox's protocol switches, and the organisation's SMTP AUTH setting.
  const cas = found?.mailbox.casMailbox
  if (cas) {
    if (wants('smtp')) {
      const own = cas.SmtpClientAuthenticationDisabled
      const org = e.transportConfig?.SmtpClientAuthenticationDisabled ?? null
      if (own === true) {
        decisions.push({
          id: 'exchange.smtp-auth-disabled-mailbox', evidenceField: `${at}.casMailbox.SmtpClientAuthenticationDisabled`, cmdlet: 'Get-CASMailbox',
          finding: `Get-CASMailbox shows SmtpClientAuthenticationDisabled True on ${mailbox}, which overrides the organisation setting (${org === true ? 'also disabled' : 'enabled'}).`,
          summary: `SMTP AUTH is disabled on mailbox ${mailbox} (Get-CASMailbox in the evidence)`,
          facts: {mailboxSetting: own, organisationSetting: org},
        })
      } else if (own === null && org === true) {
        decisions.push({
          id: 'exchange.smtp-auth-disabled-tenant', evidenceField: 'transportConfig.SmtpClientAuthenticationDisabled', cmdlet: 'Get-TransportConfig',
          finding: `Get-TransportConfig shows SmtpClientAuthenticationDisabled True and Get-CASMailbox shows no override on ${mailbox} (empty), so the organisation setting applies.`,
          summary: `SMTP AUTH is disabled for the organisation and ${mailbox} has no override (Get-TransportConfig in the evidence)`,
          facts: {mailboxSetting: own, organisationSetting: org},
        })
      } else ruledOut.push('exchange.smtp-auth-disabled-mailbox', 'exchange.smtp-auth-disabled-tenant')
    }
    const toggle = (p: 'imap' | 'pop', value: boolean | undefined, id: CauseId, field: string): void => {
      if (!wants(p) || value === undefined) return
      if (value) ruledOut.push(id)
      else {
        decisions.push({
          id, evidenceField: `${at}.casMailbox.${field}`, cmdlet: 'Get-CASMailbox',
          finding: `Get-CASMailbox shows ${field} False on ${mailbox}.`,
          summary: `${p.toUpperCase()} is disabled on mailbox ${mailbox} (Get-CASMailbox in the evidence)`,
          facts: {[field]: value},
        })
      }
    }
    toggle('imap', cas.ImapEnabled, 'exchange.imap-disabled', 'ImapEnabled')
    toggle('pop', cas.PopEnabled, 'exchange.pop-disabled', 'PopEnabled')
  }

  // 4. Send As, when mail goes out From another address than the mailbox.
  const from = settings.from
  if (wants('smtp') && from && !same(from, mailbox)) {
    const target = findEvidenceMailbox(e, from)
    if (!target || target.mailbox.recipientPermissions.length === 0) notes.push(`the evidence has no Get-RecipientPermission entries for ${from}`)
    else {
      const trustees = [mailbox, ...(right ? principalNames(right) : [])]
      if (hasSendAs(target.mailbox, trustees)) ruledOut.push('exchange.send-as-denied')
      else {
        const listed = target.mailbox.recipientPermissions.filter((p) => p.AccessRights.some((r) => same(r, 'SendAs'))).map((p) => p.Trustee)
        decisions.push({
          id: 'exchange.send-as-denied', evidenceField: `mailboxes[${target.index}].recipientPermissions`, cmdlet: 'Get-RecipientPermission',
          finding: `Get-RecipientPermission on ${from} lists Send As only for ${listed.length > 0 ? listed.join(', ') : 'nobody'}, not for ${trustees.join(' / ')}.`,
          summary: `${mailbox} may not send as ${from}: no Send As on it (Get-RecipientPermission in the evidence)`,
          facts: {sendAsTrustees: listed},
        })
      }
    }
  }

  const v: FixValues = {
    ...fixValuesFromSettings(settings), tenantId: input.tenantId, enterpriseObjectId: oid,
    appRegistrationObjectId: input.appRegistrationObjectId, appDisplayName: input.appDisplayName,
  }
  const causes: Cause[] = decisions.map((d) => {
    const fv = {...v, ...d.fix}
    return buildCause(d.id, {
      confidence: 'certain', severity: 'error', summary: d.summary, checks: ['exchange.evidence'],
      explanation: `${explainWith(d.id, fv)} Decided by the Exchange evidence (${d.cmdlet}, field ${d.evidenceField} of ${loaded.source}, collected ${e.collectedAt}): ${d.finding}`,
      evidence: {decidedBy: 'exchange-evidence', cmdlet: d.cmdlet, evidenceField: d.evidenceField, collectedAt: e.collectedAt, ...d.facts},
    }, fv)
  })
  const evidence = {
    ...base, servicePrincipals: sps.map((sp) => ({ObjectId: sp.ObjectId, DisplayName: sp.DisplayName})),
    decided: decisions.map((d) => ({cause: d.id, cmdlet: d.cmdlet, evidenceField: d.evidenceField, finding: d.finding})),
    ruledOut: [...new Set(ruledOut)], notes,
  }
  const noteText = notes.length > 0 ? `; ${notes.join('; ')}` : ''
  if (causes.length === 0) {
    return {status: notes.length > 0 ? 'warn' : 'pass', summary: `the evidence (collected ${e.collectedAt}) shows nothing missing in Exchange${noteText}`, evidence}
  }
  return {status: 'fail', summary: `the evidence (collected ${e.collectedAt}) decides: ${decisions.map((d) => d.id).join(', ')}${noteText}`, evidence, causes}
}

function explainWith(id: CauseId, v: FixValues): string {
  return CATALOGUE[id].explain(v)
}

export const exchangeEvidenceCheck: Check = {
  id: 'exchange.evidence',
  title: 'Exchange evidence from the admin (Get-ServicePrincipal, Get-MailboxPermission, Get-CASMailbox, …)',
  // graph.access gives the app registration's object ID, to name the usual New-ServicePrincipal mix-up.
  needs: ['token.claims', 'graph.access'],
  applies: ({options}) => options.exchangeEvidence !== undefined,
  async run(ctx) {
    const claims = exchangeToken(ctx)?.claims ?? {}
    const graph = ctx.results.get('graph.access')?.evidence as {applicationObjectId?: string; displayName?: string} | undefined
    return judgeExchangeEvidence({
      loaded: ctx.options.exchangeEvidence!, settings: ctx.settings,
      oid: typeof claims.oid === 'string' ? claims.oid : undefined,
      tenantId: typeof claims.tid === 'string' ? claims.tid : undefined,
      appRegistrationObjectId: graph?.applicationObjectId,
      appDisplayName: graph?.displayName ?? (typeof claims.app_displayname === 'string' ? claims.app_displayname : undefined),
    })
  },
}
