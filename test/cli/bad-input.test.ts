// Bad input: one clear line naming the input, exit code 2, never a stack trace.
import assert from 'node:assert/strict'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {runCli} from '../support/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'o365doctor-bad-input-'))
const file = (name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
const GOOD = 'tenant: contoso.onmicrosoft.com\nclientId: 9a1b2c3d-0000-4000-8000-000000000001\nclientSecret: "Qx8~x.y-z"\nmailbox: a@contoso.com\n'

const CASES: {what: string; args: string[]; names: RegExp; stdin?: string}[] = [
  {what: 'a missing required value', args: ['check', '--offline', '--client-id', '9a1b2c3d-0000-4000-8000-000000000001'], names: /tenant/},
  {what: 'a missing secret', args: ['check', '--offline', '--tenant', 'contoso.com', '--client-id', 'x', '--mailbox', 'a@b.com'], names: /clientSecret|client-secret/},
  {what: 'an unreadable file', args: ['check', '--config', join(dir, 'nope.yaml')], names: /nope\.yaml/},
  {what: 'a malformed file', args: ['check', '--config', file('malformed.yaml', 'tenant: [a\n')], names: /malformed\.yaml:\d+:\d+/},
  {what: 'malformed JSON', args: ['check', '--config', file('malformed.json', '{"tenant": "a"')], names: /malformed\.json:\d+:\d+/},
  {what: 'an unknown key', args: ['check', '--config', file('unknown.yaml', `${GOOD}smtpHost: x\n`)], names: /unknown\.yaml:5:1.*smtpHost/},
  {what: 'an unknown nested key', args: ['check', '--config', file('nested.yaml', `${GOOD}smtp: {hostname: x}\n`)], names: /nested\.yaml:5:\d+.*smtp\.hostname/},
  {what: 'a wrong type', args: ['check', '--config', file('type.yaml', `${GOOD}smtp: {port: submission}\n`)], names: /type\.yaml:5:\d+.*smtp\.port/},
  {what: 'a list where a value belongs', args: ['check', '--config', file('list.yaml', GOOD.replace('tenant: contoso.onmicrosoft.com', 'tenant: [a, b]'))], names: /list\.yaml:1:1.*tenant/},
  {what: 'an unknown TLS mode', args: ['check', '--config', file('ok.yaml', GOOD), '--smtp-tls', 'ssl3'], names: /--smtp-tls/},
  {what: 'an unknown cloud', args: ['check', '--config', file('ok2.yaml', GOOD), '--cloud', 'mars'], names: /--cloud.*mars/},
  {what: 'an unknown protocol', args: ['check', '--config', file('ok3.yaml', GOOD), '--protocols', 'smtp,ews'], names: /--protocols.*ews/},
  {what: 'a flag of the wrong type', args: ['check', '--smtp-port', 'abc'], names: /--smtp-port/},
  {what: 'an unknown lab scenario', args: ['check', '--lab', 'no-such-scenario'], names: /no-such-scenario/},
  {what: 'a malformed scenario file', args: ['check', '--lab', file('scenario.yaml', 'tenant:\n  id: 42\n  clouds: global\n')], names: /scenario\.yaml:\d+:\d+/},
  {what: 'two credentials (a secret in the file and a certificate flag)', args: ['check', '--config', file('ok5.yaml', GOOD), '--certificate', 'scenarios/certs/mailer-with-key.pem'], names: /clientSecret in .*ok5\.yaml and --certificate: two credentials/},
  {what: 'an empty --client-secret-stdin', args: ['check', '--config', file('ok4.yaml', GOOD), '--client-secret-stdin'], names: /--client-secret-stdin/, stdin: ''},
]

describe('bad input → one line naming the input, exit 2', () => {
  for (const c of CASES) {
    it(c.what, async () => {
      const result = await runCli(c.args, {stdin: c.stdin})
      assert.equal(result.code, 2, `exit code (stderr: ${result.stderr})`)
      const lines = result.stderr.trimEnd().split('\n')
      assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`)
      assert.match(lines[0]!, c.names)
      assert.doesNotMatch(result.stderr, /\n\s+at |Error: .*\n.*at /, 'no stack trace')
      assert.equal(result.stdout, '', 'nothing on stdout')
    })
  }
})
