// Without Graph's User.Read.All/MailboxSettings.Read, an address without an Exchange Online mailbox looks like any
// authorization failure; the Exchange evidence (Get-EXORecipient's RecipientTypeDetails, or its "not found")
// decides exchange.no-mailbox (microsoft-behaviour.md §8.5).
import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {labEvidence} from '../../src/lab/evidence.js'
import {loadScenarioFile} from '../../src/lab/scenario/load-scenario.js'
import {parseExchangeEvidence, recipientWithoutMailbox} from '../../src/remedies/exchange-evidence.js'
import {evidenceScript} from '../../src/remedies/evidence-script.js'
import {actionableCauseIds, runLabCheck} from '../support/lab-check.js'

const dir = mkdtempSync(join(tmpdir(), 'o365doctor-mailbox-kind-'))

/** The built-in scenario without the optional Graph permissions that would let graph.mailbox look. */
function withoutUserRead(name: string): string {
  const text = readFileSync(join('scenarios', `${name}.yaml`), 'utf8').split('\n')
    .filter((l) => !/name: (User\.Read\.All|MailboxSettings\.Read),/.test(l)).join('\n')
  const file = join(dir, `${name}.yaml`)
  writeFileSync(file, text)
  return file
}

describe('exchange.no-mailbox from the Exchange evidence', () => {
  for (const [name, decidedBy] of [['mail-user-on-premises', 'recipient.RecipientTypeDetails'], ['no-mailbox', 'errors']] as const) {
    it(`${name}: ambiguous without Graph's user permissions, decided by ${decidedBy} with the evidence`, async () => {
      const file = withoutUserRead(name)
      const without = await runLabCheck(file, {sendTest: true})
      const generic = without.causes.find((c) => c.id === 'exchange.authorization-failed')
      assert.ok(generic, `exchange.authorization-failed without evidence, got ${actionableCauseIds(without).join(', ')}`)
      assert.ok(generic.candidates?.includes('exchange.no-mailbox'), 'no mailbox is one of the candidates')
      const mailboxCheck = without.checks.find((c) => c.id === 'graph.mailbox')!
      assert.equal(mailboxCheck.status, 'warn')
      assert.match(mailboxCheck.summary, /User\.Read\.All/)

      const scenario = await loadScenarioFile(file)
      const text = JSON.stringify(labEvidence(scenario, {now: new Date('2026-11-30T09:00:00Z')}))
      const withEvidence = await runLabCheck(file, {sendTest: true, exchangeEvidence: {source: 'e.json', evidence: parseExchangeEvidence(text, 'e.json')}})
      assert.deepEqual(actionableCauseIds(withEvidence), ['exchange.no-mailbox'])
      const cause = withEvidence.causes.find((c) => c.id === 'exchange.no-mailbox')!
      assert.equal(cause.confidence, 'certain')
      assert.ok(String((cause.evidence as {evidenceField?: string}).evidenceField).endsWith(decidedBy))
    })
  }
  it('RecipientTypeDetails: mailboxes pass, mail users and the like do not', () => {
    for (const t of ['UserMailbox', 'SharedMailbox', 'RoomMailbox']) assert.equal(recipientWithoutMailbox({RecipientTypeDetails: t}), false, t)
    for (const t of ['MailUser', 'RemoteUserMailbox', 'GuestMailUser', 'MailContact', 'User']) assert.equal(recipientWithoutMailbox({RecipientTypeDetails: t}), true, t)
    assert.equal(recipientWithoutMailbox(undefined), false)
  })
  it('the evidence script reads the recipient with read-only cmdlets only', () => {
    const script = evidenceScript({appId: '9a1b2c3d-0000-4000-8000-000000000001', mailboxes: ['sender@contoso.com']})
    assert.match(script, /Get-EXORecipient -Identity \$address/)
    assert.match(script, /RecipientTypeDetails/)
    const cmdlets = [...script.matchAll(/\b([A-Z][a-z]+)-(?:EXO)?[A-Z][A-Za-z]+\b/g)].map((m) => m[1])
    assert.deepEqual([...new Set(cmdlets)].filter((verb) => !['Get', 'Test', 'Invoke', 'ConvertTo', 'Connect', 'Write', 'Set', 'Resolve', 'Where', 'ForEach'].includes(verb!)), [])
  })
})
