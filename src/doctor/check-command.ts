// `o365doctor check` for one target: the terminal side. Standard input and live progress go into the run
// (check-run.ts, plain inputs → Report); the report comes back and is written, printed and turned into the exit code.
import type {Command} from '@oclif/core'
import {InputError} from '../core/input-error.js'
import type {Report} from '../core/report.js'
import {readStdin} from '../explain/read-input.js'
import {LIMITS} from '../input/bounded-read.js'
import {stdoutTerminalOptions} from '../io/terminal-options.js'
import {promptHidden} from '../io/prompt-secret.js'
import {startProgress} from '../progress/check-progress.js'
import {exitCodeFor} from '../report/build-report.js'
import {renderReport} from '../report/render/index.js'
import {fixScript} from '../remedies/fix-script.js'
import {ps1File} from '../remedies/ps-script.js'
import {validateCheckFlags, type CheckFlags, type CommandLine} from './check-inputs.js'
import {emitOutput} from './check-output.js'
import {runCheck} from './check-run.js'
import {writeOutput} from './write-output.js'

export {reportFiles, type CheckFlags} from './check-inputs.js'

export async function runCheckCommand(command: Command, flags: CheckFlags): Promise<Report> {
  validateCheckFlags(flags, commandLine(command))
  const report = await runCheck(flags, {
    env: process.env, version: command.config.version, readSecret: readSecretFromStdin,
    startProgress: (total) => startProgress({stream: process.stderr, total, json: command.jsonEnabled(), ascii: stdoutTerminalOptions(flags.ascii).ascii, env: process.env}),
  })
  if (flags['fix-script']) writeOutput('--fix-script', flags['fix-script'], ps1File(fixScript(report, {reportFile: flags.output}), flags['fix-script']), {force: flags.force})
  // jsonl is one line (the same as a fleet run's line for one target).
  emitOutput(flags, command.jsonEnabled(), (format, options) => (format === 'jsonl' ? `${JSON.stringify(report)}\n` : renderReport(report, format, options)), exitCodeFor(report, flags['fail-on']))
  return report
}

export function commandLine(command: Command): CommandLine {
  return {json: command.jsonEnabled(), argv: command.argv ?? []}
}

/** A *-stdin flag's value: asked for without echo on a terminal, else all of standard input (bounded). */
export async function readSecretFromStdin(flag: string, prompt: string): Promise<string> {
  let text: string
  try {
    // On a terminal: ask, without echo. Otherwise: the whole of standard input (bounded), one trailing newline dropped.
    text = process.stdin.isTTY ? await promptHidden(prompt) : (await readStdin(LIMITS.secret)).replace(/\r?\n$/, '')
  } catch (error) {
    throw new InputError(flag, (error as Error).message)
  }
  if (!text) throw new InputError(flag, 'standard input was empty')
  // A secret is printable text; bytes that are not UTF-8, or control characters, mean a binary file was piped.
  // eslint-disable-next-line no-control-regex
  if (text.includes('\uFFFD') || /[\x00-\x08\x0a-\x1f\x7f]/.test(text)) {
    throw new InputError(flag, 'standard input is not a text secret (binary bytes or control characters); pipe only the secret')
  }
  return text
}
