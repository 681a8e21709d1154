import assert from 'node:assert/strict'
import {test} from 'node:test'
import {preview as tokenPreview} from '../../src/core/redact.js'
import {buildXoauth2, createRedactor} from '../../src/probes/xoauth2.js'
import {TOKEN, USER} from './fixtures/lab.js'

test('buildXoauth2 is base64 of user=…^Aauth=Bearer …^A^A (microsoft-behaviour §4.1)', () => {
  const b64 = buildXoauth2('someone@contoso.test', 'tok123')
  assert.equal(Buffer.from(b64, 'base64').toString('utf8'), 'user=someone@contoso.test\x01auth=Bearer tok123\x01\x01')
  // The MS doc's worked example.
  assert.equal(
    buildXoauth2('test@contoso.onmicrosoft.com', 'EwBAAl3BAAUFFpUAo7J3Ve0bjLBWZWCclRC3EoAA'),
    'dXNlcj10ZXN0QGNvbnRvc28ub25taWNyb3NvZnQuY29tAWF1dGg9QmVhcmVyIEV3QkFBbDNCQUFVRkZwVUFvN0ozVmUwYmpMQldaV0NjbFJDM0VvQUEBAQ==',
  )
})

test('the redactor removes the token, the XOAUTH2 string and any bearer-shaped value, and keeps server challenges', () => {
  const redact = createRedactor(USER, TOKEN)
  const xo = buildXoauth2(USER, TOKEN)
  for (const line of [`AUTH XOAUTH2 ${xo}`, `A1 AUTHENTICATE XOAUTH2 ${xo}`, xo, `token was ${TOKEN}`, `Authorization: Bearer ${TOKEN}`]) {
    const out = redact(line)
    assert.ok(!out.includes(TOKEN) && !out.includes(xo), out)
    assert.ok(!out.includes(TOKEN.slice(0, 20)), out)
  }
  assert.equal(redact(`AUTH XOAUTH2 ${xo}`), 'AUTH XOAUTH2 <XOAUTH2 redacted>')
  assert.equal(redact(`token was ${TOKEN}`), `token was ${tokenPreview(TOKEN)}`)
  // Someone else's XOAUTH2 string (another token) is still recognised by its content.
  const other = buildXoauth2('x@y.test', 'another-opaque-token-value-1234567890')
  assert.equal(redact(other), '<XOAUTH2 redacted>')
  // Dovecot's challenge is diagnostic, not secret.
  const challenge = '+ eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIiwic2NvcGUiOiJtYWlsIn0='
  assert.equal(redact(challenge), challenge)
  assert.equal(redact('535 5.7.3 Authentication unsuccessful [SN2PR00CA0018.namprd00.prod.outlook.com]'), '535 5.7.3 Authentication unsuccessful [SN2PR00CA0018.namprd00.prod.outlook.com]')
})

test('tokenPreview shows at most 8 characters', () => {
  assert.equal(tokenPreview(TOKEN), `${TOKEN.slice(0, 8)}…`)
  assert.equal(tokenPreview('short'), '[redacted]')
})
