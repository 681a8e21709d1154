// A finished mail session leaves nothing behind in the lab's servers: after STARTTLS the library removes the
// accepted socket's own listeners, so the set that close() uses once kept every SMTP session (and its TLS socket and
// connection) of a fleet run until the lab closed. Counted through openSockets(), the same set close() ends.
import assert from 'node:assert/strict'
import {before, describe, it} from 'node:test'
import {createLabPki} from '../../src/lab/pki.js'
import type {LabPki} from '../../src/lab/lab-types.js'
import {buildScenario} from './fixtures.js'
import {smtpReadyToAuth, withMailServers} from './mail-session.js'
import {Transcript} from './mail-transcript.js'

const HOST = 'outlook.office365.com'

let pki: LabPki
before(async () => {
  pki = await createLabPki()
})

async function settled(count: () => number): Promise<number> {
  const deadline = Date.now() + 2000
  while (count() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
  return count()
}

describe('lab mail servers release finished sessions', () => {
  it('SMTP after STARTTLS, IMAP and POP: no socket held once the clients have gone', async () => {
    await withMailServers(buildScenario(), pki, async ({servers}) => {
      const sessions: Transcript[] = []
      for (let i = 0; i < 3; i++) sessions.push(await smtpReadyToAuth(servers.ports.smtp587, pki.caPem))
      sessions.push(await Transcript.tls(servers.ports.imap993, pki.caPem, HOST))
      sessions.push(await Transcript.tls(servers.ports.pop995, pki.caPem, HOST))
      assert.ok(servers.openSockets() >= sessions.length, `open while the sessions run: ${servers.openSockets()}`)
      for (const t of sessions) t.close()
      assert.equal(await settled(servers.openSockets), 0)
    })
  })
})
