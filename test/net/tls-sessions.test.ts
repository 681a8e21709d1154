// A fleet's connections to one endpoint share the first full handshake's ticket instead of each paying a full
// handshake; the wait is bounded, ends on abort, and a handshake that leaves no ticket leaves the waiters on their own.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {establishSession, rememberSession, sessionToResume, tlsSessionKey} from '../../src/net/tls-sessions.js'

const facts = {authorized: true, protocol: 'TLSv1.3'}
let port = 40_000
const freshKey = (): string => tlsSessionKey('127.0.0.1', port++, 'outlook.office365.com')

describe('waiting for another connection\'s full handshake', () => {
  it('returns at once when nothing is under way, and marks only one handshake per key as under way', async () => {
    const key = freshKey()
    assert.equal(await sessionToResume(key, 5_000), undefined)
    const end = establishSession(key)
    assert.ok(end)
    assert.equal(establishSession(key), undefined, 'a second full handshake to the same key does not replace the first')
    end()
    end()
    assert.ok(establishSession(key), 'once ended, a new one may start')
  })

  it('a waiter takes the ticket the handshake under way leaves', async () => {
    const key = freshKey()
    const end = establishSession(key)!
    const waiting = sessionToResume(key, 5_000)
    const ticket = Buffer.from('ticket')
    setTimeout(() => {
      rememberSession(key, ticket, facts)
      end()
    }, 10)
    const started = Date.now()
    const got = await waiting
    assert.equal(got?.session, ticket)
    assert.ok(Date.now() - started < 1_000, 'woken by the handshake, not by its wait limit')
  })

  it('a handshake that leaves no ticket (refused, untrusted) wakes the waiters with nothing to resume', async () => {
    const key = freshKey()
    const end = establishSession(key)!
    const waiting = sessionToResume(key, 5_000)
    setTimeout(end, 10)
    assert.equal(await waiting, undefined)
  })

  it('waits at most maxWaitMs, and not past an abort', async () => {
    const key = freshKey()
    establishSession(key)
    let started = Date.now()
    assert.equal(await sessionToResume(key, 30), undefined)
    assert.ok(Date.now() - started < 1_000)
    const controller = new AbortController()
    started = Date.now()
    const waiting = sessionToResume(key, 5_000, controller.signal)
    setTimeout(() => controller.abort(), 10)
    assert.equal(await waiting, undefined)
    assert.ok(Date.now() - started < 1_000, 'the abort ended the wait')
  })
})
