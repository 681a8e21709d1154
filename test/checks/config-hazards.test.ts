// Decisions of the consumer-account and secret-hazard static checks, on plain values.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {consumerAccountFindings, isConsumerDomain} from '../../src/checks/config/consumer-account.js'
import {secretHazards} from '../../src/checks/config/secret-hazards.js'
import {tokenEndpointVersion, tokenUrlProblems, v1RequestForm} from '../../src/checks/config/token-url.js'
import {msalScope} from '../../src/checks/config/scope.js'

describe('consumer Microsoft account domains', () => {
  for (const d of ['outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'Outlook.DE', 'hotmail.co.uk', 'live.com.au', 'windowslive.com', 'passport.com']) {
    it(`${d} is consumer`, () => assert.equal(isConsumerDomain(d), true))
  }
  for (const d of ['contoso.com', 'outlook.office365.com', 'contoso.outlook.com', 'outlookcontoso.com', 'contoso.onmicrosoft.com', 'msn.contoso.com', 'mylive.com']) {
    it(`${d} is not`, () => assert.equal(isConsumerDomain(d), false))
  }
  it('names each setting that points at a consumer account', () => {
    const found = consumerAccountFindings({tenant: 'contoso.onmicrosoft.com', mailbox: 'a@live.com', from: 'b@contoso.com',
      tokenUrl: 'https://login.microsoftonline.com/consumers/oauth2/v2.0/token'})
    assert.deepEqual(found.map((f) => f.setting), ['mailbox', 'tokenUrl'])
  })
  it('/common and /organizations are not consumer findings (config.token-url reports them)', () => {
    assert.deepEqual(consumerAccountFindings({tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token'}), [])
    assert.ok(tokenUrlProblems('https://login.microsoftonline.com/common/oauth2/v2.0/token', undefined).length > 0)
    assert.deepEqual(tokenUrlProblems('https://login.microsoftonline.com/consumers/oauth2/v2.0/token', undefined), [])
  })
})

describe('secret hazards', () => {
  it('a portal-style secret has none', () => assert.deepEqual(secretHazards('Qx8~abc.DEF_ghi-jkl0123456789abcdefghijk'), []))
  it('names each risky character once, in a stable order', () => {
    assert.deepEqual(secretHazards('a&b#c$$d!e%f+g"h\'i`j\\k'), ['#', '$', '!', '%', '+', '&', '"', "'", '`', '\\'])
  })
  it('names whitespace at either end and inside', () => {
    assert.deepEqual(secretHazards(' abc'), ['space at the start'])
    assert.deepEqual(secretHazards('abc\n'), ['line break at the end'])
    assert.deepEqual(secretHazards('ab cd'), ['space inside'])
  })
  it('never returns the secret or a part of it', () => {
    const secret = 'Zz9#unique-marker$'
    assert.ok(!secretHazards(secret).some((h) => h.includes('unique')))
  })
})

describe('v1 token endpoint', () => {
  const v1 = 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token'
  it('tells v1 from v2', () => {
    assert.equal(tokenEndpointVersion(v1), 'v1')
    assert.equal(tokenEndpointVersion('https://login.microsoftonline.com/x/oauth2/v2.0/token/'), 'v2')
    assert.equal(tokenEndpointVersion('https://login.microsoftonline.com/x/oauth2/v2.0/authorize'), undefined)
  })
  it('is a problem only when a v2 scope is sent to it', () => {
    assert.equal(v1RequestForm('https://outlook.office365.com/.default', 'file'), 'v2-scope')
    assert.equal(v1RequestForm('https://outlook.office365.com', 'file'), 'resource')
    assert.equal(v1RequestForm('https://outlook.office365.com/.default', 'default'), 'unknown')
    assert.equal(tokenUrlProblems(v1, 'contoso.onmicrosoft.com', 'resource').length, 0)
    assert.equal(tokenUrlProblems(v1, 'contoso.onmicrosoft.com', 'unknown').length, 0)
    assert.match(tokenUrlProblems(v1, 'contoso.onmicrosoft.com', 'v2-scope')[0]!, /v1 endpoint/)
  })
  it('o365doctor asks v2 for the same token a v1 product gets', () => {
    assert.equal(msalScope({scope: 'https://outlook.office365.com', tokenUrl: v1}), 'https://outlook.office365.com/.default')
    assert.equal(msalScope({scope: 'https://graph.microsoft.com', tokenUrl: v1}), 'https://graph.microsoft.com')
    assert.equal(msalScope({scope: 'https://outlook.office365.com', tokenUrl: undefined}), 'https://outlook.office365.com')
  })
})
