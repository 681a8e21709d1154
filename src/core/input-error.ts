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

/** The JSON object `--json` prints for bad input (exit 2), as report-and-causes.md "Additions" shows it. */
export interface InputErrorJson {
  schemaVersion: '1'
  error: {code: string; message: string; input?: string}
}

/**
 * `input.<what>`: the flag's name (`--smtp-port` → `input.smtp-port`), the environment variable's
 * (`AZURE_CLIENT_ID` → `input.azure-client-id`), the setting's (`clientSecret` → `input.client-secret`),
 * `input.scenario` or `input.file` for a file, `input.arguments` when nothing more precise is known.
 */
export function inputErrorJson(error: Error, message: string): InputErrorJson {
  // oclif's own parse errors name the flag in their text ("Parsing --smtp-port …"); `message` is one line already.
  const input = error instanceof InputError ? error.input : /(--[a-z][a-z0-9-]*)/.exec(message)?.[1]
  const flag = input ? /^--([a-z][a-z0-9-]*)/.exec(input) : null
  let what = 'arguments'
  if (flag) what = flag[1]!
  else if (input && /^[A-Z][A-Z0-9_]+$/.test(input)) what = input.toLowerCase().replace(/_/g, '-')
  else if (input && /^[a-z][A-Za-z]*(\.[a-z]+)?$/.test(input)) what = input.replace(/\./g, '-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
  else if (error.name === 'ScenarioError') what = 'scenario'
  else if (input) what = 'file'
  return {schemaVersion: '1', error: {code: `input.${what}`, message, ...(input ? {input: flag ? `--${flag[1]}` : input} : {})}}
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
