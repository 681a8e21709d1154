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
 * (`AZURE_CLIENT_ID` → `input.azure-client-id`), `input.scenario` or `input.file` for a file, `input.arguments`
 * when nothing more precise is known (oclif's own parse errors name the flag in their text).
 */
export function inputErrorJson(error: Error, message: string): InputErrorJson {
  const input = error instanceof InputError ? error.input : /(--[a-z][a-z0-9-]*)/.exec(error.message)?.[1]
  let what = 'arguments'
  const flag = input && /^--([a-z][a-z0-9-]*)/.exec(input)
  if (flag) what = flag[1]!
  else if (input && /^[A-Z][A-Z0-9_]+$/.test(input)) what = input.toLowerCase().replace(/_/g, '-')
  else if (error.name === 'ScenarioError') what = 'scenario'
  else if (input) what = 'file'
  return {schemaVersion: '1', error: {code: `input.${what}`, message, ...(input ? {input: flag ? `--${flag[1]}` : input} : {})}}
}
