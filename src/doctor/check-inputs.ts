// `check`'s flags turned into plain inputs, the same for one target and for a fleet: the settings layer of the
// command line, the run options, which checks run, the --report files, and what is refused before anything runs.
// No terminal here: standard input is read through the function the command passes in.
import type {Check, RunOptions} from '../checks/check.js'
import {InputError} from '../core/input-error.js'
import type {SettingsLayer} from '../settings/load-settings.js'
import type {RawSettings} from '../settings/raw-settings.js'
import {checkText, MAX_SETTING_LENGTH} from '../settings/settings-file.js'
import {FLAG_OF, FLAG_SETTINGS, SETTING_INPUTS, stdinFlagOf, type FlagSetting} from '../settings/setting-flags.js'
import {PROTOCOLS} from '../core/protocol.js'
import {REPORT_FORMATS, type ReportFormat} from '../report/render/index.js'
import {checksFor, LIVE_CHECKS} from './check-list.js'
import type {CheckFlags} from './check-flags.js'
import {defaultRunOptions} from './run-doctor.js'

export type {CheckFlags}

/** What the *-stdin flags read: the terminal's hidden prompt, or piped input (the command supplies it). */
export type ReadSecret = (flag: string, prompt: string) => Promise<string>

export interface StdinCredentials {
  secret?: string
  password?: string
}

/**
 * The command line's settings layer: each setting's flag (named by SETTING_INPUTS), the endpoint flags grouped per
 * protocol, --protocols split, and the values the *-stdin flags read.
 */
export function flagLayer(flags: CheckFlags, stdin: StdinCredentials = {}): SettingsLayer {
  const given = (key: FlagSetting): string | number | undefined => flags[SETTING_INPUTS[key].flag]
  const values: Record<string, unknown> = {}
  for (const key of FLAG_SETTINGS) if (!key.includes('.')) values[key] = given(key)
  for (const p of PROTOCOLS) {
    const e = {host: given(`${p}.host`), port: given(`${p}.port`), tls: given(`${p}.tls`)}
    values[p] = e.host === undefined && e.port === undefined && e.tls === undefined ? undefined : e
  }
  values.protocols = flags.protocols?.split(/[\s,]+/).filter(Boolean)
  values.clientSecret = flags['client-secret'] ?? stdin.secret
  values.certificatePassword = stdin.password
  return {source: 'flag', nameOf: (key) => (key === 'clientSecret' && stdin.secret !== undefined ? 'standard input' : FLAG_OF[key]), values: values as RawSettings}
}

/**
 * The secret and the certificate password the *-stdin flags ask for; only one of them can have standard input.
 * `instead` says where the password goes instead (the environment for one target, the targets file for a fleet).
 */
export async function readStdinCredentials(flags: CheckFlags, readSecret: ReadSecret, instead: string): Promise<StdinCredentials> {
  const secretFlag = stdinFlagOf('clientSecret')
  const passwordFlag = stdinFlagOf('certificatePassword')
  if (flags['client-secret-stdin'] && flags['certificate-password-stdin']) {
    throw new InputError(`${secretFlag} and ${passwordFlag}`, `both read standard input; ${instead}`)
  }
  return {
    secret: flags['client-secret-stdin'] ? await readSecret(secretFlag, 'Client secret Value (not shown): ') : undefined,
    password: flags['certificate-password-stdin'] ? await readSecret(passwordFlag, 'Certificate password (not shown): ') : undefined,
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
    checks: checksFor({offline: flags.offline === true}),
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
    [FLAG_OF.clientSecret, stdinFlagOf('clientSecret'), flags['client-secret'] !== undefined && flags['client-secret-stdin'] === true],
    ['--offline', '--send-test', flags.offline === true && flags['send-test'] === true],
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
      throw new InputError(FLAG_OF.clientSecret, 'is not a plain-text secret (too long, or control characters)')
    }
  }
  for (const name of HOST_FLAGS) {
    const value = flags[name]
    if (value === undefined) continue
    if (value.trim() === '') throw new InputError(`--${name}`, 'is empty; give a host name such as smtp.office365.com')
    if (value.length > 253) throw new InputError(`--${name}`, `is ${value.length} characters long; a host name has at most 253`)
  }
}
