import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {CAUSE_IDS, type CauseId} from '../../src/core/cause-ids.js'
import {CATALOGUE, buildCause, psQuote, type FixValues} from '../../src/diagnosis/catalogue.js'
import {parsePowerShell} from '../support/powershell-parser.js'

const REAL: FixValues = {
  tenant: 'contoso.onmicrosoft.com',
  tenantId: '11111111-2222-3333-4444-555555555555',
  clientId: '9a1b2c3d-0000-4000-8000-00000000abcd',
  appDisplayName: 'Mailer',
  enterpriseObjectId: '77e0aaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  appRegistrationObjectId: '33330000-1111-4222-8333-444444444444',
  exchangeObjectId: '33330000-1111-4222-8333-444444444444',
  mailbox: 'sender@contoso.com',
  from: 'noreply@contoso.com',
  protocol: 'imap',
  missingRoles: ['IMAP.AccessAsApp'],
}

describe('cause catalogue', () => {
  it('has a complete entry for every cause ID, with and without values', () => {
    for (const id of CAUSE_IDS) {
      const entry = CATALOGUE[id]
      assert.ok(entry, `missing ${id}`)
      assert.ok(entry.title.length > 10 && !entry.title.includes('\n'), `${id} title`)
      assert.ok(['error', 'warning', 'info'].includes(entry.severity), `${id} severity`)
      assert.ok(entry.docs.length > 0 && entry.docs.every((d) => d.startsWith('https://learn.microsoft.com/')), `${id} docs`)
      for (const v of [{}, REAL]) {
        const text = entry.explain(v)
        assert.ok(text.length > 60, `${id} explain`)
        assert.doesNotMatch(text, /undefined|\[object Object\]|NaN/, `${id} explain leaks a missing value`)
        const r = entry.remediation(v)
        assert.ok(r.steps.length > 0, `${id} has steps`)
        for (const line of [...r.steps, ...r.powershell]) assert.doesNotMatch(line, /undefined|\[object Object\]/, `${id}: ${line}`)
      }
    }
  })

  it('only the expiring-credential and secret-encoding warnings are not errors', () => {
    const warnings = CAUSE_IDS.filter((id) => CATALOGUE[id].severity !== 'error')
    assert.deepEqual(warnings.sort(), ['config.secret-encoding-hazard', 'graph.certificate-expiring', 'graph.secret-expiring'])
  })
})

describe('psQuote', () => {
  it('single-quotes and doubles quotes so nothing expands', () => {
    assert.equal(psQuote('a@b.com'), "'a@b.com'")
    assert.equal(psQuote("o'brien@x.com"), "'o''brien@x.com'")
    assert.equal(psQuote('$(Remove-Item C:\\ -Recurse)'), "'$(Remove-Item C:\\ -Recurse)'")
  })

  it('neutralises the Unicode quote look-alikes PowerShell also ends strings on', () => {
    for (const q of ['\u2018', '\u2019', '\u201A', '\u201B']) {
      const out = psQuote(`x${q}; Remove-Mailbox boss${q}`)
      // Every quote inside the literal must be part of a doubled pair.
      const inner = out.slice(1, -1)
      const runs = inner.match(/['\u2018\u2019\u201A\u201B]+/g) ?? []
      for (const run of runs) assert.equal(run.length % 2, 0, `odd quote run in ${out}`)
    }
  })

  it('drops control characters that would start a new command line', () => {
    const out = psQuote("a@b.com'\r\nRemove-Mailbox x")
    assert.doesNotMatch(out, /[\r\n]/)
    assert.equal(out, "'a@b.com''Remove-Mailbox x'")
  })
})

describe('remediation', () => {
  it('fills in the real IDs', () => {
    const r = CATALOGUE['exchange.service-principal-wrong-object-id'].remediation(REAL)
    const ps = r.powershell.join('\n')
    assert.match(ps, /New-ServicePrincipal -AppId '9a1b2c3d-0000-4000-8000-00000000abcd' -ObjectId '77e0aaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' -DisplayName 'Mailer'/)
    assert.match(ps, /Remove-ServicePrincipal -Identity '33330000-1111-4222-8333-444444444444'/)
    assert.match(ps, /Add-MailboxPermission -Identity 'sender@contoso.com' -User '77e0aaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' -AccessRights FullAccess/)
    const explain = CATALOGUE['exchange.service-principal-wrong-object-id'].explain(REAL)
    assert.match(explain, /app registration's object ID/)
  })

  it('uses placeholders that PowerShell refuses to run when a value is unknown', () => {
    const ps = CATALOGUE['exchange.service-principal-missing'].remediation({}).powershell.join('\n')
    assert.match(ps, /-ObjectId <enterprise application object ID>/)
    assert.match(ps, /-AppId <client ID>/)
  })

  it('prefers per-mailbox SMTP AUTH and says why', () => {
    const e = CATALOGUE['exchange.smtp-auth-disabled-tenant']
    assert.match(e.remediation(REAL).powershell.join('\n'), /Set-CASMailbox -Identity 'sender@contoso.com' -SmtpClientAuthenticationDisabled \$false/)
    assert.doesNotMatch(e.remediation(REAL).powershell.join('\n'), /Set-TransportConfig/)
    assert.match(e.explain(REAL), /MS\.EXO\.5\.1/)
  })

  it('builds the admin consent URL and the role grant for the missing role', () => {
    const r = CATALOGUE['claims.missing-role'].remediation(REAL)
    assert.ok(r.steps.some((s) => s.includes('https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/adminconsent?client_id=9a1b2c3d-0000-4000-8000-00000000abcd')))
    assert.match(r.powershell.join('\n'), /Where-Object Value -eq 'IMAP\.AccessAsApp'/)
    const gov = CATALOGUE['claims.missing-role'].remediation({...REAL, cloud: 'usgov'})
    assert.ok(gov.steps.some((s) => s.includes('https://login.microsoftonline.us/')))
    assert.match(gov.powershell[0]!, /-Environment USGov/)
  })

  it('Send As names both addresses', () => {
    const ps = CATALOGUE['exchange.send-as-denied'].remediation(REAL).powershell.join('\n')
    assert.match(ps, /Add-RecipientPermission -Identity 'noreply@contoso\.com' -Trustee 'sender@contoso\.com' -AccessRights SendAs/)
  })

  it('quotes hostile values in remediation', () => {
    const ps = CATALOGUE['exchange.mailbox-permission-missing'].remediation({mailbox: "x'; Remove-Mailbox y; '"}).powershell.join('\n')
    assert.match(ps, /-Identity 'x''; Remove-Mailbox y; ''' -User/)
  })

  it('a client ID that is not a GUID is never spliced into a double-quoted filter', () => {
    const ps = CATALOGUE['token.secret-expired'].remediation({clientId: '$(evil)'}).powershell.join('\n')
    assert.doesNotMatch(ps, /\$\(evil\)/)
  })
})

describe('buildCause', () => {
  it('produces the report shape with defaults and overrides', () => {
    const c = buildCause('claims.missing-role', {confidence: 'certain', checks: ['token.claims'], evidence: {roles: []}}, REAL)
    assert.equal(c.id, 'claims.missing-role')
    assert.equal(c.severity, 'error')
    assert.equal(c.confidence, 'certain')
    assert.equal(c.summary, CATALOGUE['claims.missing-role'].title)
    assert.deepEqual(c.checks, ['token.claims'])
    assert.deepEqual(c.evidence, {roles: []})
    assert.equal(c.candidates, undefined)
    const d = buildCause('exchange.authorization-failed', {candidates: ['exchange.service-principal-missing'], summary: 'x'}, {})
    assert.equal(d.summary, 'x')
    assert.equal(d.confidence, 'likely')
    assert.deepEqual(d.candidates, ['exchange.service-principal-missing'])
  })
})

describe('the 2026-11-30 causes', () => {
  const CERT: FixValues = {
    ...REAL,
    thumbprintSha1: '84E05C1D98BCE3A5421D225B140B36E86A3D5534',
    thumbprintSha256: '0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A0B1C',
    certificateExpires: '2026-12-15',
    registeredThumbprints: ['DA20FCA696C4F83E8A9AED59BE33368ED421F3C1'],
    publicCertificatePath: 'C:\\certs\\mail.cer',
  }
  const FED: FixValues = {
    ...REAL,
    aadstsCode: '700213',
    federatedIssuer: 'https://token.actions.githubusercontent.com',
    federatedSubject: 'repo:Contoso/mailer:environment:Production',
    federatedAudience: 'api://AzureADTokenExchange',
    closestCredential: {name: 'gh-prod', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/mailer:environment:Production', audiences: ['api://AzureADTokenExchange']},
  }
  const NEW_IDS = [
    'config.client-certificate', 'config.secret-encoding-hazard', 'config.consumer-account', 'token.certificate-not-registered',
    'token.certificate-expired', 'token.assertion-invalid', 'token.federation-mismatch', 'graph.certificate-expiring',
    'exchange.no-mailbox', 'exchange.throttled', 'exchange.outbound-blocked', 'client.pop-one-line-auth',
    'check.unexplained-failure', 'client.token-not-refreshed',
  ] as const
  const PLACEHOLDER = /<[A-Za-z][^<>]*>/
  const TENANT_CHANGE = /^(Set|Add|New|Remove|Update|Enable|Disable|Undo|Export)-/m

  it('the secret-encoding hazard names the characters and how to quote them, never the secret', () => {
    const secret = 'Ab#1$x!Q~9'
    const v: FixValues = {...REAL, secretHazards: ['#', '$', '!'], field: 'client secret', value: secret}
    const e = CATALOGUE['config.secret-encoding-hazard']
    const text = [e.explain(v), ...e.remediation(v).steps, ...e.remediation(v).powershell].join('\n')
    assert.match(e.explain(v), /"#"/)
    assert.match(e.explain(v), /"\$"/)
    assert.match(e.explain(v), /"!"/)
    assert.ok(!text.includes(secret), 'the secret never appears')
    for (const where of [/\.env/, /POSIX shell/, /PowerShell/, /percent-encode/]) assert.match(text, where)
  })

  it('the federation fix carries the presented issuer and subject exactly, and names the case-only difference', () => {
    const e = CATALOGUE['token.federation-mismatch']
    assert.match(e.explain(FED), /AADSTS700213/)
    assert.match(e.explain(FED), /only the case differs/)
    const ps = e.remediation(FED).powershell.join('\n')
    assert.match(ps, /New-MgApplicationFederatedIdentityCredential .*-Issuer 'https:\/\/token\.actions\.githubusercontent\.com' -Subject 'repo:Contoso\/mailer:environment:Production' -Audiences @\('api:\/\/AzureADTokenExchange'\)/)
    assert.ok(e.remediation(FED).steps.some((s) => s.includes('repo:Contoso/mailer:environment:Production')))
  })

  it('certificate fixes upload the public part with Graph PowerShell and never print a private key', () => {
    for (const id of ['token.certificate-not-registered', 'token.certificate-expired', 'graph.certificate-expiring', 'config.client-certificate'] as const) {
      const r = CATALOGUE[id].remediation(CERT)
      const ps = r.powershell.join('\n')
      assert.match(ps, /Update-MgApplication -ApplicationId \$app\.Id -KeyCredentials/, id)
      assert.match(ps, /appId eq '9a1b2c3d-0000-4000-8000-00000000abcd'/, id)
      assert.doesNotMatch(ps, /PrivateKey|ExportParameters|-----BEGIN/i, id)
      assert.ok(r.steps.some((s) => s.includes('Upload certificate')), id)
    }
    assert.match(CATALOGUE['token.certificate-not-registered'].explain(CERT), /84E05C1D98BCE3A5421D225B140B36E86A3D5534/)
    assert.match(CATALOGUE['token.certificate-expired'].explain(CERT), /expired on 2026-12-15/)
  })

  it('the assertion explanation follows the AADSTS code and the clock offset', () => {
    const e = CATALOGUE['token.assertion-invalid']
    assert.match(e.explain({...REAL, aadstsCode: '700024', clockOffsetSeconds: -420}), /420 seconds behind/)
    assert.match(e.explain({...REAL, aadstsCode: '700023'}), /https:\/\/login\.microsoftonline\.com\/11111111-2222-3333-4444-555555555555\/oauth2\/v2\.0\/token/)
  })

  it('no-mailbox is fixed with a licence or mailbox, not a permission', () => {
    const r = CATALOGUE['exchange.no-mailbox'].remediation(REAL)
    assert.match(r.powershell.join('\n'), /Get-EXORecipient -Identity 'sender@contoso\.com'/)
    assert.ok(r.steps.some((s) => /licen[cs]e/i.test(s)))
    assert.doesNotMatch(r.powershell.join('\n'), /Add-MailboxPermission|New-ServicePrincipal|AppRoleAssignment/)
    assert.match(CATALOGUE['exchange.no-mailbox'].explain({...REAL, confirmPermission: 'User.Read.All'}), /could not confirm.*User\.Read\.All/)
  })

  it('faults of the product and unexplained failures offer no tenant-changing cmdlet', () => {
    for (const id of ['check.unexplained-failure', 'client.pop-one-line-auth', 'client.token-not-refreshed', 'exchange.throttled'] as const) {
      assert.doesNotMatch(CATALOGUE[id].remediation(REAL).powershell.join('\n'), TENANT_CHANGE, id)
    }
    const u = CATALOGUE['check.unexplained-failure']
    const v = {...REAL, unexplainedChecks: ['smtp.login'], serverReply: '421 4.3.2 Service not available'}
    assert.match(u.explain(v), /smtp\.login/)
    assert.match(u.explain(v), /421 4\.3\.2 Service not available/)
    assert.ok(u.remediation(v).steps.some((s) => s.includes('--verbose')))
  })

  it('token lifetime is 60 to 90 minutes wherever the catalogue states it', () => {
    for (const id of CAUSE_IDS) assert.doesNotMatch(CATALOGUE[id].explain(REAL), /tokens? (live|lasts?) about an hour/i, id)
    assert.match(CATALOGUE['client.token-not-refreshed'].explain(REAL), /60 to 90 minutes/)
  })

  it('the PowerShell of every new entry parses when the values are known', async () => {
    const all: FixValues = {...CERT, ...FED, secretHazards: ['#']}
    let parsed = 0
    for (const id of NEW_IDS) {
      const lines = CATALOGUE[id].remediation(all).powershell.filter((l) => !PLACEHOLDER.test(l.replace(/#.*$/, '')))
      if (lines.length === 0) continue
      const {errors} = await parsePowerShell(lines.join('\n'))
      assert.deepEqual(errors, [], id)
      parsed++
    }
    assert.ok(parsed >= 8, `only ${parsed} entries had PowerShell to parse`)
  })
})

describe('exchange.authorization-failed counts and names the candidates it lists', () => {
  const SP_ACCESS = ['exchange.service-principal-missing', 'exchange.service-principal-wrong-object-id', 'exchange.mailbox-permission-missing'] as const
  const NAMED: Record<string, RegExp> = {
    'exchange.service-principal-missing': /New-ServicePrincipal never run/,
    'exchange.service-principal-wrong-object-id': /app registration's object ID/,
    'exchange.mailbox-permission-missing': /no FullAccess on the mailbox/,
    'exchange.no-mailbox': /no Exchange Online mailbox/,
    'exchange.pop-disabled': /POP disabled/,
  }
  const explanation = (candidates?: CauseId[]) => buildCause('exchange.authorization-failed', {candidates}, REAL).explanation
  const numbers = /\b(two|three|four|five|six) mistakes\b/g

  for (const [count, candidates] of [
    ['three', [...SP_ACCESS]],
    ['four', [...SP_ACCESS, 'exchange.no-mailbox']],
    ['five', [...SP_ACCESS, 'exchange.no-mailbox', 'exchange.pop-disabled']],
  ] as [string, CauseId[]][])
    it(`${candidates.length} candidates: "${count} mistakes", each named, no other named`, () => {
      const text = explanation(candidates)
      assert.deepEqual(text.match(numbers), [`${count} mistakes`], text)
      for (const [id, pattern] of Object.entries(NAMED)) assert.equal(pattern.test(text), candidates.includes(id as CauseId), `${id} in: ${text}`)
      assert.match(text, /Get-ServicePrincipal and Get-MailboxPermission/)
    })

  it('without the service-principal candidates it does not send the reader to Get-ServicePrincipal', () => {
    const text = explanation(['exchange.no-mailbox', 'exchange.pop-disabled'])
    assert.deepEqual(text.match(numbers), ['two mistakes'])
    assert.doesNotMatch(text, /Get-ServicePrincipal|FullAccess/)
  })

  it('with no candidate list it claims no number', () => {
    assert.doesNotMatch(explanation(), numbers)
    assert.doesNotMatch(CATALOGUE['exchange.authorization-failed'].explain(REAL), numbers)
  })
})
