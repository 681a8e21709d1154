// The client certificate as a product holds it: PEM (plain or encrypted key) and PFX exported the Windows way
// (made here by the real openssl, legacy 3DES/RC2 and AES-256), and what config.certificate says about each.
import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {createHash, X509Certificate} from 'node:crypto'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {before, describe, it} from 'node:test'
import {loadClientCertificate} from '../../src/checks/config/certificate/load.js'
import {configCertificate} from '../../src/checks/config/certificate/check.js'
import {Secret} from '../../src/core/secret.js'
import {defaultRunOptions} from '../../src/doctor/run-doctor.js'
import {mergeSettings} from '../../src/settings/load-settings.js'
import type {CheckContext} from '../../src/checks/check.js'
import {hasOpenssl, makeOpensslCertificate} from '../support/openssl-certificate.js'

const CERTS = 'scenarios/certs'

function portalThumbprint(pemFile: string, hash: 'sha1' | 'sha256'): string {
  return createHash(hash).update(new X509Certificate(readFileSync(pemFile)).raw).digest('hex').toUpperCase()
}

describe('loading a client certificate', () => {
  it('PEM with its key: both thumbprints as the portal shows them (uppercase hex, no separators)', () => {
    const r = loadClientCertificate(`${CERTS}/mailer-with-key.pem`)
    assert.ok(r.ok, r.ok ? '' : r.problem)
    assert.equal(r.loaded.thumbprintSha1, portalThumbprint(`${CERTS}/mailer.pem`, 'sha1'))
    assert.match(r.loaded.thumbprintSha1, /^[0-9A-F]{40}$/)
    assert.match(r.loaded.thumbprintSha256, /^[0-9A-F]{64}$/)
    assert.equal(String(r.loaded.privateKey), '[redacted]')
  })
  it('the public part alone: no private key', () => {
    const r = loadClientCertificate(`${CERTS}/mailer.pem`)
    assert.ok(!r.ok && /no private key/.test(r.problem))
  })
  it('a key of another certificate: the key pair does not match', () => {
    const r = loadClientCertificate(`${CERTS}/mailer-wrong-key.pem`)
    assert.ok(!r.ok && /does not belong/.test(r.problem))
  })
  it('a missing file and a file that is no certificate', () => {
    const r1 = loadClientCertificate(`${CERTS}/nope.pem`)
    assert.ok(!r1.ok && /does not exist/.test(r1.problem))
    const r2 = loadClientCertificate(`${CERTS}/README.md`)
    assert.ok(!r2.ok && /neither PEM|no PEM certificate/.test(r2.problem))
  })
  it('a hostile file of BEGIN markers without END is judged quickly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'o365d-cert-'))
    writeFileSync(join(dir, 'x.pem'), '-----BEGIN CERTIFICATE-----\n'.repeat(30_000))
    const started = performance.now()
    const r = loadClientCertificate(join(dir, 'x.pem'))
    assert.ok(!r.ok)
    assert.ok(performance.now() - started < 500)
  })
})

describe('PFX and encrypted PEM made by openssl, as an admin exports them', {skip: !hasOpenssl && 'openssl not installed'}, () => {
  let dir = ''
  const password = 'Pa55-w0rd!'
  before(() => {
    const made = makeOpensslCertificate({subject: '/CN=o365doctor test', days: 30, password})
    dir = made.dir
    made.openssl('pkcs12', '-export', '-in', made.cert, '-inkey', made.key, '-out', 'nokey.pfx', '-passout', `pass:${password}`, '-nokeys')
    made.openssl('pkcs8', '-topk8', '-in', made.key, '-out', 'enc.key', '-v2', 'aes-256-cbc', '-passout', `pass:${password}`)
    writeFileSync(join(dir, 'enc.pem'), readFileSync(join(dir, made.cert), 'latin1') + readFileSync(join(dir, 'enc.key'), 'latin1'))
  })
  for (const file of ['legacy.pfx', 'aes.pfx', 'enc.pem']) {
    it(`${file} loads with its password and gives openssl's thumbprint`, () => {
      const r = loadClientCertificate(join(dir, file), new Secret(password))
      assert.ok(r.ok, r.ok ? '' : r.problem)
      const fingerprint = execFileSync('openssl', ['x509', '-in', join(dir, 'cert.pem'), '-noout', '-fingerprint', '-sha1'], {encoding: 'utf8'})
      assert.equal(r.loaded.thumbprintSha1, fingerprint.split('=')[1]!.trim().replace(/:/g, ''))
      assert.equal(r.loaded.format, file.endsWith('.pfx') ? 'pfx' : 'pem')
    })
    it(`${file}: a wrong password and a missing one are told apart`, () => {
      const wrong = loadClientCertificate(join(dir, file), new Secret('wrong'))
      assert.ok(!wrong.ok && /password is wrong/.test(wrong.problem), wrong.ok ? '' : wrong.problem)
      const none = loadClientCertificate(join(dir, file))
      assert.ok(!none.ok && /no password was given/.test(none.problem), none.ok ? '' : none.problem)
    })
  }
  it('a PFX exported without the key', () => {
    const r = loadClientCertificate(join(dir, 'nokey.pfx'), new Secret(password))
    assert.ok(!r.ok && /no private key/.test(r.problem), r.ok ? '' : r.problem)
  })
})

function ctx(file: string, now = new Date()): CheckContext {
  const {settings, sources} = mergeSettings([{source: 'flag', nameOf: (k) => k, values: {tenant: 'contoso.onmicrosoft.com', clientId: '9a1b2c3d-0000-4000-8000-000000000001', mailbox: 'a@contoso.com', certificate: file}}])
  return {settings, sources, options: defaultRunOptions({now: () => now}), results: new Map(), facts: {}, signal: new AbortController().signal}
}

describe('config.certificate', () => {
  it('passes and names both thumbprints', async () => {
    const out = await configCertificate.run(ctx(`${CERTS}/mailer-with-key.pem`))
    assert.equal(out.status, 'pass')
    assert.ok(out.summary.includes(portalThumbprint(`${CERTS}/mailer.pem`, 'sha1')))
    assert.ok(out.summary.includes(portalThumbprint(`${CERTS}/mailer.pem`, 'sha256')))
  })
  it('fails with config.client-certificate once the certificate has expired locally', async () => {
    const notAfter = new Date(new X509Certificate(readFileSync(`${CERTS}/mailer.pem`)).validTo)
    const out = await configCertificate.run(ctx(`${CERTS}/mailer-with-key.pem`, new Date(notAfter.getTime() + 86_400_000)))
    assert.equal(out.status, 'fail')
    assert.deepEqual(out.causes?.map((c) => c.id), ['config.client-certificate'])
    assert.match(out.causes![0]!.explanation, /expired/)
    const keyBody = readFileSync(`${CERTS}/mailer-with-key.pem`, 'utf8').split('PRIVATE KEY-----')[1]!.split('\n')[1]!
    assert.ok(!JSON.stringify(out).includes(keyBody) && !JSON.stringify(out).includes('-----BEGIN'))
  })
})
