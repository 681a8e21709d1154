// The lab's Exchange Online mail endpoints: SMTP on "587" and "25" (STARTTLS), IMAP "993" and POP "995"
// (implicit TLS), all on 127.0.0.1 with ports chosen by the system. lab-scenario.md is the contract.

import type {MailServerDeps} from '../lab-types.js'
import {startImapServer} from './imap-server.js'
import {startPopServer} from './pop-server.js'
import {startSmtpServer} from './smtp-server.js'
import {SubmissionSlots} from './submission-slots.js'
import type {LabMailMessage, LabMailServers, ListeningServer} from './types.js'

export type {LabMailMessage, LabMailServers} from './types.js'
export {authorizeLogin, authorizeSendAs, type LoginDecision, type MailIdentity, type MailProtocol} from './authorize.js'
export {decodeXoauth2, encodeXoauth2} from './xoauth2.js'

export async function startMailServers(deps: MailServerDeps): Promise<LabMailServers> {
  const abort = new AbortController()
  const signal = abort.signal
  const log = deps.log ?? (() => undefined)
  const messages: LabMailMessage[] = []
  const started: ListeningServer[] = []
  const closeAll = async (): Promise<void> => {
    abort.abort()
    await Promise.all(started.map((s) => s.close()))
  }
  const keep = (server: ListeningServer): ListeningServer => {
    started.push(server)
    return server
  }
  // One limit per mailbox across both submission ports, as Exchange counts connections, not listeners.
  const slots = new SubmissionSlots(deps.scenario.exchange.limits.smtpConcurrentPerMailbox)
  try {
    const [smtp587, smtp25, imap993, pop995] = await Promise.all([
      startSmtpServer({deps, label: '587', signal, messages, log, slots}).then(keep),
      startSmtpServer({deps, label: '25', signal, messages, log, slots}).then(keep),
      startImapServer({deps, signal, log}).then(keep),
      startPopServer({deps, signal, log}).then(keep),
    ])
    return {
      ports: {smtp587: smtp587.port, smtp25: smtp25.port, imap993: imap993.port, pop995: pop995.port},
      messages,
      close: closeAll,
      openSockets: () => started.reduce((n, s) => n + s.openSockets(), 0),
    }
  } catch (err) {
    await closeAll()
    throw err
  }
}
