import assert from 'node:assert/strict'
import {test} from 'node:test'
import {createRedactor} from '../../src/probes/xoauth2.js'
import {encodedForms, maskJwts, redactText, registerSecretValue} from '../../src/core/redact.js'
import {Secret} from '../../src/core/secret.js'

const JWT = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL291dGxvb2sub2ZmaWNlMzY1LmNvbSJ9.c2lnbmF0dXJlLW5vdC1yZWFsbHk'

test('JWT masking is linear: 320 KB of eyJ-eyJ-… and a long run with dots take milliseconds', () => {
  for (const text of ['eyJ-'.repeat(80_000), `ENOTFOUND ${'eyJ-'.repeat(50_000)}`, 'eyJabcdefgh.'.repeat(30_000), 'eyJ'.repeat(100_000)]) {
    const started = performance.now()
    redactText(text)
    createRedactor('u@x', 'eyJabc.def.ghi')(text)
    assert.ok(performance.now() - started < 1000, `${Math.round(performance.now() - started)} ms`)
  }
})

test('JWTs are masked wherever they stand, and only JWT-shaped text', () => {
  assert.equal(redactText(`token ${JWT} end`), 'token eyJ0eXAi… end')
  assert.equal(redactText(`a-${JWT}`), 'a-eyJ0eXAi…')
  assert.equal(redactText(`x=${JWT}.`), 'x=eyJ0eXAi….')
  assert.equal(redactText('keyJabcdefghijk.abcdefghijk'), 'keyJabcdefghijk.abcdefghijk', 'eyJ inside a word is no JWT start')
  assert.equal(redactText('eyJ0 short.one'), 'eyJ0 short.one')
  assert.equal(maskJwts(`${JWT} ${JWT}`, 8, () => 'J'), 'J J')
})

test('a short secret is masked as a whole word only', () => {
  new Secret('k9$x')
  assert.equal(redactText('secret k9$x was refused'), 'secret [redacted] was refused')
  assert.equal(redactText('k9$xyz and ak9$x stay'), 'k9$xyz and ak9$x stay')
})

test('a secret echoed in base64, base64url, inside a longer base64 blob, or URL-encoded is masked', () => {
  const value = 'Zq8~Ab/Secret+Value=01'
  new Secret(value)
  for (const prefix of ['', 'a', 'ab']) {
    const b64 = Buffer.from(`${prefix}${value}tail`).toString('base64')
    assert.ok(!redactText(`echo ${b64}`).includes(Buffer.from(value).toString('base64').slice(4, 20)), `prefix "${prefix}": ${redactText(b64)}`)
  }
  assert.ok(!redactText(Buffer.from(value).toString('base64url')).includes(Buffer.from(value).toString('base64url').slice(0, 16)))
  assert.equal(redactText(`client_secret=${encodeURIComponent(value)}&x=1`), 'client_secret=[redacted]&x=1')
  assert.ok(encodedForms(value).length >= 4)
})

test('credentials in a URL are masked, the host stays', () => {
  assert.equal(redactText('https://app:Pa55word@login.microsoftonline.com/x/oauth2/v2.0/token'), 'https://[redacted]@login.microsoftonline.com/x/oauth2/v2.0/token')
  assert.equal(redactText('http://proxy.corp:3128'), 'http://proxy.corp:3128')
})

test('registering an empty value is a no-op', () => {
  registerSecretValue('')
  assert.equal(redactText('nothing to hide'), 'nothing to hide')
})
