// Start-up costs paid once: one TLS context per trust set, one lab token signing key per process; the lab CA
// stays per run.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {createLabPki} from '../../src/lab/pki.js'
import {labTokenKeyOnce} from '../../src/lab/token-jwt.js'
import {secureContextFor, trustOptions} from '../../src/net/trust.js'

describe('one TLS context per trust set', () => {
  it('reuses the context for the same CA and builds another for another CA or trust mode', async () => {
    const [a, b] = await Promise.all([createLabPki(), createLabPki()])
    assert.notEqual(a.caPem, b.caPem, 'each lab run has its own CA')
    const ctxA = secureContextFor(a.caPem)
    assert.equal(secureContextFor(a.caPem), ctxA)
    assert.notEqual(secureContextFor(b.caPem), ctxA)
    assert.notEqual(secureContextFor(a.caPem, {caOnly: true}), ctxA)
    assert.equal(trustOptions({connectHost: '127.0.0.1', connectPort: 1, servername: 'x', ca: a.caPem}).secureContext, ctxA)
    const ctxB = secureContextFor(b.caPem)
    assert.equal(secureContextFor(a.caPem, {caOnly: true}), secureContextFor(a.caPem, {caOnly: true}))
    assert.equal(secureContextFor(b.caPem), ctxB, 'alternating CAs each keep their own context')
    assert.equal(secureContextFor(a.caPem), ctxA)
    assert.notEqual(secureContextFor(b.caPem, {caOnly: true}), ctxB)
    assert.deepEqual(trustOptions({connectHost: 'x', connectPort: 1, servername: 'x'}), {}, 'no lab CA: the system trust, no custom context')
  })
})

describe('lab token signing key', () => {
  it('is generated once per process', async () => {
    const [k1, k2] = await Promise.all([labTokenKeyOnce(), labTokenKeyOnce()])
    assert.equal(k1, k2)
    assert.equal((await labTokenKeyOnce()).kid, k1.kid)
  })
})
