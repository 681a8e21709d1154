// Catalogue entries for the mailbox side beyond permissions: an address that has no Exchange Online mailbox (or is
// a consumer account), and Exchange's throttling and outbound-spam blocks. Facts: microsoft-behaviour.md §8.5, §8.6.

import type {CatalogueEntry, FixValues} from '../catalogue.js'
import type {CauseId} from '../../core/cause-ids.js'
import {connectExchange, connectGraph, psArg, show} from '../powershell.js'
import {DOC, endpoints, tenantOf} from './common.js'

function reply(v: FixValues): string {
  return v.serverReply ? ` ("${v.serverReply}")` : ''
}

/** Says the cause is inferred when o365doctor could not confirm it, and which Graph permission would. */
function unconfirmed(v: FixValues): string {
  return v.confirmPermission
    ? ` o365doctor could not confirm this itself: its app lacks the Microsoft Graph application permission ${v.confirmPermission}; the Get- commands below confirm it.`
    : ''
}

export const MAILBOX_AND_LIMIT_CAUSES = {
  'config.consumer-account': {
    title: 'The mailbox or tenant is a personal Microsoft account, which app-only tokens cannot serve',
    severity: 'error',
    docs: [DOC.clientCreds, DOC.aadsts],
    explain: (v) =>
      `${show(v.mailbox ?? v.tenant, 'The mailbox or tenant')} is a consumer Microsoft account (outlook.com, hotmail.com, live.com) or the token URL uses /consumers or /common. Entra ID refuses client credentials there (AADSTS9001023: "The grant type is not supported over the /common or /consumers endpoints"), and an organisation's app-only token has no authority over a personal mailbox.`,
    remediation: (v) => ({
      steps: [
        'Use a mailbox in a Microsoft 365 organisation (Exchange Online) for app-only mail.',
        `Put the organisation's tenant ID in the token URL: https://${endpoints(v).authorityHost}/${show(tenantOf(v), 'tenant ID')}/oauth2/v2.0/token, not /common or /consumers.`,
        'A personal outlook.com mailbox works only with delegated OAuth (a person signs in), not with client credentials.',
      ],
      powershell: [],
    }),
  },
  'exchange.no-mailbox': {
    title: 'The address has no Exchange Online mailbox',
    severity: 'error',
    docs: [DOC.noRestMailbox, DOC.exoRecipient, DOC.assignLicenses],
    explain: (v) =>
      `${show(v.mailbox, 'The mailbox address')} has no Exchange Online mailbox${v.recipientType ? ` (Exchange or Graph lists it as ${v.recipientType})` : ''}: the user is unlicensed, the mailbox is not provisioned yet or was deleted, it lives on-premises (a hybrid mail user), or no such recipient exists.${reply(v)} App-only logins then fail just like a missing permission, but no permission fixes this: the address needs a mailbox.${unconfirmed(v)}`,
    remediation: (v) => ({
      steps: [
        'Confirm with Get-EXORecipient: RecipientTypeDetails must be UserMailbox or SharedMailbox. MailUser or RemoteUserMailbox means the mailbox is on-premises; no result means no such recipient.',
        `For a user: assign a licence that includes Exchange Online (Microsoft 365 admin center > Users > Active users > ${show(v.mailbox, 'user')} > Licenses and apps) and wait until the mailbox exists.`,
        'Or use a shared mailbox (no licence needed) and give the app FullAccess on it. A deleted mailbox can be restored within 30 days (Undo-SoftDeletedMailbox).',
      ],
      powershell: [
        connectExchange(v.cloud),
        `Get-EXORecipient -Identity ${psArg(v.mailbox, 'mailbox address')} | Format-List 'DisplayName','RecipientType','RecipientTypeDetails','PrimarySmtpAddress'`,
        `Get-Mailbox -SoftDeletedMailbox -Identity ${psArg(v.mailbox, 'mailbox address')} -ErrorAction SilentlyContinue | Format-List 'DisplayName','WhenSoftDeleted'`,
        connectGraph(v.cloud, tenantOf(v), ['User.Read.All']),
        `Get-MgUser -UserId ${psArg(v.mailbox, 'mailbox address')} -Property 'id,userPrincipalName,mail,userType,assignedLicenses,onPremisesSyncEnabled' | Format-List 'UserPrincipalName','Mail','UserType','AssignedLicenses','OnPremisesSyncEnabled'`,
      ],
    }),
  },
  'exchange.throttled': {
    title: 'Exchange Online is throttling this mailbox',
    severity: 'error',
    docs: [DOC.exoLimits, DOC.smtpSubmission],
    explain: (v) =>
      `Exchange Online throttled ${show(v.mailbox, 'the mailbox')}${reply(v)}${v.throttleDetail ? ` (${v.throttleDetail})` : ''}. SMTP AUTH submission allows 3 concurrent sending connections per mailbox (more get "432 4.3.2 Concurrent connections limit exceeded", a temporary reply), 30 messages a minute (more are delayed, not refused) and 10,000 recipients a day (more get "554 5.2.0 …SubmissionQuotaExceededException"); IMAP answers "Request is throttled. Suggested Backoff Time: … milliseconds". Login and permissions are fine.`,
    remediation: (v) => ({
      steps: [
        'Wait and retry: 432 and IMAP throttling are temporary (use the suggested backoff time); the daily recipient limit frees up as the 24-hour window moves on.',
        'Limit the product to at most 3 concurrent sending connections per mailbox (one connection reused for several messages is best) and about 30 messages a minute.',
        'For more than 10,000 recipients a day, spread the sending over several mailboxes or use a service meant for bulk mail (High Volume Email or a connector-based relay).',
      ],
      powershell: [
        connectExchange(v.cloud),
        `Get-MessageTraceV2 -SenderAddress ${psArg(v.mailbox, 'mailbox address')} -StartDate (Get-Date).AddDays(-1) -EndDate (Get-Date) | Measure-Object   # messages sent in the last 24 hours`,
      ],
    }),
  },
  'exchange.outbound-blocked': {
    title: "Exchange Online blocks this sender's outbound mail",
    severity: 'error',
    docs: [DOC.restrictedUsers, DOC.removeBlockedSender, DOC.ndr],
    explain: (v) =>
      `Exchange Online refused to send for ${show(v.mailbox, 'the mailbox')}${reply(v)}. "5.1.8 bad outbound sender", "5.7.501 spam abuse" and "OutboundSpamException" mean the account was restricted after sending what looked like spam (it is on the Restricted entities list); "5.7.708" means the tenant is new or a trial and its sending IPs have low reputation. Login and permissions are fine.`,
    remediation: (v) => ({
      steps: [
        'Before unblocking, check the account and the app for compromise (sign-in logs, unknown client secrets, mail the product did not mean to send).',
        `Microsoft Defender portal (security.microsoft.com) > Email & collaboration > Review > Restricted entities: select ${show(v.mailbox, 'the mailbox')} > Unblock. It can take up to 24 hours to apply.`,
        'For 5.7.708 (new or trial tenant), open a request with Microsoft support; add a verified domain and paid licences.',
        'Check the outbound spam policy limits so a normal sending volume is not mistaken for spam.',
      ],
      powershell: [
        connectExchange(v.cloud),
        `Get-BlockedSenderAddress -SenderAddress ${psArg(v.mailbox, 'mailbox address')}`,
        `Remove-BlockedSenderAddress -SenderAddress ${psArg(v.mailbox, 'mailbox address')} -Reason 'Checked for compromise; unblocked for the mail product'`,
      ],
    }),
  },
} satisfies Partial<Record<CauseId, CatalogueEntry>>
