import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {classifyText, lineMemo, type Match} from '../../src/knowledge/classify.js'
import type {Pattern} from '../../src/knowledge/patterns.js'
import {explainText} from '../../src/explain/explain-text.js'

function plain<T>(run: () => T): T {
  lineMemo.enabled = false
  try {
    return run()
  } finally {
    lineMemo.enabled = true
  }
}

// A line repeated with different neighbours: the resolver's verdict depends on the next line (context) and on the
// text before the match, so a replay keyed by the line alone would be wrong.
const PROBE: Pattern = {
  id: 'probe',
  label: 'probe',
  source: 'smtp',
  literals: ['ERRX'],
  regex: /ERRX (\d)/g,
  causes: ['exchange.authorization-failed'],
  confidence: 'likely',
  rootness: 'symptom',
  alternatives: [],
  next: [],
  resolve: (m, context, before) => {
    if (context.includes('reject')) return undefined
    return {label: `${m[1]} ${context.includes('alpha') ? 'alpha' : 'other'} ${before.includes('pre') ? 'pre' : 'none'}`}
  },
  values: (m) => ({tenant: `t${m[1]}`}),
}

describe('classify: repeated lines replayed from the memo', () => {
  it('reads a repeated line again when its next line or the text before it differs', () => {
    const pad = '.'.repeat(50)
    const text = ['pre', 'ERRX 1 wrapped,', 'alpha', pad, 'ERRX 1 wrapped,', 'beta', pad, 'ERRX 1 wrapped,', 'reject', 'pre', 'ERRX 1 wrapped,', 'alpha', pad, 'ERRX 1 wrapped,', 'alpha'].join('\n')
    const labels = classifyText(text, [PROBE]).map((m) => m.label)
    assert.deepEqual(labels, ['1 alpha pre', '1 other none', '1 alpha pre', '1 alpha none'])
    assert.deepEqual(plain(() => classifyText(text, [PROBE])), classifyText(text, [PROBE]))
  })

  it('matches the plain path on random mixes of neighbours, long lines and a last line without a break', () => {
    const pieces = ['pre', 'ERRX 1 wrapped,', 'ERRX 3', 'alpha', 'beta  ', 'reject', '', `ERRX 4 ${'w'.repeat(850)}`, `${'.'.repeat(30)}ERRX 5 x,`]
    let seed = 11
    for (let round = 0; round < 30; round++) {
      const lines: string[] = []
      for (let i = 0; i < 40; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff
        lines.push(pieces[seed % pieces.length]!)
      }
      const text = lines.join('\n')
      assert.deepEqual(classifyText(text, [PROBE]), plain(() => classifyText(text, [PROBE])), text)
    }
  })

  it('gives each replayed match its own values object and the offset of its own line', () => {
    const text = 'ERRX 2\nERRX 2\nERRX 2'
    const ms = classifyText(text, [PROBE])
    assert.deepEqual(ms.map((m) => m.index), [0, 7, 14])
    ms[0]!.values.tenant = 'changed'
    assert.equal(ms[1]!.values.tenant, 't2')
  })

  const LINES = [
    'INFO connecting to smtp.office365.com:587',
    'ERROR 535 5.7.3 Authentication unsuccessful [SN4PR0501CA0054.namprd05.prod.outlook.com]',
    'DEBUG some ordinary line with nothing interesting in it at all, just words and numbers 12345',
    "WARN AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '9a1b2c3d-0000-4000-8000-00000000abcd'",
    'INFO NO AUTHENTICATE failed.',
    'ServerError: invalid_client: Error(s): 7000215 - Timestamp: 2024-03-20 10:27:51Z - Description: AADSTS7000215: Invalid client secret provided. Trace ID: 0b7e3f4a-1111-4222-8333-444455556666 Correlation ID: 5c6d7e8f-aaaa-4bbb-8ccc-ddddeeeeffff',
    'S: 550 5.7.60 SMTP; Client does not have permissions to send as this sender',
    '{"error":{"code":"ErrorAccessDenied","message":"Access is denied. Check credentials and try again."}}',
    'wrapped 535 5.7.3 Authentication',
    'unsuccessful',
  ]
  // Deterministic pseudo-random order, some lines with a varying prefix.
  function denseLog(n: number): string {
    let seed = 7
    const out: string[] = []
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      const line = LINES[seed % LINES.length]!
      out.push(seed % 3 === 0 ? `2026-11-30 10:00:0${seed % 10} ${line}` : line)
    }
    return out.join('\n')
  }

  it('finds exactly what the plain path finds on a dense log', () => {
    const text = denseLog(3000)
    const strip = (ms: Match[]) => ms.map((m) => ({...m}))
    assert.deepEqual(strip(classifyText(text)), strip(plain(() => classifyText(text))))
    assert.deepEqual(explainText(text), plain(() => explainText(text)))
  })
})
