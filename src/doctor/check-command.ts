// What `o365doctor check` does between parsing flags and printing: settings layers, the lab, the run, output,
// exit code. Kept apart from the oclif class so the class stays a thin shell.
import type {Command} from '@oclif/core'
import {readStdin} from '../explain/read-input.js'
import {LIMITS} from '../input/bounded-read.js'
import {InputError} from '../core/input-error.js'
import {promptHidden} from '../io/prompt-secret.js'
import type {NetworkMap} from '../net/routes.js'
import {stdoutTerminalOptions} from '../io/terminal-options.js'
import {startProgress, type Progress} from '../progress/check-progress.js'
import {exitCodeFor} from '../report/build-report.js'
import {renderReport, REPORT_FORMATS, type RenderOptions, type ReportFormat} from '../report/render/index.js'
import type {Report} from '../core/report.js'
import {environmentLayer, mergeSettings, type SettingsLayer} from '../settings/load-settings.js'
import type {RawSettings} from '../settings/raw-settings.js'
import {checkText, MAX_SETTING_LENGTH, readSettingsFile} from '../settings/settings-file.js'
import {checkCredentialSources} from '../settings/credential-sources.js'
import {FLAG_OF} from '../settings/setting-flags.js'
import {readExchangeEvidence} from '../remedies/exchange-evidence.js'
import {fixScript} from '../remedies/fix-script.js'
import {ps1File} from '../remedies/ps-script.js'
import {productSession} from '../products/apply.js'
import {readGateInputs, runGated} from '../gate/run-gated.js'
import {checksFor, LIVE_CHECKS} from './check-list.js'
import {writeOutput} from './write-output.js'
import {defaultRunOptions, runDoctor} from './run-doctor.js'

export interface CheckFlags {
  config?: string
  lab?: string
  tenant?: string
  'client-id'?: string
  'client-secret'?: string
  'client-secret-stdin': boolean
  certificate?: string
  'certificate-password-stdin'?: boolean
  'federated-token-file'?: string
  federated?: string
  mailbox?: string
  from?: string
  scope?: string
  'token-url'?: string
  cloud?: string
  'smtp-host'?: string
  'smtp-port'?: number
  'smtp-tls'?: string
  'imap-host'?: string
  'imap-port'?: number
  'imap-tls'?: string
  'pop-host'?: string
  'pop-port'?: number
  'pop-tls'?: string
  protocols?: string
  'exchange-object-id'?: string
  auth?: string
  offline: boolean
  'send-test': boolean
  'send-test-to'?: string
  'pop-auth'?: string
  'secret-warning-days': number
  timeout: number
  format: ReportFormat | 'jsonl'
  output?: string
  /** Fleet runs: the targets file, the CI shard, how many targets at a time. */
  targets?: string
  shard?: string
  concurrency?: number
  report?: string[]
  'fail-on': 'error' | 'warn' | 'new'
  waivers?: string
  baseline?: string
  wait?: string
  /** Write --output/--report/--fix-script through a symbolic link. */
  force?: boolean
  verbose: boolean
  all?: boolean
  ascii?: boolean
  'fix-script'?: string
  'exchange-evidence'?: string
  product?: string
}

export function flagLayer(flags: CheckFlags, stdinSecret?: string, stdinPassword?: string): SettingsLayer {
  const endpoint = (p: 'smtp' | 'imap' | 'pop') => {
    const e = {host: flags[`${p}-host`], port: flags[`${p}-port`], tls: flags[`${p}-tls`]}
    return e.host === undefined && e.port === undefined && e.tls === undefined ? undefined : e
  }
  const values: RawSettings = {
    cloud: flags.cloud, tenant: flags.tenant, clientId: flags['client-id'], clientSecret: flags['client-secret'] ?? stdinSecret,
    mailbox: flags.mailbox, from: flags.from, scope: flags.scope, tokenUrl: flags['token-url'],
    smtp: endpoint('smtp'), imap: endpoint('imap'), pop: endpoint('pop'),
    protocols: flags.protocols?.split(/[\s,]+/).filter(Boolean), exchangeObjectId: flags['exchange-object-id'], auth: flags.auth,
    certificate: flags.certificate, certificatePassword: stdinPassword, federatedTokenFile: flags['federated-token-file'], federated: flags.federated,
  }
  return {source: 'flag', nameOf: (key) => (key === 'clientSecret' && stdinSecret !== undefined ? 'standard input' : FLAG_OF[key]), values}
}

export async function readSecretFromStdin(flag = '--client-secret-stdin', prompt = 'Client secret Value (not shown): '): Promise<string> {
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

/** Pairs of flags that contradict each other: refused with one line naming both. */
function refuseConflicts(command: Command, flags: CheckFlags, argv: readonly string[]): void {
  const given = (name: string): boolean => argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`))
  const pairs: Array<[string, string, boolean]> = [
    ['--client-secret', '--client-secret-stdin', flags['client-secret'] !== undefined && flags['client-secret-stdin']],
    ['--offline', '--send-test', flags.offline && flags['send-test']],
    ['--json', `--format ${flags.format}`, command.jsonEnabled() && given('format') && flags.format !== 'json'],
  ]
  for (const [a, b, both] of pairs) if (both) throw new InputError(`${a} and ${b}`, 'cannot be used together; choose one')
}

const HOST_FLAGS = ['smtp-host', 'imap-host', 'pop-host'] as const
const TEXT_FLAGS = ['targets', 'shard', 'tenant', 'client-id', 'mailbox', 'from', 'scope', 'token-url', 'cloud', 'smtp-tls', 'imap-tls', 'pop-tls', 'protocols', 'exchange-object-id', 'auth', 'send-test-to', 'product', ...HOST_FLAGS] as const

/** Flag values are bounded text: no NUL or control characters, no megabyte values, host names that can be host names. */
function validateFlagValues(flags: CheckFlags): void {
  for (const name of TEXT_FLAGS) {
    const value = flags[name]
    if (value === undefined) continue
    checkText(value, `--${name}`, `--${name}`)
  }
  if (flags['client-secret'] !== undefined) {
    // Never quoted back: the value is a secret.
    // eslint-disable-next-line no-control-regex
    if (flags['client-secret'].length > MAX_SETTING_LENGTH || /[\x00-\x08\x0a-\x1f\x7f]/.test(flags['client-secret'])) {
      throw new InputError('--client-secret', 'is not a plain-text secret (too long, or control characters)')
    }
  }
  for (const name of HOST_FLAGS) {
    const value = flags[name]
    if (value === undefined) continue
    if (value.trim() === '') throw new InputError(`--${name}`, 'is empty; give a host name such as smtp.office365.com')
    if (value.length > 253) throw new InputError(`--${name}`, `is ${value.length} characters long; a host name has at most 253`)
  }
}

/** What every `check` refuses before anything runs, one target or a fleet: contradicting flags, unbounded values. */
export function validateCheckFlags(command: Command, flags: CheckFlags): void {
  refuseConflicts(command, flags, command.argv ?? [])
  validateFlagValues(flags)
}

export async function runCheckCommand(command: Command, flags: CheckFlags): Promise<Report> {
  let lab: {close(): Promise<void>; network: NetworkMap; name: string} | undefined
  validateCheckFlags(command, flags)
  for (const flag of ['shard', 'concurrency'] as const) if (flags[flag] !== undefined) throw new InputError(`--${flag}`, 'is for fleet runs; give --targets FILE too')
  let progress: Progress | undefined
  try {
    // Waivers, baseline, --wait and --report are judged first, so bad gate input stops with exit 2 before the lab starts.
    const gate = readGateInputs(flags)
    reportFiles(flags.report)
    const layers: SettingsLayer[] = []
    // --product: its defaults and protocols, a --config file in its field names, fixes in its words.
    const product = productSession(flags.product)
    if (flags.lab) {
      const {startLabForCheck} = await import('./lab-session.js')
      const session = await startLabForCheck(flags.lab)
      lab = session
      layers.push(session.layer)
    } else {
      if (flags.config) layers.push(product.profile ? product.fileLayer(flags.config) : {source: 'file', nameOf: (key) => `${key} in ${flags.config}`, values: readSettingsFile(flags.config)})
      layers.push(environmentLayer(process.env))
    }
    if (flags['client-secret-stdin'] && flags['certificate-password-stdin']) {
      throw new InputError('--client-secret-stdin and --certificate-password-stdin', 'both read standard input; give the certificate password in AZURE_CLIENT_CERTIFICATE_PASSWORD instead')
    }
    const stdinSecret = flags['client-secret-stdin'] ? await readSecretFromStdin() : undefined
    const stdinPassword = flags['certificate-password-stdin'] ? await readSecretFromStdin('--certificate-password-stdin', 'Certificate password (not shown): ') : undefined
    layers.push(flagLayer(flags, stdinSecret, stdinPassword))
    const loaded = product.profile ? product.merge(layers) : mergeSettings(layers)
    checkCredentialSources(loaded, process.env, {offline: flags.offline})
    const options = defaultRunOptions({
      sendTest: flags['send-test'], sendTestTo: flags['send-test-to'], secretWarningDays: flags['secret-warning-days'],
      popAuth: flags['pop-auth'] === 'one-line' ? 'one-line' : 'two-step',
      verbose: flags.verbose, timeoutMs: flags.timeout * 1000,
      // Read before the run, so a bad evidence file stops it with exit 2.
      exchangeEvidence: flags['exchange-evidence'] ? readExchangeEvidence(flags['exchange-evidence']) : undefined,
    })
    const checks = checksFor({offline: flags.offline})
    const applicable = checks.filter((c) => !c.applies || c.applies({settings: loaded.settings, options, network: lab?.network}))
    // With --wait the doctor may run several times: live progress for each run, then the gate's line per attempt.
    const report = await runGated(gate, async () => {
      progress = await startProgress({
        stream: process.stderr, total: applicable.length, json: command.jsonEnabled(), ascii: stdoutTerminalOptions(flags.ascii).ascii, env: process.env,
      })
      const one = product.speak(await runDoctor({
        loaded, options, network: lab?.network, labName: lab?.name, version: command.config.version, checks,
        onProgress: progress.onProgress,
        notRun: flags.offline ? {checks: LIVE_CHECKS, because: '--offline (no token, Graph or mail server was contacted)'} : undefined,
      }))
      progress.stop()
      return one
    })
    if (flags['fix-script']) writeOutput('--fix-script', flags['fix-script'], ps1File(fixScript(report, {reportFile: flags.output}), flags['fix-script']), {force: flags.force})
    emit(command, report, flags)
    process.exitCode = exitCodeFor(report, flags['fail-on'])
    return report
  } finally {
    progress?.stop()
    await lab?.close()
  }
}

/** One report in a format; jsonl is one line (the same as a fleet run's line for one target). */
function render(report: Report, format: ReportFormat | 'jsonl', options: RenderOptions): string {
  return format === 'jsonl' ? `${JSON.stringify(report)}\n` : renderReport(report, format, options)
}

function emit(command: Command, report: Report, flags: CheckFlags): void {
  const renderOptions = {...stdoutTerminalOptions(flags.ascii), verbose: flags.verbose, all: flags.all, failOn: flags['fail-on']}
  if (flags.output) {
    writeOutput('--output', flags.output, render(report, flags.format === 'table' ? 'json' : flags.format, {...renderOptions, color: false}), {force: flags.force})
  }
  for (const {format, file} of reportFiles(flags.report)) writeOutput(`--report ${format}=${file}`, file, render(report, format, {...renderOptions, color: false}), {force: flags.force})
  // With --json, oclif prints the returned report itself.
  if (command.jsonEnabled()) return
  const stdoutFormat = flags.output ? 'table' : flags.format
  process.stdout.write(render(report, stdoutFormat, renderOptions))
}

/** `--report FORMAT=FILE`, each checked before anything runs. */
export function reportFiles(values: readonly string[] = []): {format: Exclude<ReportFormat, 'table'> | 'jsonl'; file: string}[] {
  const formats = [...REPORT_FORMATS.filter((f) => f !== 'table'), 'jsonl'] as const
  return values.map((value) => {
    const m = /^([a-z]+)=(.+)$/.exec(value)
    const format = formats.find((f) => f === m?.[1])
    if (!m || !format)
      throw new InputError(`--report ${value}`, `must be FORMAT=FILE with FORMAT one of ${formats.join(', ')}`)
    return {format, file: m[2]!}
  })
}
