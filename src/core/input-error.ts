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

/** Several problems with the input, said together, so one run names them all (not one per run). */
export function combineInputErrors(problems: InputError[]): InputError {
  if (problems.length === 1) return problems[0]!
  const error = new InputError(
    `${problems.length} settings are missing or invalid`,
    problems.map((p, i) => `(${i + 1}) ${p.message}`).join('; '),
  )
  return error
}

/** Runs `read`; an InputError is collected into `problems` and `fallback` returned, so reading can go on. */
export function collectInputError<T>(problems: InputError[], read: () => T, fallback: T): T {
  try {
    return read()
  } catch (error) {
    if (error instanceof InputError) {
      problems.push(error)
      return fallback
    }
    throw error
  }
}
