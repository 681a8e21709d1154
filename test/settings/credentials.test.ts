// Which credential the settings name: a secret, a certificate (with its password) or a federated token, from
// files, the Azure convention variables and flags; exactly one, or an input error naming both.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {InputError} from '../../src/core/input-error.js'
import {environmentLayer, mergeSettings, type SettingsLayer} from '../../src/settings/load-settings.js'
import {parseSettingsText} from '../../src/settings/settings-file.js'
import type {RawSettings} from '../../src/settings/raw-settings.js'
import {checkCredentialSources} from '../../src/settings/credential-sources.js'

const IDS: RawSettings = {tenant: 'contoso.onmicrosoft.com', clientId: '9a1b2c3d-0000-4000-8000-000000000001', mailbox: 'a@contoso.com'}
const layer = (source: 'file' | 'env' | 'flag', values: RawSettings, name = (k: string) => `${source}:${k}`): SettingsLayer => ({source, nameOf: name, values})

describe('credential settings', () => {
  it('AZURE_CLIENT_CERTIFICATE_PATH/_PASSWORD, AZURE_FEDERATED_TOKEN_FILE and AZURE_AUTHORITY_HOST are read', () => {
    const env = environmentLayer({AZURE_CLIENT_CERTIFICATE_PATH: '/c.pfx', AZURE_CLIENT_CERTIFICATE_PASSWORD: 'pw', AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/'})
    const {settings} = mergeSettings([layer('flag', IDS), env])
    assert.equal(settings.certificate?.file, '/c.pfx')
    assert.equal(settings.certificate?.password?.reveal(), 'pw')
    assert.equal(String(settings.certificate?.password), '[redacted]')
    assert.equal(settings.authorityHost, 'login.microsoftonline.us')
    assert.equal(settings.certificate?.sendChain, false)
    const chain = mergeSettings([layer('flag', IDS), environmentLayer({AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem', AZURE_CLIENT_SEND_CERTIFICATE_CHAIN: 'TRUE'})])
    assert.equal(chain.settings.certificate?.sendChain, true)
    const fed = mergeSettings([layer('flag', IDS), environmentLayer({AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/azure-identity-token'})])
    assert.deepEqual(fed.settings.federatedToken, {source: 'file', file: '/var/run/secrets/azure/tokens/azure-identity-token'})
  })
  it('settings file: certificate {file, password} relative to the file, federatedToken inline or {file}', () => {
    const a = parseSettingsText('certificate: {file: certs/m.pfx, password: "p w"}\n', '/etc/o365/settings.yaml')
    assert.deepEqual(a, {certificate: '/etc/o365/certs/m.pfx', certificatePassword: 'p w'})
    assert.deepEqual(parseSettingsText('certificate: m.pem\n', '/x/s.yaml'), {certificate: '/x/m.pem'})
    assert.deepEqual(parseSettingsText('federatedToken: {file: t.jwt}\n', '/x/s.yaml'), {federatedTokenFile: '/x/t.jwt'})
    const inline = mergeSettings([layer('file', {...IDS, ...parseSettingsText('federatedToken: " eyJ.a.b "\n', '/x/s.yaml')})]).settings.federatedToken
    assert.equal(inline?.source === 'inline' && inline.token.reveal(), 'eyJ.a.b')
    assert.throws(() => parseSettingsText('certificate: {path: x}\n', 's.yaml'), /certificate\.path/)
  })
  it('--federated github', () => {
    assert.deepEqual(mergeSettings([layer('flag', {...IDS, federated: 'github'})]).settings.federatedToken, {source: 'github'})
    assert.throws(() => mergeSettings([layer('flag', {...IDS, federated: 'gitlab'})]), /unknown federated token source "gitlab"/)
  })
  it('two credentials: an input error naming both, from any layers', () => {
    const pairs: [RawSettings, RawSettings, RegExp][] = [
      [{clientSecret: 's'}, {certificate: '/c.pem'}, /file:clientSecret and flag:certificate/],
      [{certificate: '/c.pem'}, {federatedTokenFile: '/t'}, /file:certificate and flag:federatedTokenFile/],
      [{clientSecret: 's'}, {federated: 'github'}, /file:clientSecret and flag:federated/],
    ]
    for (const [a, b, names] of pairs) {
      const run = () => mergeSettings([layer('file', {...IDS, ...a}), layer('flag', b)])
      assert.throws(run, (e: unknown) => e instanceof InputError && names.test(e.message) && /two credentials/.test(e.message))
    }
  })
  it('no credential at all names every way to give one; a password without a certificate is an error', () => {
    assert.throws(() => mergeSettings([layer('flag', IDS)]), /AZURE_CLIENT_CERTIFICATE_PATH.*--federated-token-file/)
    assert.throws(() => mergeSettings([layer('flag', {...IDS, clientSecret: 's', certificatePassword: 'pw'})]), /password is given but no certificate/)
  })
})

describe('federated token sources before the run', () => {
  it('an unreadable token file names its variable; --federated github outside a job says what is missing', () => {
    const file = mergeSettings([layer('flag', IDS), environmentLayer({AZURE_FEDERATED_TOKEN_FILE: '/nonexistent/token'})])
    assert.throws(() => checkCredentialSources(file, {}, {offline: false}), /^InputError: AZURE_FEDERATED_TOKEN_FILE \/nonexistent\/token: cannot read the federated token file \(ENOENT\)|AZURE_FEDERATED_TOKEN_FILE \/nonexistent\/token: cannot read/)
    const gh = mergeSettings([layer('flag', {...IDS, federated: 'github'})])
    assert.throws(() => checkCredentialSources(gh, {}, {offline: false}), /--federated github: ACTIONS_ID_TOKEN_REQUEST_URL/)
    assert.doesNotThrow(() => checkCredentialSources(gh, {}, {offline: true}))
    assert.doesNotThrow(() => checkCredentialSources(gh, {ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't'}, {offline: false}))
  })
})
