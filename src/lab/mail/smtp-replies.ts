// Exchange Online's SMTP reply texts (microsoft-behaviour.md §4.3), without the reply code. [C]/[L] strings are
// quoted exactly; the few marked [U] are the lab's best guess and no test depends on their wording.

import {bannerDate, replyBracket, type ExchangeIds} from './exchange-ids.js'

export const SMTP_MAX_SIZE = 157286400

export const smtpText = {
  greeting: (ids: ExchangeIds) => `${ids.frontend} Microsoft ESMTP MAIL Service ready at ${bannerDate()} [${ids.session}]`,
  hello: (ids: ExchangeIds, ip: string) => `${ids.frontend} Hello [${ip}]`,
  /** EHLO capabilities in Exchange's order: STARTTLS before the upgrade, AUTH LOGIN XOAUTH2 after it. */
  capabilities: (secure: boolean) => [
    `SIZE ${SMTP_MAX_SIZE}`,
    'PIPELINING',
    'DSN',
    'ENHANCEDSTATUSCODES',
    secure ? 'AUTH LOGIN XOAUTH2' : 'STARTTLS',
    '8BITMIME',
    'BINARYMIME',
    'CHUNKING',
    'SMTPUTF8',
  ],
  startTls: () => '2.0.0 SMTP server ready',
  authSuccessful: () => '2.7.0 Authentication successful',
  authUnsuccessful: (ids: ExchangeIds) => `5.7.3 Authentication unsuccessful ${replyBracket(ids)}`,
  smtpAuthDisabled: (ids: ExchangeIds, scope: 'Tenant' | 'Mailbox') =>
    `5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the ${scope}. Visit https://aka.ms/smtp_auth_disabled for more information. ${replyBracket(ids)}`,
  /** §8.3.1 [L]: security defaults block password AUTH; XOAUTH2 is never told this. */
  securityDefaults: (ids: ExchangeIds) =>
    `5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy. Contact your administrator. ${replyBracket(ids)}`,
  /** §8.6.1 [C]: the current service's text for one sending connection more than the mailbox's limit, after DATA. */
  concurrentLimit: (ids: ExchangeIds) =>
    `4.3.2 Concurrent connections limit exceeded. Visit https://aka.ms/concurrent_sending for more information. [Hostname=${ids.backend}]`,
  basicAuthDisabled: (ids: ExchangeIds) => `5.7.139 Authentication unsuccessful, basic authentication is disabled. ${replyBracket(ids)}`,
  unrecognizedAuthType: (ids: ExchangeIds) => `5.7.4 Unrecognized authentication type ${replyBracket(ids)}`,
  notAuthenticated: (ids: ExchangeIds) => `5.7.57 Client not authenticated to send mail. ${replyBracket(ids)}`,
  startTlsRequired: (ids: ExchangeIds) => `5.7.3 STARTTLS is required to send mail ${replyBracket(ids)}`,
  tlsTooOld: (ids: ExchangeIds) =>
    `4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls. [${ids.backend.toUpperCase()}]`,
  senderOk: () => '2.1.0 Sender OK',
  recipientOk: () => '2.1.5 Recipient OK',
  startMailInput: () => 'Start mail input; end with <CRLF>.<CRLF>',
  sendHelloFirst: () => '5.5.2 Send hello first', // [L]
  sendAsDenied: (ids: ExchangeIds, mailbox: string, from: string) =>
    `5.2.252 SendAsDenied; ${mailbox} not allowed to send as ${from}; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; ` +
    `Failed to process message due to a permanent exception with message [BeginDiagnosticData]Cannot submit message. ` +
    `0.35250:0A00C384, 1.36674:0A000000, 1.61250:00000000, 1.45378:02000000, 1.44866:E8030000 [Hostname=${ids.backend.toUpperCase()}]`,
  // [U] below: plausible Exchange wording, not confirmed by the sources.
  queued: (ids: ExchangeIds, messageId: string) => `2.0.0 OK ${messageId} [Hostname=${ids.backend.toUpperCase()}]`,
  closing: () => '2.0.0 Service closing transmission channel',
  ok: () => '2.0.0 OK',
  resetting: () => '2.0.0 Resetting',
  unrecognizedCommand: (ids: ExchangeIds, command: string) => `5.3.3 Unrecognized command '${command}' ${replyBracket(ids)}`,
  alreadyAuthenticated: () => '5.5.2 Already authenticated',
  badSequence: (what: string) => `5.5.2 ${what}`,
  invalidAddress: (ids: ExchangeIds, sender: boolean) => `${sender ? '5.1.7' : '5.1.3'} Invalid address ${replyBracket(ids)}`,
  invalidDomain: () => '5.5.4 Invalid domain name',
  tooBig: () => '5.3.4 Message size exceeds fixed maximum message size',
  shuttingDown: () => '4.3.2 Service not available, closing transmission channel',
  tooManyErrors: () => '4.7.0 Too many errors on this connection, closing transmission channel',
  timeout: () => '4.4.2 Connection dropped due to SocketTimeout',
}
