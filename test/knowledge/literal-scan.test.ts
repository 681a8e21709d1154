// The literal prefilter (a lookup table over three characters) must find every literal wherever it stands: at the
// start and the very end of the text, two-character literals, overlapping literals, next to non-ASCII text. A
// literal it missed would silently drop a reply, so each case is checked against a plain indexOf search.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {classifyText} from '../../src/knowledge/classify.js'
import type {Pattern} from '../../src/knowledge/patterns.js'

function pattern(id: string, literal: string): Pattern {
  return {
    id,
    label: id,
    source: 'smtp',
    literals: [literal],
    regex: new RegExp(literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'),
    causes: ['check.unexplained-failure'],
    confidence: 'possible',
    rootness: 'root',
    alternatives: [],
    next: [],
  }
}

// Different sources would keep overlapping readings apart; one source keeps the longer. Each pattern gets its own
// call so every occurrence is counted.
const LITERALS = ['4.', 'ab', 'xyz', 'b c', 'abcd', 'AADSTS', 'zz']

function naive(text: string, literal: string): number[] {
  const at: number[] = []
  for (let i = text.indexOf(literal); i !== -1; i = text.indexOf(literal, i + 1)) at.push(i)
  return at
}

describe('literal prefilter', () => {
  const texts = [
    'ab',
    '4.',
    'xyz',
    'abxyz',
    'abcd',
    'xabcd',
    'abc',
    'xxabcdxyz',
    'b cab',
    'x 4.',
    'zzz',
    'é4.ü xyz€ab',
    'line one\nab\n4.\nxyz',
    'AADSTS',
    '\u0134\u0135ab\u01344.',
    'xy',
    'a',
    '',
    `${'-'.repeat(70_000)}ab`,
  ]
  for (const text of texts) {
    it(JSON.stringify(text.length > 40 ? `${text.slice(0, 10)}…(${text.length})` : text), () => {
      for (const literal of LITERALS) {
        const found = classifyText(text, [pattern(`p.${literal}`, literal)]).map((m) => m.index)
        // Overlapping occurrences of one literal are one reading (the longer-match rule); compare the starts
        // of non-overlapping occurrences.
        const expected: number[] = []
        for (const i of naive(text, literal)) if (expected.length === 0 || i >= expected[expected.length - 1]! + literal.length) expected.push(i)
        assert.deepEqual(found, expected, `${literal} in ${JSON.stringify(text.slice(0, 40))}`)
      }
    })
  }
})

describe("the table's literals cover its regexes", () => {
  it('tls.certificate: every alternative of the regex is found through a literal', () => {
    const texts = [
      'Error: self-signed certificate', 'self signed certificate in certificate chain', 'unable to get local issuer certificate',
      'unable to verify the first certificate', 'certificate has expired', 'code: CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID',
      "Hostname/IP does not match certificate's altnames: Host: mail.contoso.com", 'PKIX path building failed',
      'The remote certificate is invalid according to the validation procedure.', '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed',
    ]
    for (const text of texts) assert.ok(classifyText(text).some((m) => m.patternId === 'tls.certificate'), text)
    // A log line that only mentions certificates is not a TLS failure (and no longer wakes the regex).
    assert.deepEqual(classifyText('INFO certificate store loaded, 144 certificates'), [])
  })
})
