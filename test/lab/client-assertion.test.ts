// The lab's token endpoint judging client assertions as Entra does (lab-scenario.md "Additions", §8.1.7, §8.2.4):
// both header forms msal-node sends, each refusal in the contract's order, and federated tokens. Decisions on
// plain data: no lab is started.
import assert from 'node:assert/strict'
import {createHash, createPrivateKey, randomUUID, X509Certificate} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {describe, it} from 'node:test'
import {SignJWT} from 'jose'
import {checkClientAssertion} from '../../src/lab/http/client-assertion.js'
import {createFederationIssuer} from '../../src/lab/http/federation-issuer.js'
import type {LabContext} from '../../src/lab/http/lab-context.js'
import type {ScenarioApplication} from '../../src/lab/scenario/types.js'
import {APP_ID, buildScenario} from './fixtures.js'

const CERTS = 'scenarios/certs'
const pemOf = (f: string) => readFileSync(`${CERTS}/${f}`, 'utf8')
const certOf = (f: string) => new X509Certificate(pemOf(f))
const keyOf = (f: string) => createPrivateKey(pemOf(f))
const HOST = 'login.microsoftonline.com'
const TENANT = 'contoso.onmicrosoft.com'
const AUD = `https://${HOST}/${TENANT}/oauth2/v2.0/token`
const NOW = new Date()
const GH = 'https://token.actions.githubusercontent.com'
const FIC_AUD = 'api://AzureADTokenExchange'

const federation = createFederationIssuer()
function context(edit?: (app: ScenarioApplication) => void): {ctx: LabContext; app: ScenarioApplication} {
  const scenario = buildScenario((s) => {
    const app = s.applications[0]!
    app.certificates = [{pem: pemOf('mailer.pem'), expires: new Date(NOW.getTime() + 86_400_000)}]
    app.federatedCredentials = [{name: 'prod', issuer: GH, subject: 'repo:contoso/mailer:environment:prod', audiences: [FIC_AUD]}]
    edit?.(app)
  })
  return {ctx: {scenario, key: new Promise(() => undefined), issuer: '', log: () => undefined, federation}, app: scenario.applications[0]!}
}

interface AssertionOptions {
  cert?: string
  key?: string
  form?: 'RS256' | 'PS256'
  claims?: Record<string, unknown>
}

/** What msal-node builds (§8.1.4): RS256 + x5t from a SHA-1 thumbprint, PS256 + x5t#S256 from a SHA-256 one. */
async function assertion({cert = 'mailer.pem', key = 'mailer-with-key.pem', form = 'PS256', claims = {}}: AssertionOptions = {}): Promise<string> {
  const raw = certOf(cert).raw
  const header = form === 'PS256'
    ? {alg: 'PS256', typ: 'JWT', 'x5t#S256': createHash('sha256').update(raw).digest('base64url')}
    : {alg: 'RS256', typ: 'JWT', x5t: createHash('sha1').update(raw).digest('base64url')}
  const t = Math.floor(NOW.getTime() / 1000)
  return new SignJWT({aud: AUD, exp: t + 600, iss: APP_ID, sub: APP_ID, nbf: t, jti: randomUUID(), ...claims}).setProtectedHeader(header).sign(keyOf(key))
}

async function verdict(token: string, edit?: (app: ScenarioApplication) => void): Promise<string> {
  const {ctx, app} = context(edit)
  const error = await checkClientAssertion(ctx, app, token, TENANT, HOST, NOW)
  return error ? `${error.code}: ${error.message}` : 'ok'
}

describe('certificate assertions', () => {
  it('accepts PS256 + x5t#S256 and RS256 + x5t', async () => {
    assert.equal(await verdict(await assertion({form: 'PS256'})), 'ok')
    assert.equal(await verdict(await assertion({form: 'RS256'})), 'ok')
  })
  it('a certificate never registered → 700027 the key was not found, naming the thumbprint', async () => {
    const v = await verdict(await assertion({cert: 'other.pem', key: 'other-with-key.pem', form: 'RS256'}))
    const sha1 = createHash('sha1').update(certOf('other.pem').raw).digest('hex').toUpperCase()
    assert.match(v, /^700027: The certificate with identifier used to sign the client assertion is not registered on application\. \[Reason - The key was not found\., Thumbprint of key used by client: '([0-9A-F]{40})'/)
    assert.ok(v.includes(sha1))
  })
  it('registered but expired in Entra ID → 700027 the key used is expired', async () => {
    const v = await verdict(await assertion(), (app) => { app.certificates![0]!.expires = new Date(NOW.getTime() - 86_400_000) })
    assert.match(v, /^700027: Client assertion contains an invalid signature\. \[Reason - The key used is expired\., Thumbprint of key used by client: '[0-9A-F]{64}', Found key 'Start=\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d, End=/)
  })
  it('the registered thumbprint signed with another key → 700027 (signature)', async () => {
    assert.match(await verdict(await assertion({key: 'other-with-key.pem'})), /^700027: .*Key was found, but use of the key to verify the signature failed/)
  })
  it('outside its time range → 700024 with Entra\'s current time', async () => {
    const t = Math.floor(NOW.getTime() / 1000)
    assert.match(await verdict(await assertion({claims: {nbf: t - 7200, exp: t - 3600}})), /^700024: Client assertion is not within its valid time range\. Current time: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z, assertion valid from /)
    assert.match(await verdict(await assertion({claims: {nbf: t + 3600, exp: t + 4200}})), /^700024: /)
  })
  it('iss or sub not the client ID, sub ≠ iss, the wrong aud, an aud array', async () => {
    const other = '00000000-0000-4000-8000-00000000beef'
    assert.match(await verdict(await assertion({claims: {iss: other, sub: other}})), /^700021: /)
    assert.match(await verdict(await assertion({claims: {sub: other}})), /^50048: /)
    assert.match(await verdict(await assertion({claims: {aud: `https://sts.windows.net/${TENANT}/`}})), /^700023: /)
    assert.match(await verdict(await assertion({claims: {aud: [AUD]}})), /^50027: /)
  })
})

describe('federated tokens', () => {
  const mint = (patch: Partial<{issuer: string; subject: string; audience: string}> = {}) =>
    federation.mint({issuer: GH, subject: 'repo:contoso/mailer:environment:prod', audience: FIC_AUD, ...patch})
  it('a token matching issuer, audience and subject', async () => {
    assert.equal(await verdict(await mint()), 'ok')
  })
  it('by the first field that matches no credential: issuer, audience, subject, case-only subject', async () => {
    assert.match(await verdict(await mint({issuer: `${GH}/`})), new RegExp(`^700211: .*issuer '${GH}/'`))
    assert.match(await verdict(await mint({audience: 'https://github.com/contoso'})), /^700212: .*audience 'https:\/\/github\.com\/contoso'/)
    assert.match(await verdict(await mint({subject: 'repo:contoso/mailer:environment:staging'})), /^700213: .*subject 'repo:contoso\/mailer:environment:staging'/)
    assert.match(await verdict(await mint({subject: 'repo:Contoso/mailer:environment:prod'})), /^7002138: .*case-insensitive comparison, but not with case-sensitive/)
  })
  it('a token the issuer did not sign is refused', async () => {
    const t = Math.floor(NOW.getTime() / 1000)
    const forged = await new SignJWT({iss: GH, sub: 'repo:contoso/mailer:environment:prod', aud: FIC_AUD, exp: t + 600, nbf: t})
      .setProtectedHeader({alg: 'RS256'}).sign(keyOf('other-with-key.pem'))
    assert.notEqual(await verdict(forged), 'ok')
  })
  it('an expired federated token → 700024', async () => {
    const expired = await federation.mint({issuer: GH, subject: 'repo:contoso/mailer:environment:prod', audience: FIC_AUD}, new Date(NOW.getTime() - 3_600_000))
    assert.match(await verdict(expired), /^700024: /)
  })
})
