// The lab remembers a verified token until its exp (token-jwt.ts): one RSA check per token string, and a changed,
// expired or wrongly issued token is still refused.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {buildLabTokenClaims, labIssuer, labTokenKeyOnce, labTokenSignatureChecks, signLabToken, verifyLabToken} from '../../src/lab/token-jwt.js'

const subject = {cloud: 'global' as const, tenantId: '11111111-2222-3333-4444-555555555555', appId: 'a', appDisplayName: 'app', servicePrincipalId: 's', audience: 'https://outlook.office365.com', roles: ['SMTP.SendAsApp']}
const issuer = labIssuer('global', subject.tenantId)

test('a token is verified once, then remembered; a changed token is checked again and refused', async () => {
  const key = await labTokenKeyOnce()
  const token = await signLabToken(key, buildLabTokenClaims(subject))
  const before = labTokenSignatureChecks()
  const first = await verifyLabToken(key, token, issuer)
  const second = await verifyLabToken(key, token, issuer)
  assert.equal(first?.appid, 'a')
  assert.deepEqual(second, first)
  assert.equal(labTokenSignatureChecks() - before, 1)
  // The payload changed under the same signature: a different string, so checked again, and refused.
  const [h, p, s] = token.split('.')
  const claims = JSON.parse(Buffer.from(p!, 'base64url').toString())
  const forged = [h, Buffer.from(JSON.stringify({...claims, roles: ['full_access_as_app']})).toString('base64url'), s].join('.')
  assert.equal(await verifyLabToken(key, forged, issuer), undefined)
  assert.equal(labTokenSignatureChecks() - before, 2)
  // The remembered token under another issuer is not accepted.
  assert.equal(await verifyLabToken(key, token, labIssuer('global', '99999999-2222-3333-4444-555555555555')), undefined)
  // A caller changing the returned claims does not change what the next caller gets.
  first!.appid = 'changed'
  assert.equal((await verifyLabToken(key, token, issuer))?.appid, 'a')
})

test('a remembered token is refused once it has expired', async (t) => {
  const key = await labTokenKeyOnce()
  const token = await signLabToken(key, buildLabTokenClaims({...subject, lifetimeS: 60}))
  assert.ok(await verifyLabToken(key, token, issuer))
  const before = labTokenSignatureChecks()
  t.mock.timers.enable({apis: ['Date'], now: Date.now() + 120_000})
  assert.equal(await verifyLabToken(key, token, issuer), undefined)
  assert.equal(labTokenSignatureChecks() - before, 1, 'an expired token is verified again (and jose refuses it)')
})
