// `check`'s flags turned into plain inputs, the same for one target and for a fleet: the settings layer of the
// command line, the run options, which checks run, the --report files, and what is refused before anything runs.
// No terminal here: standard input is read through the function the command passes in.
import type {Check, RunOptions} from '../checks/check.js'
import {InputError} from '../core/input-error.js'
import type {SettingsLayer} from '../settings/load-settings.js'
import type {RawSettings} from '../settings/raw-settings.js'
import {checkText, MAX_SETTING_LENGTH} from '../settings/settings-file.js'
import {FLAG_OF} from '../settings/setting-flags.js'
import {REPORT_FORMATS, type ReportFormat} from '../report/render/index.js'
import {checksFor, LIVE_CHECKS} from './check-list.js'
import {defaultRunOptions} from './run-doctor.js'

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

/** What the *-stdin flags read: the terminal's hidden prompt, or piped input (the command supplies it). */
export type ReadSecret = (flag: string, prompt: string) => Promise<string>

export interface StdinCredentials {
  secret?: string
  password?: string
}

export function flagLayer(flags: CheckFlags, stdin: StdinCredentials = {}): SettingsLayer {
  const endpoint = (p: 'smtp' | 'imap' | 'pop') => {
    const e = {host: flags[`${p}-host`], port: flags[`${p}-port`], tls: flags[`${p}-tls`]}
    return e.host === undefined && e.port === undefined && e.tls === undefined ? undefined : e
  }
  const values: RawSettings = {
    cloud: flags.cloud, tenant: flags.tenant, clientId: flags['client-id'], clientSecret: flags['client-secret'] ?? stdin.secret,
    mailbox: flags.mailbox, from: flags.from, scope: flags.scope, tokenUrl: flags['token-url'],
    smtp: endpoint('smtp'), imap: endpoint('imap'), pop: endpoint('pop'),
    protocols: flags.protocols?.split(/[\s,]+/).filter(Boolean), exchangeObjectId: flags['exchange-object-id'], auth: flags.auth,
    certificate: flags.certificate, certificatePassword: stdin.password, federatedTokenFile: flags['federated-token-file'], federated: flags.federated,
  }
  return {source: 'flag', nameOf: (key) => (key === 'clientSecret' && stdin.secret !== undefined ? 'standard input' : FLAG_OF[key]), values}
}

/**
 * The secret and the certificate password the *-stdin flags ask for; only one of them can have standard input.
 * `instead` says where the password goes instead (the environment for one target, the targets file for a fleet).
 */
export async function readStdinCredentials(flags: CheckFlags, readSecret: ReadSecret, instead: string): Promise<StdinCredentials> {
  if (flags['client-secret-stdin'] && flags['certificate-password-stdin']) {
    throw new InputError('--client-secret-stdin and --certificate-password-stdin', `both read standard input; ${instead}`)
  }
  return {
    secret: flags['client-secret-stdin'] ? await readSecret('--client-secret-stdin', 'Client secret Value (not shown): ') : undefined,
    password: flags['certificate-password-stdin'] ? await readSecret('--certificate-password-stdin', 'Certificate password (not shown): ') : undefined,
  }
}

/** The doctor's options from the flags (`extra`: what only one kind of run has, e.g. a fleet's shared requests). */
export function runOptionsOf(flags: CheckFlags, extra: Partial<RunOptions> = {}): RunOptions {
  return defaultRunOptions({
    sendTest: flags['send-test'], sendTestTo: flags['send-test-to'], secretWarningDays: flags['secret-warning-days'],
    popAuth: flags['pop-auth'] === 'one-line' ? 'one-line' : 'two-step',
    verbose: flags.verbose, timeoutMs: flags.timeout * 1000, ...extra,
  })
}

/** Which checks run, and which are listed as not run (the live ones with --offline). */
export function checkPlan(flags: Pick<CheckFlags, 'offline'>): {checks: Check[]; notRun?: {checks: readonly Check[]; because: string}} {
  return {
    checks: checksFor({offline: flags.offline}),
    notRun: flags.offline ? {checks: LIVE_CHECKS, because: '--offline (no token, Graph or mail server was contacted)'} : undefined,
  }
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

/** How the command line was given: whether --json is on and the raw arguments (to tell a typed flag from a default). */
export interface CommandLine {
  json: boolean
  argv: readonly string[]
}

/** What every `check` refuses before anything runs, one target or a fleet: contradicting flags, unbounded values. */
export function validateCheckFlags(flags: CheckFlags, line: CommandLine): void {
  refuseConflicts(flags, line)
  validateFlagValues(flags)
}

/** Pairs of flags that contradict each other: refused with one line naming both. */
function refuseConflicts(flags: CheckFlags, line: CommandLine): void {
  const given = (name: string): boolean => line.argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`))
  const pairs: Array<[string, string, boolean]> = [
    ['--client-secret', '--client-secret-stdin', flags['client-secret'] !== undefined && flags['client-secret-stdin']],
    ['--offline', '--send-test', flags.offline && flags['send-test']],
    ['--json', `--format ${flags.format}`, line.json && given('format') && flags.format !== 'json'],
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
