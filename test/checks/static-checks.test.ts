// Every config.* cause comes out of a settings file, and a correct settings file for each cloud produces none.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {STATIC_CHECKS} from '../../src/checks/config/index.js'
import {defaultRunOptions, runDoctor} from '../../src/doctor/run-doctor.js'
import {CAUSE_IDS} from '../../src/core/cause-ids.js'
import {mergeSettings} from '../../src/settings/load-settings.js'
import {parseSettingsText} from '../../src/settings/settings-file.js'
import {assertValidReport} from '../support/validate-report.js'

const BASE = `tenant: contoso.onmicrosoft.com
clientId: 9a1b2c3d-0000-4000-8000-000000000001
clientSecret: "Qx8~exampleSecretValue.NotReal-0001"
mailbox: sender@contoso.com
`

async function staticCauses(yaml: string): Promise<string[]> {
  const values = parseSettingsText(yaml, 'settings.yaml')
  const loaded = mergeSettings([{source: 'file', nameOf: (k) => k, values}])
  const report = await runDoctor({loaded, checks: STATIC_CHECKS, options: defaultRunOptions(), version: 'test'})
  assertValidReport(report)
  return report.causes.map((c) => c.id).sort()
}

const CORRECT: Record<string, string> = {
  global: `${BASE}scope: https://outlook.office365.com/.default
tokenUrl: https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token
smtp: {host: smtp.office365.com, port: 587, tls: starttls}
imap: {host: outlook.office365.com, port: 993, tls: implicit}
pop: {host: outlook.office365.com, port: 995, tls: implicit}
`,
  usgov: `${BASE}scope: https://outlook.office365.us/.default
tokenUrl: https://login.microsoftonline.us/contoso.onmicrosoft.com/oauth2/v2.0/token
smtp: {host: smtp.office365.us, port: 587, tls: starttls}
imap: {host: outlook.office365.us, port: 993, tls: implicit}
`,
  china: `${BASE}cloud: china
scope: https://partner.outlook.cn/.default
smtp: {host: smtp.partner.outlook.cn, port: 587, tls: starttls}
pop: {host: partner.outlook.cn, port: 995, tls: implicit}
`,
  usgovdod: `${BASE}cloud: usgovdod
imap: {host: outlook-dod.office365.us, port: 993, tls: implicit}
`,
  'global, defaults only': BASE,
  'global, client certificate instead of a secret': `${BASE.replace(/clientSecret: .*\n/, '')}certificate: {file: scenarios/certs/mailer-with-key.pem}\n`,
  'global, REI3-style scope alias': `${BASE}scope: https://outlook.office.com/.default\nimap: {}\n`,
}

describe('a correct settings file produces no cause', () => {
  for (const [cloud, yaml] of Object.entries(CORRECT)) {
    it(cloud, async () => assert.deepEqual(await staticCauses(yaml), []))
  }
})

const BROKEN: [string, string, string][] = [
  ['config.secret-is-secret-id', 'Secret ID pasted as the secret', BASE.replace(/clientSecret: .*/, 'clientSecret: 0e4f5a6b-0000-4000-8000-000000000004')],
  ['config.scope-not-default', 'a permission scope instead of /.default', `${BASE}scope: https://outlook.office365.com/SMTP.SendAsApp\n`],
  ['config.scope-not-default', 'two scopes', `${BASE}scope: https://outlook.office365.com/.default offline_access\n`],
  ['config.scope-wrong-resource', 'Graph scope', `${BASE}scope: https://graph.microsoft.com/.default\n`],
  ['config.cloud-mismatch', 'GCC High scope with commercial hosts', `${BASE}cloud: global\nscope: https://outlook.office365.us/.default\nsmtp: {host: smtp.office365.com}\n`],
  ['config.cloud-mismatch', 'commercial token URL for a China tenant', `${BASE}cloud: china\ntokenUrl: https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token\n`],
  ['config.token-url', 'common', `${BASE}tokenUrl: https://login.microsoftonline.com/common/oauth2/v2.0/token\n`],
  ['config.token-url', 'organizations', `${BASE}tokenUrl: https://login.microsoftonline.com/organizations/oauth2/v2.0/token\n`],
  ['config.token-url', 'v1 endpoint', `${BASE}tokenUrl: https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token\n`],
  ['config.token-url', 'authorize endpoint', `${BASE}tokenUrl: https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize\n`],
  ['config.token-url', '{TENANT} placeholder (REI3)', `${BASE}tokenUrl: https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/token\n`],
  ['config.token-url', '#TenantID# placeholder (enaio)', `${BASE}tokenUrl: "https://login.microsoftonline.com/#TenantID#/oauth2/v2.0/token"\n`],
  ['config.token-url', 'no tenant', `${BASE}tokenUrl: https://login.microsoftonline.com/oauth2/v2.0/token\n`],
  ['config.smtp-tls-mode', 'SMTP on 465', `${BASE}smtp: {port: 465}\n`],
  ['config.smtp-tls-mode', 'implicit TLS on 587', `${BASE}smtp: {port: 587, tls: implicit}\n`],
  ['config.smtp-tls-mode', 'no TLS', `${BASE}smtp: {port: 587, tls: none}\n`],
  ['config.imap-tls-mode', 'IMAP 143 plaintext', `${BASE}imap: {port: 143}\n`],
  ['config.imap-tls-mode', 'IMAP STARTTLS on 993', `${BASE}imap: {port: 993, tls: starttls}\n`],
  ['config.pop-tls-mode', 'POP 110', `${BASE}pop: {port: 110}\n`],
  ['config.pop-tls-mode', 'POP STARTTLS on 995 (eBiss3)', `${BASE}pop: {port: 995, tls: starttls}\n`],
  ['config.smtp-host', 'Outlook.com consumer SMTP host', `${BASE}smtp: {host: smtp-mail.outlook.com}\n`],
  ['config.imap-host', 'a typo in the IMAP host', `${BASE}imap: {host: outlook.office356.com}\n`],
  ['config.pop-host', 'Gmail POP host', `${BASE}pop: {host: pop.gmail.com}\n`],
  ['config.basic-auth', 'password authentication', `${BASE}auth: basic\n`],
  ['config.no-smtp-auth', 'no authentication for SMTP', `${BASE}auth: none\nsmtp: {}\n`],
  ['config.invalid-value', 'tenant is a bare name', BASE.replace('contoso.onmicrosoft.com', 'contoso')],
  ['config.invalid-value', 'client ID not a GUID', BASE.replace('9a1b2c3d-0000-4000-8000-000000000001', 'Mailer')],
  ['config.invalid-value', 'mailbox not an address', BASE.replace('sender@contoso.com', 'sender')],
  ['config.client-certificate', 'certificate without its private key', `${BASE.replace(/clientSecret: .*\n/, '')}certificate: {file: scenarios/certs/mailer.pem}\n`],
  ['config.client-certificate', 'private key of another certificate', `${BASE.replace(/clientSecret: .*\n/, '')}certificate: scenarios/certs/mailer-wrong-key.pem\n`],
  ['config.client-certificate', 'no such file', `${BASE.replace(/clientSecret: .*\n/, '')}certificate: {file: scenarios/certs/missing.pfx, password: x}\n`],
  ['config.invalid-value', 'client ID equals the tenant ID', BASE.replace('contoso.onmicrosoft.com', '9a1b2c3d-0000-4000-8000-000000000001')],
]

describe('each config.* cause from a settings file', () => {
  for (const [cause, what, yaml] of BROKEN) {
    it(`${cause}: ${what}`, async () => {
      const causes = await staticCauses(yaml)
      assert.ok(causes.includes(cause), `expected ${cause}, got [${causes.join(', ')}]`)
    })
  }
  it('covers every config.* cause of the catalogue', () => {
    const covered = new Set(BROKEN.map(([c]) => c))
    const missing = CAUSE_IDS.filter((id) => id.startsWith('config.') && !covered.has(id))
    assert.deepEqual(missing, [])
  })
})
