// What the mail-server tests of the lab share: the lab's mail servers with a stand-in token book for one test, the
// XOAUTH2 initial response, and an SMTP client walked up to STARTTLS or to AUTH (banner, EHLO, STARTTLS, EHLO).
import assert from 'node:assert/strict'
import {startMailServers, type LabMailServers} from '../../src/lab/mail/index.js'
import type {LabPki} from '../../src/lab/lab-types.js'
import type {Scenario} from '../../src/lab/scenario/types.js'
import {TokenBook} from './fixtures.js'
import {b64, Transcript} from './mail-transcript.js'

/** The SASL XOAUTH2 initial response a product sends (base64 of user=…^Aauth=Bearer …^A^A). */
export const xoauth2 = (user: string, token: string): string => b64(`user=${user}\x01auth=Bearer ${token}\x01\x01`)

export interface MailLab {
  servers: LabMailServers
  tokens: TokenBook
  /** The servers' log lines. */
  logs: string[]
}

/** Starts the mail servers for `scenario`, runs `body`, and closes them whatever happens. */
export async function withMailServers(scenario: Scenario, pki: LabPki, body: (lab: MailLab) => Promise<void>): Promise<void> {
  const tokens = new TokenBook()
  const logs: string[] = []
  const servers = await startMailServers({scenario, pki, verifyToken: tokens.verifyToken, log: (l) => logs.push(l)})
  try {
    await body({servers, tokens, logs})
  } finally {
    await servers.close()
  }
}

/** Banner, EHLO, STARTTLS (answered 220 2.0.0): a client about to start TLS. */
export async function smtpBeforeTls(port: number): Promise<Transcript> {
  const t = await Transcript.plain(port)
  await t.smtpReply()
  t.write('EHLO client.example')
  await t.smtpReply()
  t.write('STARTTLS')
  assert.deepEqual(await t.smtpReply(), ['220 2.0.0 SMTP server ready'])
  return t
}

/** …then TLS (verified against `ca` for `host`) and EHLO again: a client ready to AUTH. */
export async function smtpReadyToAuth(port: number, ca: string, host = 'smtp.office365.com'): Promise<Transcript> {
  const t = await smtpBeforeTls(port)
  await t.startTls(ca, host)
  t.write('EHLO client.example')
  await t.smtpReply()
  return t
}
