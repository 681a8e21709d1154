import assert from 'node:assert/strict'
import {after, before, test} from 'node:test'
import {probeLogin} from '../../src/probes/index.js'
import {dataBlock, smtpProbe} from '../../src/probes/smtp-probe.js'
import {assertNoSecrets, labPki, mapTo, TOKEN, USER} from './fixtures/lab.js'
import {DOVECOT_CHALLENGE, EXO_535, EXO_SEND_AS_DENIED, EXO_SMTP_BANNER, POSTFIX_535, smtpScript, type AuthScript} from './fixtures/mail-scripts.js'
import {closedPort, startScriptedServer, type ScriptedServer} from './fixtures/scripted-server.js'

const HOST = 'smtp.office365.com'
const servers: ScriptedServer[] = []
before(() => labPki())
after(() => Promise.all(servers.map((s) => s.close())))

async function exchange(o: {auth: AuthScript; dataReply?: string; offerStartTls?: boolean}) {
  const pki = await labPki()
  const server = await startScriptedServer({greeting: [EXO_SMTP_BANNER], identity: pki.identityFor(HOST), onLine: smtpScript(o)})
  servers.push(server)
  return {server, map: await mapTo(`${HOST}:587`, server.port)}
}

const endpoint = {host: HOST, port: 587, tls: 'starttls' as const}
const authLines = (s: ScriptedServer) => s.received.filter((l) => l.startsWith('AUTH '))

test('SMTP login succeeds: STARTTLS, EHLO facts, one AUTH XOAUTH2, no message sent by default', async () => {
  const {server, map} = await exchange({auth: {final: '235 2.7.0 Authentication successful'}})
  const r = await probeLogin('smtp', {endpoint, user: USER, token: TOKEN, map, timeoutMs: 3000, transcript: true})
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.equal(r.error, undefined)
  assert.equal(r.starttlsOffered, true)
  assert.ok(r.capabilities?.includes('AUTH LOGIN XOAUTH2'))
  assert.equal(r.tls?.authorized, true)
  assert.match(r.tls?.protocol ?? '', /^TLSv1\.[23]$/)
  assert.equal(r.sent, undefined)
  assert.equal(authLines(server).length, 1)
  assert.ok(!server.received.includes('DATA'))
  assert.ok(r.transcript.some((l) => l.dir === 'C' && l.text === 'AUTH XOAUTH2 <XOAUTH2 redacted>'))
  assertNoSecrets(r)
})

test('SMTP --send-test: the message is accepted (sent:true)', async () => {
  const {server, map} = await exchange({auth: {final: '235 2.7.0 Authentication successful'}})
  const r = await probeLogin('smtp', {endpoint, user: USER, token: TOKEN, map, timeoutMs: 3000, transcript: true, sendTest: {from: USER, to: 'rcpt@fabrikam.test'}})
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.equal(r.sent, true)
  assert.ok(server.received.includes('.'))
  // One session: the envelope and the MailComposer-built message follow the AUTH on the same connection.
  assert.equal(server.connections, 1)
  const from = server.received.indexOf(`MAIL FROM:<${USER}>`)
  assert.ok(from > server.received.findIndex((l) => l.startsWith('AUTH ')), server.received.join('\n'))
  assert.ok(server.received.includes('RCPT TO:<rcpt@fabrikam.test>'))
  assert.ok(server.received.includes('Subject: o365doctor send test'))
  assertNoSecrets(r)
})

test('DATA content: CRLF line ends, dot-stuffed lines, the lone "." at the end', () => {
  assert.equal(dataBlock('a\n.b\r\n..c\n.\n'), 'a\r\n..b\r\n...c\r\n..\r\n.')
  assert.equal(dataBlock('.first'), '..first\r\n.')
})

test("SMTP auth refused by Exchange: stage auth with Exchange's exact 535 5.7.3 line", async () => {
  const {server, map} = await exchange({auth: {final: EXO_535}})
  const r = await probeLogin('smtp', {endpoint, user: USER, token: TOKEN, map, timeoutMs: 3000, transcript: true})
  assert.equal(r.ok, false)
  assert.equal(r.error?.stage, 'auth')
  assert.equal(r.error?.responseCode, 535)
  assert.equal(r.error?.serverText, EXO_535)
  assert.equal(r.error?.command, 'AUTH XOAUTH2')
  assert.equal(r.error?.challenge, undefined)
  assert.equal(authLines(server).length, 1)
  assertNoSecrets(r)
})

test('SMTP 5.7.139 SmtpClientAuthentication disabled is reported verbatim', async () => {
  const text =
    '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [MN2PR05CA0004.namprd05.prod.outlook.com 2023-09-12T20:59:57.214Z 08DBB276B7E699C4]'
  const {map} = await exchange({auth: {final: text}})
  const r = await smtpProbe({...endpoint, user: USER, token: TOKEN, map, timeoutMs: 3000, transcript: true})
  assert.equal(r.error?.stage, 'auth')
  assert.equal(r.error?.serverText, text)
})

test('SMTP auth refused by Postfix after a 334 challenge: one login, the final 535 reply, the challenge decoded', async () => {
  const {server, map} = await exchange({auth: {challenge: `334 ${DOVECOT_CHALLENGE}`, final: POSTFIX_535}})
  const r = await smtpProbe({...endpoint, user: USER, token: TOKEN, map, timeoutMs: 3000, transcript: true})
  assert.equal(r.ok, false)
  assert.equal(r.error?.stage, 'auth')
  assert.equal(r.error?.serverText, POSTFIX_535)
  assert.equal(r.error?.responseCode, 535)
  assert.deepEqual(r.error?.challenge, {status: '401', schemes: 'bearer', scope: 'mail'})
  // nodemailer's built-in XOAUTH2 would have sent the token a second time here.
  assert.equal(authLines(server).length, 1)
  assert.ok(server.received.includes(''), 'the challenge was answered with an empty line')
  assertNoSecrets(r)
})

test('SMTP SendAsDenied after DATA: stage send, 554 5.2.252, command DATA', async () => {
  const {server, map} = await exchange({auth: {final: '235 2.7.0 Authentication successful'}, dataReply: EXO_SEND_AS_DENIED})
  const r = await probeLogin('smtp', {endpoint, user: USER, token: TOKEN, map, timeoutMs: 3000, transcript: true, sendTest: {from: 'boss@contoso.test', to: USER}})
  assert.equal(r.ok, false)
  assert.equal(r.error?.stage, 'send')
  assert.equal(r.error?.responseCode, 554)
  assert.equal(r.error?.serverText, EXO_SEND_AS_DENIED)
  assert.equal(r.error?.command, 'DATA')
  assert.notEqual(r.sent, true)
  assert.ok(server.received.includes('DATA'))
  assertNoSecrets(r)
})

test('SMTP without STARTTLS on offer: stage starttls, no AUTH sent', async () => {
  const {server, map} = await exchange({auth: {final: '235 2.7.0 Authentication successful'}, offerStartTls: false})
  const r = await probeLogin('smtp', {endpoint, user: USER, token: TOKEN, map, timeoutMs: 3000, transcript: true})
  assert.equal(r.error?.stage, 'starttls')
  assert.equal(r.starttlsOffered, false)
  assert.equal(authLines(server).length, 0)
})

test('SMTP server that does not offer XOAUTH2: stage capability, the token is never sent', async () => {
  const pki = await labPki()
  const base = smtpScript({auth: {final: '235 2.7.0 Authentication successful'}})
  const server = await startScriptedServer({
    greeting: [EXO_SMTP_BANNER],
    identity: pki.identityFor(HOST),
    onLine: (line, c) => (line.startsWith('EHLO') && c.state.tls ? c.write('250-x Hello', '250 AUTH LOGIN') : base(line, c)),
  })
  servers.push(server)
  const r = await smtpProbe({...endpoint, user: USER, token: TOKEN, map: await mapTo(`${HOST}:587`, server.port), timeoutMs: 3000, transcript: true})
  assert.equal(r.error?.stage, 'capability')
  assert.equal(authLines(server).length, 0)
})

test('SMTP library path alone maps a refused connection and an untrusted certificate', async () => {
  const {map} = await exchange({auth: {final: '235 2.7.0 Authentication successful'}})
  const untrusted = {...map, caPem: ''}
  const r1 = await smtpProbe({...endpoint, user: USER, token: TOKEN, map: untrusted, timeoutMs: 3000, transcript: true})
  assert.equal(r1.error?.stage, 'tls', JSON.stringify(r1.error))
  const r2 = await smtpProbe({...endpoint, user: USER, token: TOKEN, map: await mapTo(`${HOST}:587`, await closedPort()), timeoutMs: 3000, transcript: true})
  assert.equal(r2.error?.stage, 'connect')
  assert.equal(r2.error?.code, 'ECONNREFUSED')
})
