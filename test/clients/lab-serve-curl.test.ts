// The vendor's path end to end, as docs/vendor-test-bench.md shows it: `lab serve` in its own process with fixed
// ports and the CA in a folder, curl fetching a token from the lab's token endpoint (client credentials) and
// logging in to POP with it, then the lab's --log read back: every line there, no token.

import assert from 'node:assert/strict'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {freePortBase, serveLab} from '../support/lab-serve.js'
import {MAIL_HOST, missingTool, privateFile, runClient} from './harness.js'

const SECRET = 'Qx8~labSecretValue.For.Tests-0001' // scenarios/healthy.yaml, client.clientSecret

describe('lab serve + curl, as the vendor guide shows', () => {
  it('token from the lab, POP login in two steps, the log holds the dialogue and no token', async (t) => {
    const skip = await missingTool('curl')
    if (skip) return t.skip(skip)
    const dir = await mkdtemp(join(tmpdir(), 'o365doctor-vendor-'))
    const base = await freePortBase()
    const lab = await serveLab(['healthy', '--port-base', String(base), '--ca-out', join(dir, 'lab-ca'), '--log', join(dir, 'lab.log')])
    try {
      assert.equal(lab.child.exitCode, null, `lab serve ended: ${lab.out}`)
      const ca = join(dir, 'lab-ca', 'lab-ca.pem')
      const form = await privateFile(join(dir, 'token.conf'), `data-urlencode = "client_secret=${SECRET}"\n`)
      const tokenReply = await runClient('curl', [
        '-sS', '-K', form, '--cacert', ca, '--connect-to', `login.microsoftonline.com:443:127.0.0.1:${base}`,
        '-d', 'grant_type=client_credentials', '-d', 'client_id=9a1b2c3d-0000-4000-8000-000000000001',
        '-d', 'scope=https://outlook.office365.com/.default',
        'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
      ])
      assert.equal(tokenReply.code, 0, tokenReply.stderr)
      const token = (JSON.parse(tokenReply.stdout) as {access_token?: string}).access_token ?? ''
      assert.match(token, /^eyJ/)
      const login = await privateFile(join(dir, 'pop.conf'), `user = "sender@contoso.com:"\noauth2-bearer = "${token}"\n`)
      const pop = await runClient('curl', ['-sS', '-K', login, '--cacert', ca, '--connect-to', `${MAIL_HOST}:995:127.0.0.1:${base + 4}`, `pop3s://${MAIL_HOST}:995/`])
      assert.equal(pop.code, 0, pop.stderr.split(token).join('<token>'))
      assert.equal(await lab.stop(), 0)
      const log = await readFile(join(dir, 'lab.log'), 'utf8')
      assert.ok(!log.includes(token) && !log.includes(SECRET), 'no token and no secret in the log')
      assert.match(log, /^\S+Z note token: issued to 9a1b2c3d-0000-4000-8000-000000000001 for https:\/\/outlook\.office365\.com /m)
      const popLines = log.split('\n').filter((l) => / pop:995 \S+ [CS] /.test(l)).map((l) => l.split(' ').slice(3).join(' '))
      const at = popLines.indexOf('C AUTH XOAUTH2')
      assert.deepEqual(popLines.slice(at, at + 4), ['C AUTH XOAUTH2', 'S + ', 'C <XOAUTH2 user=sender@contoso.com, token redacted>', 'S +OK User successfully authenticated.'])
      t.diagnostic('row|curl + lab serve --port-base|healthy|token + POP|two-step|200 token; +OK User successfully authenticated.|exit 0; lab exits 0 on SIGINT')
    } finally {
      if (lab.child.exitCode === null && lab.child.signalCode === null) lab.child.kill('SIGKILL')
      await rm(dir, {recursive: true, force: true})
    }
  })
})
