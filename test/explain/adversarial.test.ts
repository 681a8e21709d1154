// No input is slow: texts built to trip a matcher (one reply repeated on one endless line, a trigger word
// thousands of times, no line breaks at all) stay linear. Sizes are small so the test is fast; a quadratic
// matcher is already far over the bound at this size (before the fix, 1 MB of "AADSTS" took 125 s).
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {explainText} from '../../src/explain/explain-text.js'

const SIZE = 256 * 1024
const SHAPES: [string, string][] = [
  ['a trigger word repeated on one line', 'AADSTS'],
  ['a code repeated on one line', 'AADSTS12345: '],
  ['an OAuth error repeated', 'invalid_client '],
  ['a Graph code repeated', 'ErrorAccessDenied '],
  ['a claim key repeated', 'aud='],
  ['a status code repeated', '550 5.7.1 '],
  ['dots and digits', '5.'],
]

describe('adversarial input stays linear', () => {
  for (const [name, unit] of SHAPES) {
    it(name, () => {
      const text = unit.repeat(Math.ceil(SIZE / unit.length))
      const start = performance.now()
      explainText(text)
      const ms = performance.now() - start
      assert.ok(ms < 1500, `${name}: ${ms.toFixed(0)} ms for 256 KB`)
    })
  }
})
