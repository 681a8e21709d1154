// The base of every o365doctor command: bad input becomes one clear line on stderr and exit code 2, never a
// stack trace. That covers our InputError, scenario file errors and oclif's own flag parsing errors.
import {Command} from '@oclif/core'
import {InputError} from './core/input-error.js'
import {redactText} from './core/redact.js'

interface OclifError extends Error {
  oclif?: {exit?: number}
  code?: string
}

export function oneLine(text: string): string {
  return text
    .replace(/^The following errors? occurred:\s*/i, '')
    .replace(/\n\s*See more help with --help\s*$/i, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ')
}

export abstract class BaseCommand extends Command {
  protected override async catch(error: OclifError): Promise<unknown> {
    const exit = error.oclif?.exit
    // oclif's control flow (this.exit, --help, --version) passes through untouched.
    if (error.code === 'EEXIT' || error.name === 'ExitError') throw error
    const isInput = error instanceof InputError || exit === 2
    if (isInput) {
      process.stderr.write(`${this.config.bin} ${this.id ?? ''}: ${redactText(oneLine(error.message))}\n`.replace(/ {2}/, ' '))
      process.exitCode = 2
      return this.exit(2)
    }
    if (process.env.DEBUG) return super.catch(error)
    process.stderr.write(`${this.config.bin}: unexpected error: ${redactText(oneLine(error.message))}. This is a bug in o365doctor; run again with DEBUG=* for details and report it.\n`)
    return this.exit(1)
  }
}
