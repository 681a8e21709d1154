// Seeded fuzzing of every parser that reads outside text: settings files, Exchange evidence, logs (explain), tokens
// and XOAUTH2 blobs (decode), server replies (the line reader, SASL challenges), token shapes, redaction. Random and
// mutated inputs; each parser must return or throw its own input error, within a time and memory budget.
import assert from 'node:assert/strict'
import {EventEmitter} from 'node:events'
import {test} from 'node:test'
import {decodeInput} from '../../src/decode/decode-input.js'
import {explainText} from '../../src/explain/explain-text.js'
import {InputError} from '../../src/core/input-error.js'
import {ProbeFailure} from '../../src/probes/failure.js'
import {LineReader} from '../../src/probes/line-reader.js'
import {decodeChallenge} from '../../src/probes/smtp-probe.js'
import {jwtShapeProblem} from '../../src/probes/token.js'
import {buildXoauth2} from '../../src/probes/xoauth2.js'
import {parseExchangeEvidence} from '../../src/remedies/exchange-evidence.js'
import {redactText} from '../../src/core/redact.js'
import {Secret} from '../../src/core/secret.js'
import {parseSettingsText} from '../../src/settings/settings-file.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20261130)
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 150)
const PER_CALL_MS = 3000
const HEAP_BUDGET_MB = 300

/** mulberry32: small, seeded, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const JWT = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL291dGxvb2sub2ZmaWNlMzY1LmNvbSIsInJvbGVzIjpbIlNNVFAuU2VuZEFzQXBwIl0sInRpZCI6IjNmMGM4YTUyLTFiNmUtNGMxZS05YTU3LTJkM2M0YjVhNmY3MCJ9.c2ln'
const CORPUS = {
  settings: ['tenant: contoso.onmicrosoft.com\nclientId: 9a1b2c3d-0000-4000-8000-000000000001\nclientSecret: "x~y"\nsmtp: {host: smtp.office365.com, port: 587, tls: starttls}\nprotocols: [smtp, imap]\n', '{"tenant": "a", "imap": {"port": 993}}'],
  evidence: ['{"o365doctorEvidence": 1, "collectedAt": "2026-11-30T00:00:00Z", "appId": "9a1b2c3d-0000-4000-8000-000000000001", "servicePrincipals": [], "mailboxes": [{"address": "a@b.c", "fullAccess": []}]}'],
  logs: ['535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.', 'AADSTS7000215: Invalid client secret provided. Trace ID: 0b1c2d3e-0000-4000-8000-000000000000 Correlation ID: 1a2b3c4d-0000-4000-8000-000000000000 Timestamp: 2026-11-30 10:00:00Z', '* BAD User is authenticated but not connected.', '-ERR Protocol error. Connection is closed. 10', 'Error: connect ECONNREFUSED 1.2.3.4:587'],
  tokens: [JWT, buildXoauth2('sender@contoso.com', JWT), `user=a@b.c\x01auth=Bearer ${JWT}\x01\x01`],
  replies: ['220 outlook.office365.com ready\r\n', '250-SIZE 157286400\r\n250-STARTTLS\r\n250 AUTH XOAUTH2\r\n', '* CAPABILITY IMAP4rev1 AUTH=XOAUTH2\r\nA1 OK done\r\n', '+OK\r\nSASL XOAUTH2\r\n.\r\n', '334 eyJzdGF0dXMiOiI0MDEifQ==\r\n'],
}

function mutate(r: () => number, s: string): string {
  let out = s
  const n = 1 + Math.floor(r() * 6)
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * (out.length + 1))
    switch (Math.floor(r() * 7)) {
      case 0: out = out.slice(0, at) + out.slice(at + 1 + Math.floor(r() * 8)); break
      case 1: out = out.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x2ff)) + out.slice(at); break
      case 2: out = out.slice(0, at) + out.slice(at, at + 20).repeat(1 + Math.floor(r() * 2000)) + out.slice(at); break
      case 3: out = out.slice(0, at); break
      case 4: out = out.slice(0, at) + ['\x00', '\x1b[31m', '{', '[', ':', '"', '\n', '\r\n', '.', '=', 'eyJ', '-', '\\', '&', '*'][Math.floor(r() * 15)] + out.slice(at); break
      case 5: out = out + out; break
      default: out = out.split('').reverse().join(''); break
    }
    if (out.length > 2_000_000) out = out.slice(0, 2_000_000)
  }
  return out
}

function randomText(r: () => number): string {
  const len = Math.floor(r() ** 3 * 200_000)
  let s = ''
  for (let i = 0; i < len; i++) s += String.fromCharCode(r() < 0.8 ? 0x20 + Math.floor(r() * 95) : Math.floor(r() * 0x100))
  return s
}

function input(r: () => number, corpus: string[]): string {
  return r() < 0.25 ? randomText(r) : mutate(r, corpus[Math.floor(r() * corpus.length)]!)
}

class FakeSocket extends EventEmitter {
  destroy(): void { this.emit('close') }
}

async function readAll(text: string, r: () => number): Promise<void> {
  const reader = new LineReader()
  const socket = new FakeSocket()
  reader.attach(socket as never)
  const bytes = Buffer.from(text, 'latin1')
  for (let i = 0; i < bytes.length;) {
    const n = 1 + Math.floor(r() * 70_000)
    socket.emit('data', bytes.subarray(i, i + n))
    i += n
  }
  socket.emit('end')
  for (let i = 0; i < 5000; i++) {
    try {
      const line = await reader.next('greeting')
      assert.ok(line.length <= 16 * 1024 + 1, `a line of ${line.length} came through`)
    } catch (error) {
      assert.ok(error instanceof ProbeFailure, `${(error as Error).name}: ${(error as Error).message}`)
      return
    }
  }
}

test('parsers survive random and mutated input within a time and memory budget (seeded)', {timeout: 240_000}, async () => {
  const r = rng(SEED)
  const secret = new Secret('Fz9~FuzzSecretValue-0042')
  const heapStart = process.memoryUsage().heapUsed
  let slowest = {ms: 0, what: ''}
  const timed = async (what: string, fn: () => unknown): Promise<void> => {
    const started = performance.now()
    await fn()
    const ms = performance.now() - started
    if (ms > slowest.ms) slowest = {ms, what}
  }
  const onlyInputErrors = (fn: () => unknown) => () => {
    try {
      return fn()
    } catch (error) {
      if (!(error instanceof InputError)) throw error
    }
  }
  for (let i = 0; i < ROUNDS; i++) {
    const settings = input(r, CORPUS.settings).slice(0, 1024 * 1024) // the settings reader's own limit
    await timed(`settings #${i}`, onlyInputErrors(() => parseSettingsText(settings, 'fuzz.yaml')))
    const evidence = input(r, CORPUS.evidence)
    await timed(`evidence #${i}`, onlyInputErrors(() => parseExchangeEvidence(evidence, 'fuzz.json')))
    const log = input(r, CORPUS.logs)
    await timed(`explain #${i}`, () => explainText(log))
    const token = input(r, CORPUS.tokens)
    await timed(`decode #${i}`, () => decodeInput(token))
    await timed(`jwt shape #${i}`, () => jwtShapeProblem(token))
    const reply = input(r, CORPUS.replies)
    await timed(`line reader #${i}`, () => readAll(reply, r))
    await timed(`challenge #${i}`, () => decodeChallenge(reply.slice(0, 4096)))
    const withSecret = `${log.slice(0, 50_000)} ${secret.reveal()} ${Buffer.from(secret.reveal()).toString('base64')}`
    await timed(`redact #${i}`, () => assert.ok(!redactText(withSecret).includes(secret.reveal())))
  }
  const heapMb = (process.memoryUsage().heapUsed - heapStart) / (1024 * 1024)
  assert.ok(slowest.ms < PER_CALL_MS, `slowest: ${slowest.what} took ${Math.round(slowest.ms)} ms`)
  assert.ok(heapMb < HEAP_BUDGET_MB, `heap grew ${heapMb.toFixed(0)} MB`)
  process.stdout.write(`# fuzz seed ${SEED}, ${ROUNDS} rounds: slowest ${slowest.what} ${Math.round(slowest.ms)} ms, heap +${heapMb.toFixed(0)} MB\n`)
})
