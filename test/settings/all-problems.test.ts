// Every missing or invalid setting is named in one message, so one run tells the whole story.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {InputError} from '../../src/core/input-error.js'
import {mergeSettings, type SettingsLayer} from '../../src/settings/load-settings.js'
import {runCli} from '../support/cli.js'

const flags = (values: SettingsLayer['values']): SettingsLayer => ({source: 'flag', nameOf: (k) => `--${k}`, values})

describe('settings problems, all at once', () => {
  it('names every missing required value and every invalid one in a single InputError', () => {
    let caught: unknown
    try {
      mergeSettings([flags({tenant: 'contoso.com', cloud: 'mars', smtp: {tls: 'ssl3'}, imap: {tls: 'tls9'}, auth: 'kerberos'})])
    } catch (error) {
      caught = error
    }
    assert.ok(caught instanceof InputError)
    const message = caught.message
    for (const part of ['7 settings', 'clientId', 'clientSecret', 'mailbox', '"mars"', '"ssl3"', '"tls9"', '"kerberos"']) assert.ok(message.includes(part), `${part} in: ${message}`)
    assert.ok(!message.includes('tenant: missing'))
  })

  it('one problem keeps its own message', () => {
    assert.throws(() => mergeSettings([flags({tenant: 't', clientId: 'c', clientSecret: 's', mailbox: 'm@x.com', cloud: 'mars'})]), /^Error|--cloud: unknown cloud "mars"/)
  })

  it('the CLI says them in one line on stderr, exit 2', async () => {
    const r = await runCli(['check', '--offline', '--cloud', 'mars', '--smtp-tls', 'ssl3'])
    assert.equal(r.code, 2)
    const lines = r.stderr.trimEnd().split('\n')
    assert.equal(lines.length, 1, r.stderr)
    for (const part of ['tenant', 'clientId', 'clientSecret', 'mailbox', '--cloud', '--smtp-tls']) assert.ok(lines[0]!.includes(part), part)
  })
})
