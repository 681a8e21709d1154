import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {explainText} from '../../src/explain/explain-text.js'
import {decodeStream, explainStream, sniffEncoding} from '../../src/explain/stream.js'
import {UnreadableInput} from '../../src/explain/read-input.js'

const CORR = '5c6d7e8f-aaaa-4bbb-8ccc-ddddeeeeffff'
const ENTRA = `ServerError: invalid_client: Error(s): 7000215 - Timestamp: 2024-03-20 10:27:51Z - Description: AADSTS7000215: Invalid client secret provided. Trace ID: 0b7e3f4a-1111-4222-8333-444455556666 Correlation ID: ${CORR} Timestamp: 2024-03-20 10:27:51Z`
const SMTP = '2024-03-20 10:27:56 [smtp] S: 535 5.7.3 Authentication unsuccessful [SN2PR00CA0018.namprd00.prod.outlook.com 2024-03-20T10:27:56.998Z 08DC48BEE95C08E5]'
const NOISE = '2024-03-20 10:27:50.123 INFO  [mailer] polling queue, 42 messages waiting, nothing to report here at all'

/** A log of about `size` characters with the two replies at `at` (fractions of the size). */
function bigLog(size: number, at: number[]): {text: string; lines: number[]} {
  const out: string[] = []
  const lines: number[] = []
  let len = 0
  const marks = at.map((f) => f * size)
  while (len < size) {
    if (marks.length > 0 && len >= marks[0]!) {
      marks.shift()
      out.push(ENTRA, SMTP)
      lines.push(out.length - 2)
    } else out.push(NOISE)
    len += out[out.length - 1]!.length + 1
  }
  return {text: out.join('\n') + '\n', lines}
}

async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size)
}
async function* bytes(buf: Buffer, size = 65536): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size)
}

describe('explainStream', () => {
  it('gives the same result as explainText on the whole text, across block boundaries', async () => {
    // Replies near 1 MB block edges and in odd chunk sizes.
    const {text, lines} = bigLog(3_300_000, [0.1, 0.3175, 0.635, 0.95])
    const whole = explainText(text)
    const streamed = await explainStream(chunked(text, 77_777))
    assert.deepEqual(streamed, whole)
    const secret = streamed.findings.find((f) => f.patternId === 'aadsts.7000215')!
    assert.equal(secret.occurrences, 4)
    assert.equal(secret.line, lines[0]! + 1)
    assert.equal(secret.ids.correlationId, CORR)
    assert.equal(streamed.findings.find((f) => f.patternId === 'smtp.535-5.7.3')!.occurrences, 4)
  })

  it('a reply split between two chunks, and a line longer than a block, are still read', async () => {
    const text = `${NOISE}\n${'x'.repeat(1_200_000)} ${SMTP}\n${NOISE}\n`
    const r = await explainStream(chunked(text, 1000))
    assert.equal(r.causes[0]!.id, 'exchange.authorization-failed')
    assert.equal(r.findings[0]!.line, 2)
  })

  it('reads UTF-16 (Windows PowerShell) with and without a BOM, and UTF-8 with a BOM', async () => {
    const text = `${NOISE}\r\n${ENTRA}\r\n`
    for (const buf of [
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      Buffer.from(text, 'utf16le'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
    ]) {
      const r = await explainStream(decodeStream(bytes(buf, 1001), 'log.txt'))
      assert.equal(r.causes[0]!.id, 'token.invalid-secret')
    }
  })

  it('refuses binary input with one clear line naming it', async () => {
    const zip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 0), Buffer.from('AADSTS7000215')])
    await assert.rejects(explainStream(decodeStream(bytes(zip), 'logs.zip')), (e: unknown) => e instanceof UnreadableInput && /logs\.zip is binary/.test(e.message))
    assert.throws(() => sniffEncoding(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), 'a.out'), UnreadableInput)
  })

  it('empty input is nothing recognised', async () => {
    const r = await explainStream(decodeStream(bytes(Buffer.alloc(0)), 'empty.log'))
    assert.equal(r.recognised, false)
  })
})

describe('findings as they stream', () => {
  it('each distinct reply is reported once, with its line, before the rest of the input is read', async () => {
    const {text} = bigLog(3_000_000, [0.05, 0.5, 0.9])
    const seen: [string, number][] = []
    let readBeforeFirst = -1
    let read = 0
    async function* watched(): AsyncGenerator<string> {
      for await (const chunk of chunked(text, 64 * 1024)) {
        if (seen.length > 0 && readBeforeFirst === -1) readBeforeFirst = read
        read += chunk.length
        yield chunk
      }
    }
    const r = await explainStream(watched(), {onReply: (label, line) => seen.push([label, line])})
    assert.deepEqual(seen, r.findings.map((f) => [f.label, f.line]).sort((a, b) => (a[1] as number) - (b[1] as number)))
    assert.ok(readBeforeFirst > 0 && readBeforeFirst < text.length / 2, `first reply reported after ${readBeforeFirst} of ${text.length} characters`)
  })
})
