// One mapping of network errors for every stage: a DNS failure is never told as a refusal, and an error nobody
// recognises maps to nothing (the diagnosis then says it is unexplained).
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {CAUSE_OF_NETWORK_FAILURE, networkFailureOf} from '../../src/core/network-error.js'
import {buildCause} from '../../src/diagnosis/catalogue.js'

describe('networkFailureOf', () => {
  it('reads the code wherever it sits in a message', () => {
    assert.deepEqual(networkFailureOf('getaddrinfo EAI_AGAIN login.microsoftonline.com'), {kind: 'dns', code: 'EAI_AGAIN'})
    assert.deepEqual(networkFailureOf('network_error: request to https://x failed, reason: getaddrinfo ENOTFOUND x'), {kind: 'dns', code: 'ENOTFOUND'})
    assert.equal(networkFailureOf('connect ECONNREFUSED 127.0.0.1:587')?.kind, 'refused')
    assert.equal(networkFailureOf('connect ENETUNREACH 10.0.0.1:993')?.kind, 'unreachable')
    assert.equal(networkFailureOf('no greeting within 10000 ms (timed out)')?.kind, 'timeout')
    assert.equal(networkFailureOf('unable to verify the first certificate')?.kind, 'tls')
    assert.equal(networkFailureOf('network_error: Network request failed'), undefined)
    assert.equal(networkFailureOf(undefined), undefined)
  })

  it('words a refusal as a refusal only when the peer refused', () => {
    const v = {host: 'smtp.office365.com', port: 587}
    const refused = buildCause(CAUSE_OF_NETWORK_FAILURE.refused, {}, {...v, networkCode: 'ECONNREFUSED'})
    const unreachable = buildCause(CAUSE_OF_NETWORK_FAILURE.unreachable, {}, {...v, networkCode: 'ENETUNREACH'})
    assert.match(refused.explanation, /actively refused/)
    assert.doesNotMatch(unreachable.explanation, /actively refused/)
    assert.match(unreachable.explanation, /ENETUNREACH/)
    const dns = buildCause(CAUSE_OF_NETWORK_FAILURE.dns, {}, {host: 'login.microsoftonline.com', port: 443, networkCode: 'EAI_AGAIN'})
    assert.doesNotMatch(`${dns.explanation} ${dns.remediation.steps.join(' ')}`, /refused|587|993|995/)
  })
})
