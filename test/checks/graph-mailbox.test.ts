// graph.mailbox's decision on plain Graph answers (microsoft-behaviour.md §8.5.1): mailbox, no mailbox, or "not
// checked, grant X" — a missing permission never becomes a failure.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {decideMailbox, describeRecipient, type GraphUser} from '../../src/checks/graph/mailbox.js'
import type {GraphResult} from '../../src/probes/graph.js'

const fail = (status: number, code: string) => ({ok: false as const, failure: {status, code, message: ''}})
const ok = <T>(value: T): GraphResult<T> => ({ok: true, value})
const user = (patch: Partial<GraphUser> = {}) => ok<GraphUser>({id: 'u1', mail: 'a@contoso.com', userType: 'Member', assignedLicenses: [{}], ...patch})

describe('graph.mailbox decision', () => {
  it('mailboxSettings answered: a mailbox, with its purpose', () => {
    assert.deepEqual(decideMailbox(user(), ok({userPurpose: 'shared'})), {kind: 'mailbox', purpose: 'shared'})
  })
  it('404 MailboxNotEnabledForRESTAPI (or the older NotSupported code): no mailbox, likely', () => {
    for (const code of ['MailboxNotEnabledForRESTAPI', 'MailboxNotSupportedForRESTAPI']) {
      const d = decideMailbox(user({assignedLicenses: []}), fail(404, code))
      assert.equal(d.kind, 'no-mailbox')
      assert.equal(d.kind === 'no-mailbox' && d.confidence, 'likely')
      assert.match(d.kind === 'no-mailbox' ? d.recipientType : '', /unlicensed/)
    }
  })
  it('an on-premises synced user without licence reads as a mail user', () => {
    assert.match(describeRecipient({id: 'x', onPremisesSyncEnabled: true, assignedLicenses: []}), /on-premises/)
  })
  it('a guest has no mailbox', () => {
    assert.equal(decideMailbox(user({userType: 'Guest'}), fail(403, 'ErrorAccessDenied')).kind, 'no-mailbox')
  })
  it('no user with this UPN is not proof of a missing mailbox (it may be an alias)', () => {
    assert.equal(decideMailbox(fail(404, 'Request_ResourceNotFound'), undefined).kind, 'no-such-user')
  })
  it('denied reads become "not checked" naming exactly the missing permissions', () => {
    assert.deepEqual(decideMailbox(fail(403, 'Authorization_RequestDenied'), fail(403, 'ErrorAccessDenied')), {kind: 'not-checked', missing: ['User.Read.All', 'MailboxSettings.Read']})
    assert.deepEqual(decideMailbox(user(), fail(403, 'ErrorAccessDenied')), {kind: 'not-checked', missing: ['MailboxSettings.Read']})
    assert.deepEqual(decideMailbox(fail(403, 'Authorization_RequestDenied'), ok({userPurpose: 'user'})), {kind: 'mailbox', purpose: 'user'})
  })
})
