// The live checks' reading of a refused login / mailbox command / send: the same table as explain, so the new
// failure modes (throttling, one-line POP AUTH, stale tokens, policy replies) are raised where a check sees them.
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {classifyLoginFailure} from '../../src/checks/mail/classify-login.js'
import type {ProbeError} from '../../src/probes/types.js'

const err = (stage: ProbeError['stage'], serverText: string): ProbeError => ({stage, serverText, message: serverText})

describe('classifyLoginFailure', () => {
  const CASES: [string, 'smtp' | 'imap' | 'pop', ProbeError, string][] = [
    ['SMTP AUTH off for the tenant', 'smtp', err('auth', '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.'), 'exchange.smtp-auth-disabled-tenant'],
    ['a fourth concurrent sender, after DATA', 'smtp', err('send', '432 4.3.2 Concurrent connections limit exceeded. Visit https://aka.ms/concurrent_sending for more information. [Hostname=OS0PR01MB6099.jpnprd01.prod.outlook.com]'), 'exchange.throttled'],
    ['tenant blocked for spam, after DATA', 'smtp', err('send', '550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.'), 'exchange.outbound-blocked'],
    ['POP one-line AUTH', 'pop', err('auth', '-ERR Protocol error. Connection is closed. 10'), 'client.pop-one-line-auth'],
    ['IMAP throttled', 'imap', err('mailbox', 'A3 NO Request is throttled. Suggested Backoff Time: 299609 milliseconds'), 'exchange.throttled'],
    ['IMAP token expired mid-session', 'imap', err('mailbox', '* BYE Session invalidated - AccessTokenExpired'), 'client.token-not-refreshed'],
    ['SendAsDenied', 'smtp', err('send', '554 5.2.252 SendAsDenied; a@contoso.com not allowed to send as b@contoso.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied'), 'exchange.send-as-denied'],
  ]
  for (const [name, protocol, error, cause] of CASES) {
    it(name, () => assert.equal(classifyLoginFailure(protocol, error).id, cause))
  }

  it('a bare refusal stays authorization-failed with its candidates', () => {
    const r = classifyLoginFailure('smtp', err('auth', '535 5.7.3 Authentication unsuccessful [SN2PR00CA0018.namprd00.prod.outlook.com]'))
    assert.equal(r.id, 'exchange.authorization-failed')
    assert.equal(r.confidence, 'possible')
    assert.ok(r.candidates?.includes('exchange.service-principal-missing'))
  })
})
