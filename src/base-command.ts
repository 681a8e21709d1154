// The base of every o365doctor command: bad input becomes one clear line on stderr and exit code 2, never a
// stack trace. That covers our InputError, scenario file errors and oclif's own flag parsing errors.
import {format} from 'node:util'
import {Command} from '@oclif/core'
import {createRequire} from 'node:module'
import {InputError, inputErrorJson} from './core/input-error.js'
import {redactText} from './core/redact.js'
import {FLAG_OF} from './settings/setting-flags.js'

interface OclifError extends Error {
  oclif?: {exit?: number}
  code?: string
}

/** Outside text on the way to a terminal: control characters (ANSI escapes, NUL, BEL…) become visible escapes. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

export function oneLine(text: string): string {
  return printable(text)
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
      const line = redactText(oneLine(error.message))
      // With --json a program reads stdout: it gets one JSON object saying what was wrong, as well as the line.
      if (this.jsonEnabled()) process.stdout.write(`${JSON.stringify(inputErrorJson(error, line))}\n`)
      process.stderr.write(`${this.config.bin} ${this.id ?? ''}: ${line}\n`.replace(/ {2}/, ' '))
      process.exitCode = 2
      return this.exit(2)
    }
    if (process.env.DEBUG) return super.catch(error)
    process.stderr.write(`${this.config.bin}: unexpected error: ${oneLine(redactText(error.message))}. This is a bug in o365doctor; run again with DEBUG=* for details and report it.\n`)
    return this.exit(1)
  }
}

// oclif's own `debug` (a dependency of @oclif/core, declared in ours): untyped, so its one call is typed here.
type DebugFn = ((formatter: string, ...args: unknown[]) => void) & {enabled: boolean}
const createDebug = createRequire(import.meta.url)('debug') as (namespace: string) => DebugFn

/** The values of secret-carrying flags on a command line (`--client-secret X`, `--client-secret=X`). */
export function secretArgs(argv: readonly string[]): string[] {
  const out: string[] = []
  const flag = FLAG_OF.clientSecret
  argv.forEach((arg, i) => {
    if (arg === flag && argv[i + 1] !== undefined) out.push(argv[i + 1]!)
    else if (arg.startsWith(`${flag}=`)) out.push(arg.slice(flag.length + 1))
  })
  return out.filter(Boolean)
}

/**
 * oclif's logger (`execute({loadOptions: {logger}})`), the same `debug` namespaces as its own, but every line is
 * formatted first and the command line's secret values are masked: DEBUG=* prints argv three times otherwise.
 */
export function scrubbingLogger(argv: readonly string[] = process.argv, namespace = 'oclif'): {
  child(ns: string, delimiter?: string): ReturnType<typeof scrubbingLogger>
  debug(formatter: unknown, ...args: unknown[]): void
  error(formatter: unknown, ...args: unknown[]): void
  info(formatter: unknown, ...args: unknown[]): void
  trace(formatter: unknown, ...args: unknown[]): void
  warn(formatter: unknown, ...args: unknown[]): void
  namespace: string
} {
  const secrets = secretArgs(argv)
  const out = createDebug(namespace)
  const scrub = (text: string): string => {
    let t = text
    for (const s of secrets) t = t.split(s).join('[redacted]')
    return redactText(t)
  }
  const debug = (formatter: unknown, ...args: unknown[]): void => {
    if (out.enabled) out('%s', scrub(format(formatter, ...args)))
  }
  return {
    child: (ns, delimiter) => scrubbingLogger(argv, `${namespace}${delimiter ?? ':'}${ns}`),
    debug, info: debug, trace: debug, warn: debug,
    error: (formatter, ...args) => scrubbingLogger(argv, `${namespace}:error`).debug(formatter, ...args),
    namespace,
  }
}
