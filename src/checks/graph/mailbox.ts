// graph.mailbox: does the address have an Exchange Online mailbox, and of which kind (microsoft-behaviour.md §8.5)?
// Exchange answers every login for an address without one with its generic failure, so only Graph can tell:
// `/users/{upn}` (User.Read.All) and `/users/{id}/mailboxSettings` (MailboxSettings.Read; 404
// MailboxNotEnabledForRESTAPI when the mailbox is unlicensed, soft-deleted, inactive or on-premises). Both
// permissions are optional: without them the check says what it could not look at, never fails.
import {buildCause} from '../../diagnosis/catalogue.js'
import type {GraphFailure, GraphResult} from '../../probes/graph.js'
import type {Check} from '../check.js'
import type {CheckOutcome} from '../../core/check.js'
import {fixValuesFromSettings} from '../../diagnosis/fix-values.js'
import {describeGraphFailure} from './access.js'
import {graphFacts} from './facts.js'

export interface GraphUser {
  id: string
  userPrincipalName?: string
  mail?: string | null
  userType?: string | null
  accountEnabled?: boolean | null
  assignedLicenses?: unknown[] | null
  onPremisesSyncEnabled?: boolean | null
}

export interface MailboxSettings {
  userPurpose?: string | null
}

/** What Graph's answers mean for the mailbox, decided on plain data (tests feed it without a lab). */
export type MailboxFinding =
  | {kind: 'mailbox'; purpose?: string}
  | {kind: 'no-mailbox'; recipientType: string; confidence: 'certain' | 'likely' | 'possible'; reply?: string}
  | {kind: 'no-such-user'; reply: string}
  | {kind: 'not-checked'; missing: string[]}

const USER_SELECT = 'id,userPrincipalName,mail,userType,accountEnabled,assignedLicenses,onPremisesSyncEnabled'
const NO_REST_MAILBOX = ['MailboxNotEnabledForRESTAPI', 'MailboxNotSupportedForRESTAPI']

const isDenied = (f: GraphFailure): boolean => f.status === 403 || f.status === 401

/** The recipient, in words, from the user object (Graph's signals, §8.5.1 [L]). */
export function describeRecipient(user: GraphUser | undefined): string {
  if (!user) return 'no user with this address in the directory'
  if (user.userType === 'Guest') return 'a guest user (guests have no Exchange Online mailbox)'
  const licensed = (user.assignedLicenses ?? []).length > 0
  if (user.onPremisesSyncEnabled === true && !licensed) return 'a user synchronised from on-premises with no licence (its mailbox, if any, is on-premises: a mail user)'
  if (!licensed) return 'an unlicensed user'
  return 'a licensed user whose mailbox is not (yet) in Exchange Online (not provisioned, soft-deleted or inactive)'
}

export function decideMailbox(user: GraphResult<GraphUser>, settings: GraphResult<MailboxSettings> | undefined): MailboxFinding {
  const missing: string[] = []
  if (!user.ok && isDenied(user.failure)) missing.push('User.Read.All')
  if (!user.ok && user.failure.status === 404) {
    // No user has this UPN: a typo, or an alias (proxy address) of another mailbox, which Graph does not look up this
    // way. Not proof of a missing mailbox (the logins may still work), so no cause from this alone.
    if (!settings || !settings.ok) return {kind: 'no-such-user', reply: `${user.failure.status} ${user.failure.code}`}
  }
  if (settings?.ok) return {kind: 'mailbox', purpose: settings.value.userPurpose ?? undefined}
  if (settings && !settings.ok) {
    if (NO_REST_MAILBOX.includes(settings.failure.code) || (settings.failure.status === 404 && user.ok)) {
      return {kind: 'no-mailbox', recipientType: describeRecipient(user.ok ? user.value : undefined), confidence: 'likely', reply: `${settings.failure.status} ${settings.failure.code}`}
    }
    if (isDenied(settings.failure)) missing.push('MailboxSettings.Read')
  }
  if (user.ok && user.value.userType === 'Guest') return {kind: 'no-mailbox', recipientType: describeRecipient(user.value), confidence: 'likely'}
  return {kind: 'not-checked', missing: missing.length > 0 ? missing : ['User.Read.All', 'MailboxSettings.Read']}
}

const PURPOSE_WORDS: Record<string, string> = {
  user: 'a user mailbox',
  shared: 'a shared mailbox (no licence needed; app-only access works through FullAccess like a user mailbox)',
  room: 'a room mailbox', equipment: 'an equipment mailbox', linked: 'a linked mailbox',
}

export const graphMailbox: Check = {
  id: 'graph.mailbox',
  title: 'The mailbox exists in Exchange Online (Microsoft Graph)',
  needs: ['graph.access'],
  applies: ({settings}) => settings.mailbox !== undefined && settings.protocols.length > 0,
  async run(ctx): Promise<CheckOutcome> {
    const facts = graphFacts(ctx)
    const mailbox = ctx.settings.mailbox!
    if (!facts) return {status: 'warn', summary: 'not checked: no Graph access', evidence: {mailbox}}
    const path = encodeURIComponent(mailbox)
    const user = await facts.reader.get<GraphUser>(`/users/${path}?$select=${USER_SELECT}`)
    // mailboxSettings by the user's id when known; by the address otherwise (MailboxSettings.Read alone allows it).
    const settingsPath = `/users/${user.ok ? user.value.id : path}/mailboxSettings?$select=userPurpose`
    const settings = user.ok || isDenied(user.failure) ? await facts.reader.get<MailboxSettings>(settingsPath) : undefined
    const finding = decideMailbox(user, settings)
    const evidence: Record<string, unknown> = {
      mailbox, user: user.ok ? {...user.value, assignedLicenses: (user.value.assignedLicenses ?? []).length} : describeGraphFailure(user.failure),
      mailboxSettings: settings === undefined ? 'not read' : settings.ok ? settings.value : describeGraphFailure(settings.failure),
      finding: finding.kind,
    }
    if (finding.kind === 'mailbox') {
      const kind = finding.purpose ? PURPOSE_WORDS[finding.purpose] ?? `a ${finding.purpose} mailbox` : 'an Exchange Online mailbox'
      return {status: 'pass', summary: `${mailbox} is ${kind}`, evidence: {...evidence, mailboxKind: finding.purpose}}
    }
    if (finding.kind === 'no-such-user') {
      return {
        status: 'warn', evidence,
        summary: `Graph has no user with the user principal name ${mailbox} (${finding.reply}): a typo, or an alias of another mailbox; Get-EXORecipient -Identity ${mailbox} tells which`,
      }
    }
    if (finding.kind === 'not-checked') {
      return {
        status: 'warn', evidence,
        summary: `not checked: mailbox kind (needs Graph ${finding.missing.join(', ')})`,
      }
    }
    const v = {...fixValuesFromSettings(ctx.settings), recipientType: finding.recipientType, serverReply: finding.reply ? `Graph: ${finding.reply}` : undefined}
    return {
      status: 'fail', evidence,
      summary: `${mailbox} has no Exchange Online mailbox: ${finding.recipientType}`,
      causes: [buildCause('exchange.no-mailbox', {
        confidence: finding.confidence, evidence, checks: ['graph.mailbox'],
        summary: `${mailbox} has no Exchange Online mailbox (${finding.recipientType})`,
      }, v)],
    }
  },
}
