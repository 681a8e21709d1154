// Asks for a secret on the terminal without echoing it: the prompt goes to stderr (stdout stays the report), the
// typed characters go nowhere. node:readline in terminal mode does the line editing; its echo is written to a sink.

import {createInterface} from 'node:readline'
import {Writable} from 'node:stream'

export class PromptCancelled extends Error {}

export interface PromptOptions {
  input?: NodeJS.ReadableStream
  output?: NodeJS.WritableStream
  /** A person gets this long to type or paste; then the prompt gives up. */
  timeoutMs?: number
}

export function promptHidden(question: string, options: PromptOptions = {}): Promise<string> {
  const input = options.input ?? process.stdin
  const output = options.output ?? process.stderr
  const timeoutMs = options.timeoutMs ?? 5 * 60_000
  // readline echoes each key to its output: this one swallows it.
  const sink = new Writable({write: (_chunk, _encoding, done) => done()})
  output.write(question)
  const rl = createInterface({input, output: sink, terminal: true, historySize: 0})
  return new Promise<string>((resolve, reject) => {
    let settled = false
    const finish = (error: Error | undefined, answer?: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      rl.close()
      output.write('\n')
      if (error) reject(error)
      else resolve(answer!)
    }
    const timer = setTimeout(() => finish(new PromptCancelled(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs)
    rl.on('SIGINT', () => finish(new PromptCancelled('cancelled')))
    rl.once('close', () => finish(new PromptCancelled('standard input closed')))
    rl.question('', (answer) => finish(undefined, answer))
  })
}
