import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {CAUSE_IDS} from '../../src/core/cause-ids.js'
import {CATALOGUE, buildCause, psQuote, type FixValues} from '../../src/diagnosis/catalogue.js'

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

  it('only the expiring-secret warning is not an error', () => {
    const warnings = CAUSE_IDS.filter((id) => CATALOGUE[id].severity !== 'error')
    assert.deepEqual(warnings, ['graph.secret-expiring'])
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
