import assert from 'node:assert/strict'
import {PassThrough} from 'node:stream'
import {describe, it} from 'node:test'
import {promptHidden, PromptCancelled} from '../../src/io/prompt-secret.js'

/** A terminal-like input (readline switches it to raw mode) and a captured output. */
function terminal() {
  const input = Object.assign(new PassThrough(), {isTTY: true, setRawMode: () => input})
  let shown = ''
  const output = new PassThrough()
  output.on('data', (d: Buffer) => { shown += d.toString() })
  return {input, output, shown: () => shown}
}

describe('promptHidden', () => {
  it('returns what was typed and never echoes it', async () => {
    const t = terminal()
    const answer = promptHidden('Secret: ', {input: t.input, output: t.output})
    t.input.write('Qx8~typed.secret-01\r')
    assert.equal(await answer, 'Qx8~typed.secret-01')
    assert.equal(t.shown(), 'Secret: \n')
  })

  it('gives up after its deadline, and on Ctrl+C', async () => {
    const t = terminal()
    await assert.rejects(promptHidden('Secret: ', {input: t.input, output: t.output, timeoutMs: 50}), PromptCancelled)
    const u = terminal()
    const cancelled = promptHidden('Secret: ', {input: u.input, output: u.output})
    u.input.write('\u0003')
    await assert.rejects(cancelled, /cancelled/)
  })
})
