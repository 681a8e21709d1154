import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {SignJWT} from 'jose'
import {decodeInput} from '../../src/decode/decode-input.js'
import {parseXoauth2} from '../../src/decode/xoauth2.js'

const TID = '11111111-2222-3333-4444-555555555555'
const APP = '9a1b2c3d-0000-4000-8000-00000000abcd'
const OID = '77e0aaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'
const KEY = new TextEncoder().encode('lab-signing-key-lab-signing-key-!!')
const NOW = Math.floor(Date.now() / 1000)

// A lab-like Exchange app-only token (v1 issuer, as Exchange tokens are), with overrides.
async function token(overrides: Record<string, unknown> = {}, drop: string[] = []): Promise<string> {
  const claims: Record<string, unknown> = {
    aud: 'https://outlook.office365.com',
    iss: `https://sts.windows.net/${TID}/`,
    iat: NOW - 60,
    nbf: NOW - 60,
    exp: NOW + 3600,
    appid: APP,
    appidacr: '1',
    app_displayname: 'Mailer',
    idtyp: 'app',
    oid: OID,
    sub: OID,
    tid: TID,
    roles: ['SMTP.SendAsApp', 'IMAP.AccessAsApp'],
    ver: '1.0',
    ...overrides,
  }
  for (const d of drop) delete claims[d]
  return new SignJWT(claims).setProtectedHeader({alg: 'HS256', typ: 'JWT'}).sign(KEY)
}

function xoauth2(user: string, tok: string): string {
  return Buffer.from(`user=${user}\u0001auth=Bearer ${tok}\u0001\u0001`).toString('base64')
}

describe('decodeInput: tokens', () => {
  it('a healthy app-only token: no causes, claims shown, token not echoed', async () => {
    const t = await token()
    const r = decodeInput(t, {protocols: ['smtp', 'imap'], tenantId: TID})
    assert.equal(r.kind, 'jwt')
    assert.deepEqual(r.causes, [])
    assert.deepEqual(r.problems, [])
    assert.equal(r.verdict, 'pass')
    assert.equal(r.claims?.oid, OID)
    assert.ok(r.notes.some((n) => n.includes('New-ServicePrincipal')))
    const json = JSON.stringify(r)
    assert.ok(!json.includes(t))
    assert.ok(!json.includes(t.split('.')[2]!), 'signature never shown')
    assert.equal(r.inputPreview, `${t.slice(0, 8)}…`)
  })

  const problems: [string, Record<string, unknown>, string[], string, object?][] = [
    ['Graph audience', {aud: 'https://graph.microsoft.com'}, [], 'claims.wrong-audience'],
    ['no roles at all', {}, ['roles'], 'claims.no-application-roles'],
    ['the protocol role missing', {roles: ['full_access_as_app']}, [], 'claims.missing-role'],
    ['a delegated token', {scp: 'SMTP.Send IMAP.AccessAsUser.All', idtyp: 'user'}, ['roles'], 'claims.delegated-token'],
    ['expired', {exp: NOW - 120, iat: NOW - 4000, nbf: NOW - 4000}, [], 'claims.expired'],
    ['another tenant', {tid: '99999999-2222-3333-4444-555555555555'}, [], 'claims.wrong-tenant'],
  ]
  for (const [name, overrides, drop, cause] of problems) {
    it(name, async () => {
      const r = decodeInput(await token(overrides, drop), {protocols: ['imap'], tenantId: TID})
      assert.ok(r.causes.some((c) => c.id === cause), `${cause} not in ${r.causes.map((c) => c.id).join(', ')}`)
      assert.equal(r.verdict, 'fail')
    })
  }

  it('names the missing role and fills the grant', async () => {
    const r = decodeInput(await token({roles: ['SMTP.SendAsApp']}), {protocols: ['pop']})
    const c = r.causes.find((x) => x.id === 'claims.missing-role')!
    assert.match(c.summary, /POP\.AccessAsApp/)
    assert.match(c.remediation.powershell.join('\n'), new RegExp(`-ServicePrincipalId '${OID}'.*'POP\\.AccessAsApp'`))
  })

  it('oid against the ObjectId given to New-ServicePrincipal', async () => {
    const other = '33330000-1111-4222-8333-444444444444'
    const r = decodeInput(await token(), {exchangeObjectId: other, mailbox: 'sender@contoso.com'})
    const c = r.causes.find((x) => x.id === 'exchange.service-principal-wrong-object-id')!
    assert.ok(c)
    assert.match(c.remediation.powershell.join('\n'), new RegExp(`New-ServicePrincipal -AppId '${APP}' -ObjectId '${OID}'`))
  })

  it('accepts the other Exchange audiences and national clouds, notes the issuer version', async () => {
    const gov = decodeInput(await token({aud: 'https://outlook.office365.us', iss: `https://login.microsoftonline.us/${TID}/v2.0`}), {protocols: ['smtp']})
    assert.deepEqual(gov.causes, [])
    assert.ok(gov.notes.some((n) => n.includes('GCC High')))
    assert.ok(gov.notes.some((n) => n.includes('v2 issuer')))
    const ps = decodeInput(await token({aud: 'https://ps.outlook.com'}), {protocols: ['imap']})
    assert.deepEqual(ps.causes, [])
  })

  it('rejects what is not a token', () => {
    const r = decodeInput('2b7e5f1c-1111-4222-8333-444455556666')
    assert.equal(r.kind, 'unknown')
    assert.equal(r.verdict, 'fail')
    const t = decodeInput('eyJhbGciOi.broken')
    assert.equal(t.kind, 'jwt')
    assert.ok(t.problems.length > 0)
  })
})

describe('decodeInput: XOAUTH2', () => {
  it('decodes a well-formed blob (also behind AUTH XOAUTH2) and judges its token', async () => {
    const t = await token({roles: []})
    const blob = xoauth2('sender@contoso.com', t)
    const r = decodeInput(`C: AUTH XOAUTH2 ${blob}`, {protocols: ['smtp']})
    assert.equal(r.kind, 'xoauth2')
    assert.equal(r.xoauth2?.user, 'sender@contoso.com')
    assert.equal(r.xoauth2?.wellFormed, true)
    assert.ok(r.causes.some((c) => c.id === 'claims.no-application-roles'))
    const json = JSON.stringify(r)
    assert.ok(!json.includes(blob) && !json.includes(t))
    assert.equal(r.tokenPreview, `${t.slice(0, 8)}…`)
  })

  it('lints the format', () => {
    assert.deepEqual(parseXoauth2('user=a@b.com\u0001auth=Bearer eyJx\u0001\u0001').problems, [])
    const literal = parseXoauth2('user=a@b.com^Aauth=Bearer eyJx^A^A')
    assert.match(literal.problems.join(' '), /literal text "\^A"/)
    assert.equal(literal.token, 'eyJx')
    assert.match(parseXoauth2('user=a@b.com\u0001auth=bearer eyJx\u0001\u0001').problems.join(' '), /auth=Bearer/)
    assert.match(parseXoauth2('user=a@b.com\u0001auth=Bearer eyJx').problems.join(' '), /two \^A/)
    assert.match(parseXoauth2('user=\u0001auth=Bearer eyJx\u0001\u0001').problems.join(' '), /not an e-mail address/)
    assert.match(parseXoauth2('user=a@b.com auth=Bearer eyJx').problems.join(' '), /No \^A/)
  })

  it('problems in the blob make the verdict fail', async () => {
    const bad = Buffer.from(`user=sender@contoso.com^Aauth=Bearer ${await token()}^A^A`).toString('base64')
    const r = decodeInput(bad, {protocols: ['smtp']})
    assert.equal(r.kind, 'xoauth2')
    assert.equal(r.verdict, 'fail')
    assert.ok(r.problems.some((p) => p.startsWith('XOAUTH2:')))
  })
})
