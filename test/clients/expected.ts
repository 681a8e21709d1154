// What Exchange Online answers, per microsoft-behaviour.md §4 and §8.7 ([C] strings; the bracket after SMTP
// replies holds a server name, timestamp and id that change per session). Every client test asserts these.

export const EXCHANGE = {
  smtpAuthOk: /^235 2\.7\.0 Authentication successful$/,
  smtpAuthFailed: /^535 5\.7\.3 Authentication unsuccessful \[[^\]]+\]$/,
  smtpAuthDisabledTenant:
    /^535 5\.7\.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant\. Visit https:\/\/aka\.ms\/smtp_auth_disabled for more information\. \[[^\]]+\]$/,
  /** After the DATA terminator; MAIL FROM and RCPT TO were 250. */
  sendAsDenied: (mailbox: string, from: string) =>
    new RegExp(`^554 5\\.2\\.252 SendAsDenied; ${esc(mailbox)} not allowed to send as ${esc(from)}; STOREDRV\\.Submission\\.Exception:SendAsDeniedException\\.MapiExceptionSendAsDenied; `),
  imapAuthOk: /^\S+ OK AUTHENTICATE completed\.$/,
  imapAuthFailed: /^\S+ NO AUTHENTICATE failed\.$/,
  imapNotConnected: /^\S+ BAD User is authenticated but not connected\.$/,
  popAuthOk: /^\+OK User successfully authenticated\.$/,
  popAuthFailed: /^-ERR Authentication failure: unknown user name or bad password\.$/,
  /** §8.7: POP AUTH with the initial response on the same line; the connection is then closed. */
  popOneLine: /^-ERR Protocol error\. Connection is closed\. 10$/,
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The scenarios of the tier and what each is about. */
export const SCENARIOS = ['healthy', 'no-full-access', 'smtp-auth-disabled-tenant', 'send-as-denied', 'imap-disabled'] as const
