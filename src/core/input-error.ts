// Bad input: the run cannot start. Commands turn it into one clear line and exit code 2, never a stack trace.

export class InputError extends Error {
  override readonly name: string = 'InputError'
  /** The input the message is about: a flag, an environment variable, a file (with position) or a key. */
  readonly input: string

  constructor(input: string, message: string) {
    super(`${input}: ${message}`)
    this.input = input
  }
}
