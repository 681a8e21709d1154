// A certificate made as an admin makes it (openssl req -x509 -newkey rsa:2048 …), exported as a PFX the Windows
// way (legacy 3DES/RC2, and AES-256), uploaded (public part) to the lab's app: the whole check passes with it.
import assert from 'node:assert/strict'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {before, describe, it} from 'node:test'
import {runLabCheck} from '../support/lab-check.js'
import {hasOpenssl, makeOpensslCertificate} from '../support/openssl-certificate.js'

const PASSWORD = 'Adm1n-export!'

describe('an openssl-made certificate against the lab', {skip: !hasOpenssl && 'openssl not installed'}, () => {
  let dir = ''
  let scenario = ''
  before(() => {
    const made = makeOpensslCertificate({subject: '/CN=mailer.contoso.com', days: 365, password: PASSWORD})
    dir = made.dir
    // The healthy SMTP-only certificate scenario, with this certificate uploaded and this PFX configured.
    const text = readFileSync('scenarios/certificate-healthy.yaml', 'utf8')
      .replace('file: certs/mailer.pem', 'file: cert.pem')
      .replace(/client:\n((?:.*\n)*?) {2}certificate:\n {4}file: certs\/mailer-with-key\.pem\n/, `client:\n$1  certificate:\n    file: legacy.pfx\n    password: "${PASSWORD}"\n`)
    assert.ok(text.includes('legacy.pfx') && text.includes('cert.pem'), 'scenario rewritten')
    scenario = join(dir, 'openssl.yaml')
    writeFileSync(scenario, text)
  })
  it('legacy (3DES/RC2) PFX: token, Graph and SMTP login pass', async () => {
    const report = await runLabCheck(scenario)
    assert.equal(report.verdict, 'pass', JSON.stringify(report.causes.map((c) => c.summary)))
    const byId = new Map(report.checks.map((c) => [c.id, c.status]))
    for (const id of ['config.certificate', 'token.acquire', 'graph.certificates', 'smtp.login']) assert.equal(byId.get(id), 'pass', id)
  })
  it('AES-256 PFX, and the same certificate not uploaded: AADSTS700027', async () => {
    const ok = await runLabCheck(scenario, {flags: {certificate: join(dir, 'aes.pfx'), certificatePassword: PASSWORD}})
    assert.equal(ok.verdict, 'pass')
    const other = join(dir, 'other.yaml')
    writeFileSync(other, readFileSync(scenario, 'utf8').replace('file: cert.pem', 'file: ' + join(process.cwd(), 'scenarios/certs/other.pem')))
    const refused = await runLabCheck(other)
    assert.deepEqual(refused.causes.map((c) => c.id), ['token.certificate-not-registered'])
  })
})
