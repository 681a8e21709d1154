// What a fleet's targets share, on plain data: one token request per (cloud, authority, app, credential, scope),
// started once however many targets ask at the same time; one Graph read per app and path; counts of what was sent.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {Secret} from '../../src/core/secret.js'
import {createSharedRequests, tokenRequestKey} from '../../src/fleet/shared-requests.js'
import type {ClientCredential, TokenResult} from '../../src/probes/token.js'

const secret = (v: string): ClientCredential => ({kind: 'secret', secret: new Secret(v)})
const req = (over: Partial<Parameters<typeof tokenRequestKey>[0]> = {}) => ({
  cloud: 'global', authority: 'https://login.microsoftonline.com/contoso.onmicrosoft.com', clientId: '9a1b2c3d-0000-4000-8000-000000000001',
  credential: secret('Qx8~shared.secret-0001'), scope: 'https://outlook.office365.com/.default', ...over,
})
const ok = (expiresInMs: number, now = 0): TokenResult => ({ok: true, token: new Secret('eyJ.token'), expiresOn: new Date(now + expiresInMs), durationMs: 1})

describe('token request keys', () => {
  it('the same app, credential and scope share a key; any difference does not', () => {
    const same = tokenRequestKey(req())
    assert.equal(tokenRequestKey(req({credential: secret('Qx8~shared.secret-0001')})), same, 'same secret Value from another variable')
    assert.equal(tokenRequestKey(req({clientId: '9A1B2C3D-0000-4000-8000-000000000001'})), same, 'client ID case')
    for (const other of [
      req({credential: secret('Qx8~another.secret')}), req({scope: 'https://graph.microsoft.com/.default'}),
      req({authority: 'https://login.microsoftonline.com/fabrikam.onmicrosoft.com'}), req({cloud: 'usgov'}),
      req({clientId: '00000000-0000-4000-8000-000000000009'}),
      req({credential: {kind: 'assertion', assertion: new Secret('Qx8~shared.secret-0001')}}),
    ]) {
      assert.notEqual(tokenRequestKey(other), same)
      assert.equal(tokenRequestKey(req()), same, 'the same credential again, after another (the hash is memoised)')
    }
  })

  it('never holds the secret', () => {
    assert.doesNotMatch(tokenRequestKey(req()), /Qx8~shared/)
  })
})

describe('shared requests', () => {
  it('targets asking at the same time get one request and the same answer', async () => {
    const shared = createSharedRequests(() => 0)
    let sent = 0
    const request = async () => { sent++; await new Promise((r) => setTimeout(r, 5)); return ok(3_600_000) }
    const results = await Promise.all(Array.from({length: 20}, () => shared.token('k', request)))
    assert.equal(sent, 1)
    assert.ok(results.every((r) => r === results[0]))
    await shared.token('other', request)
    assert.deepEqual({...shared.counts()}, {tokenRequests: 2, tokenUses: 21, graphReads: 0, graphUses: 0})
  })

  it('a refusal is shared too (one request for a wrong secret), a request that threw is asked again', async () => {
    const shared = createSharedRequests(() => 0)
    let sent = 0
    const refused = async (): Promise<TokenResult> => { sent++; return {ok: false, durationMs: 1, failure: {kind: 'server', errorCode: 'invalid_client', description: 'AADSTS7000215'}} }
    await shared.token('k', refused)
    await shared.token('k', refused)
    assert.equal(sent, 1)
    const boom = async (): Promise<TokenResult> => { sent++; throw new Error('bug') }
    await assert.rejects(shared.token('b', boom))
    await assert.rejects(shared.token('b', boom))
    assert.equal(sent, 3)
  })

  it('a token about to expire is requested again', async () => {
    let now = 0
    const shared = createSharedRequests(() => now)
    let sent = 0
    const request = async () => { sent++; return ok(10 * 60_000, now) }
    await shared.token('k', request)
    now = 4 * 60_000
    await shared.token('k', request)
    assert.equal(sent, 1, 'still 6 minutes left')
    now = 6 * 60_000
    await shared.token('k', request)
    assert.equal(sent, 2, '4 minutes left: asked again')
  })

  it('Graph: a keyed read is made once, an unkeyed (per-mailbox) read every time; both counted', async () => {
    const shared = createSharedRequests()
    let sent = 0
    const read = async () => { sent++; return {ok: true as const, value: {id: 'x'}} }
    await Promise.all([shared.graph('app /servicePrincipals', read), shared.graph('app /servicePrincipals', read), shared.graph(undefined, read), shared.graph(undefined, read)])
    assert.equal(sent, 3)
    assert.deepEqual({...shared.counts()}, {tokenRequests: 0, tokenUses: 0, graphReads: 3, graphUses: 4})
  })
})
