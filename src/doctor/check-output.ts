// The output step of `check`, one target or a fleet: --output and --report files (never coloured), the terminal's
// copy on stdout (unless --json: oclif prints the returned value), and the exit code. Nothing here runs a check.
import {stdoutTerminalOptions} from '../io/terminal-options.js'
import type {RenderOptions} from '../report/render/index.js'
import {reportFiles, type CheckFlags} from './check-inputs.js'
import {writeOutput} from './write-output.js'

/** Renders the run (a report or a fleet) in one of `check`'s formats. */
export type RenderRun = (format: CheckFlags['format'], options: RenderOptions) => string

export function emitOutput(flags: CheckFlags, json: boolean, render: RenderRun, exitCode: number): void {
  const renderOptions = {...stdoutTerminalOptions(flags.ascii), verbose: flags.verbose, all: flags.all, failOn: flags['fail-on']}
  if (flags.output) writeOutput('--output', flags.output, render(flags.format === 'table' ? 'json' : flags.format, {...renderOptions, color: false}), {force: flags.force})
  for (const {format, file} of reportFiles(flags.report)) writeOutput(`--report ${format}=${file}`, file, render(format, {...renderOptions, color: false}), {force: flags.force})
  if (!json) process.stdout.write(render(flags.output ? 'table' : flags.format, renderOptions))
  process.exitCode = exitCode
}
