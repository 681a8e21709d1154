// Replies that are not about permissions (microsoft-behaviour.md §8.6–§8.8) → their causes, in the live
// login/send classification.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {classifyLoginFailure} from '../../src/checks/mail/classify-login.js'
import {readLimitReply} from '../../src/checks/mail/limit-replies.js'

const CASES: [string, string, string][] = [
  ['432 4.3.2 Concurrent connections limit exceeded. Visit https://aka.ms/concurrent_sending for more information. [Hostname=OS0PR01MB6099.jpnprd01.prod.outlook.com]', 'exchange.throttled', 'send'],
  ['432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded [Hostname=DM5SPR00MB2471.namprd08.prod.outlook.com]', 'exchange.throttled', 'send'],
  ['554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message', 'exchange.throttled', 'send'],
  ['a7 BAD Request is throttled. Suggested Backoff Time: 89117 milliseconds', 'exchange.throttled', 'mailbox'],
  ['554 5.2.0 STOREDRV.Submission.Exception:OutboundSpamException; Failed to process message due to a permanent exception with message [BeginDiagnosticData]WASCL UserAction verdict is not None. Actual verdict is RefuseQuota.', 'exchange.outbound-blocked', 'send'],
  ['550 5.1.8 Access denied, bad outbound sender', 'exchange.outbound-blocked', 'send'],
  ['550 5.7.501 Service unavailable. Spam abuse detected from IP range. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653. S(2017052602)', 'exchange.outbound-blocked', 'send'],
  ['550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.', 'exchange.outbound-blocked', 'send'],
  ['* BYE Session invalidated - AccessTokenExpired', 'client.token-not-refreshed', 'mailbox'],
  ['-ERR Protocol error. Connection is closed. 10', 'client.pop-one-line-auth', 'auth'],
]

describe('limit, block and expiry replies', () => {
  for (const [text, id, stage] of CASES) {
    it(`${id}: ${text.slice(0, 60)}`, () => {
      assert.equal(readLimitReply(text)?.id, id)
      const protocol = text.startsWith('-ERR') ? 'pop' : /^(\* |a7 )/.test(text) ? 'imap' : 'smtp'
      assert.equal(classifyLoginFailure(protocol, {stage, serverText: text, message: text} as never).id, id)
    })
  }
  it('the backoff is kept as the detail, and the live classification passes it on', () => {
    const text = 'a7 NO Request is throttled. Suggested Backoff Time: 299609 milliseconds'
    assert.equal(readLimitReply(text)?.detail, 'Suggested Backoff Time: 299609 milliseconds')
    assert.equal(classifyLoginFailure('imap', {stage: 'mailbox', serverText: text, message: text} as never).detail, 'Suggested Backoff Time: 299609 milliseconds')
  })
  it('the sending limits name themselves in the detail', () => {
    const concurrent = classifyLoginFailure('smtp', {stage: 'send', serverText: CASES[0]![0], message: ''} as never)
    assert.match(concurrent.detail ?? '', /3 concurrent sending connections/)
    assert.match(readLimitReply(CASES[2]![0])?.detail ?? '', /daily recipient limit \(10,000\)/)
    assert.equal(readLimitReply(CASES[5]![0])?.detail, undefined, 'a block is not a limit with a detail')
  })
  it('leaves other replies alone', () => {
    for (const text of ['535 5.7.3 Authentication unsuccessful', '421 4.3.2 Service not available, closing transmission channel', 'NO AUTHENTICATE failed.']) {
      assert.equal(readLimitReply(text), undefined, text)
    }
  })
})
