// Types shared by the lab's mail servers (the public ones are re-exported from index.ts).

import type {MailServerDeps, RunningMailServers} from '../lab-types.js'

/** A message Exchange accepted (250 after DATA), kept in memory for tests and `lab serve`. */
export interface LabMailMessage {
  receivedAt: Date
  /** Which SMTP listener took it: "587" or "25". */
  port: string
  /** The authenticated mailbox (XOAUTH2 user=). */
  mailbox: string
  envelopeFrom: string
  /** Address of the From header, when there is one. */
  from?: string
  to: string[]
  raw: string
}

/** The lab's mail servers, plus the messages they accepted. */
export interface LabMailServers extends RunningMailServers {
  messages: LabMailMessage[]
  /** Accepted sockets the servers still hold: 0 once every client has gone (a long fleet must not keep them). */
  openSockets(): number
}

export interface ListeningServer {
  port: number
  close(): Promise<void>
  /** Accepted sockets still held (to end them on close). */
  openSockets(): number
}

/** What every protocol server gets. */
export interface MailServerContext {
  deps: MailServerDeps
  /** Aborted when the servers close. */
  signal: AbortSignal
  log: (line: string) => void
}
