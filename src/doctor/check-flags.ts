// `check`'s flags, declared once: the oclif definitions the command parses, documents and completes, and the type
// of the parsed flags the run takes (CheckFlags). Each settings flag takes its name, and its Azure variable in the
// help text, from src/settings/setting-flags.ts.
import {Flags, type Interfaces} from '@oclif/core'
import {ENV_NAMES, envNote, settingFlag, stdinFlagOf, stdinSettingFlag} from '../settings/setting-flags.js'

export const CHECK_FLAGS = {
  config: Flags.string({char: 'c', summary: 'Settings file (YAML or JSON; the keys of a lab scenario\'s client: section).', helpValue: 'FILE'}),
  targets: Flags.string({summary: 'Fleet run: check every target of FILE (YAML or JSON: defaults: and a targets: list, each a settings layer with mailbox, product, config, clientSecretEnv…) in one process. Layers: defaults < settings flags < each target\'s entry; AZURE_* variables are not read; secrets only by reference (a literal secret in FILE is refused). Exit code: the worst target\'s. See README "Fleet runs".', helpValue: 'FILE', helpGroup: 'FLEET', exclusive: ['config']}),
  shard: Flags.string({summary: 'With --targets: take share i of n (target position modulo n), so n CI jobs split one targets file.', helpValue: 'i/n', helpGroup: 'FLEET'}),
  concurrency: Flags.integer({summary: 'With --targets: targets checked at the same time (default min(48, 24 × CPUs); never more than 3 per mailbox).', min: 1, max: 256, helpGroup: 'FLEET'}),
  lab: Flags.string({summary: 'Run against the built-in lab: a scenario name ("o365doctor lab list") or a scenario file. Its client: section is the settings (flags still override; AZURE_* variables are not read).', helpValue: 'SCENARIO|FILE', exclusive: ['config']}),
  product: Flags.string({summary: 'The product whose settings these are: ebiss3, enaio, highstage, rei3 or cryptshare ("o365doctor products"). Applies its defaults and protocols, reads --config in its own field names (enaio: also osweb-prod.yml) and words every fix in its terms.', helpValue: 'PRODUCT'}),
  ...settingFlag('tenant', Flags.string({summary: `Tenant: directory (tenant) ID or a verified domain. ${envNote('tenant')}`, helpGroup: 'SETTINGS'})),
  ...settingFlag('clientId', Flags.string({summary: `Application (client) ID of the app registration. ${envNote('clientId')}`, helpGroup: 'SETTINGS'})),
  ...settingFlag('clientSecret', Flags.string({summary: `Client secret Value (visible to other users in the process list: prefer ${stdinFlagOf('clientSecret')} or ${ENV_NAMES.clientSecret}).`, helpGroup: 'SETTINGS'})),
  ...stdinSettingFlag('clientSecret', Flags.boolean({summary: 'Read the client secret Value from standard input (on a terminal: asked for, not shown).', helpGroup: 'SETTINGS'})),
  ...settingFlag('certificate', Flags.string({summary: `Client certificate instead of a secret: PEM with certificate and private key, or PFX/P12. ${envNote('certificate')}`, helpValue: 'FILE', helpGroup: 'SETTINGS'})),
  ...stdinSettingFlag('certificatePassword', Flags.boolean({summary: `Read the certificate's password (PFX, encrypted PEM key) from standard input (on a terminal: asked for, not shown). ${envNote('certificatePassword')}`, helpGroup: 'SETTINGS'})),
  ...settingFlag('federatedTokenFile', Flags.string({summary: `Workload identity federation: a file holding the external OIDC token. ${envNote('federatedTokenFile')}`, helpValue: 'FILE', helpGroup: 'SETTINGS'})),
  ...settingFlag('federated', Flags.string({summary: 'Workload identity federation: "github" fetches the GitHub Actions OIDC token (audience api://AzureADTokenExchange; needs permissions: id-token: write).', options: ['github'], helpGroup: 'SETTINGS'})),
  ...settingFlag('mailbox', Flags.string({summary: 'Mailbox the product authenticates as (user= of XOAUTH2).', helpGroup: 'SETTINGS'})),
  ...settingFlag('from', Flags.string({summary: 'Sender address, when it differs from the mailbox (Send As).', helpGroup: 'SETTINGS'})),
  ...settingFlag('scope', Flags.string({summary: 'Scope the product requests (default: the cloud\'s https://outlook.office365.com/.default).', helpGroup: 'SETTINGS'})),
  ...settingFlag('tokenUrl', Flags.string({summary: 'Token endpoint URL, if the product asks for one.', helpGroup: 'SETTINGS'})),
  ...settingFlag('cloud', Flags.string({summary: 'Microsoft cloud: global, usgov, usgovdod or china (default: inferred from the hosts, else global).', helpGroup: 'SETTINGS'})),
  ...settingFlag('smtp.host', Flags.string({summary: 'SMTP host.', helpGroup: 'SETTINGS'})),
  ...settingFlag('smtp.port', Flags.integer({summary: 'SMTP port.', helpGroup: 'SETTINGS', min: 1, max: 65535})),
  ...settingFlag('smtp.tls', Flags.string({summary: 'SMTP TLS mode: starttls, implicit or none.', helpGroup: 'SETTINGS'})),
  ...settingFlag('imap.host', Flags.string({summary: 'IMAP host.', helpGroup: 'SETTINGS'})),
  ...settingFlag('imap.port', Flags.integer({summary: 'IMAP port.', helpGroup: 'SETTINGS', min: 1, max: 65535})),
  ...settingFlag('imap.tls', Flags.string({summary: 'IMAP TLS mode: implicit, starttls or none.', helpGroup: 'SETTINGS'})),
  ...settingFlag('pop.host', Flags.string({summary: 'POP host.', helpGroup: 'SETTINGS'})),
  ...settingFlag('pop.port', Flags.integer({summary: 'POP port.', helpGroup: 'SETTINGS', min: 1, max: 65535})),
  ...settingFlag('pop.tls', Flags.string({summary: 'POP TLS mode: implicit, starttls or none.', helpGroup: 'SETTINGS'})),
  ...settingFlag('protocols', Flags.string({summary: 'Protocols the product uses, comma-separated: smtp,imap,pop (default: those configured, else all).', helpGroup: 'SETTINGS'})),
  ...settingFlag('exchangeObjectId', Flags.string({summary: 'The ObjectId the Exchange admin passed to New-ServicePrincipal, if known.', helpGroup: 'SETTINGS'})),
  ...settingFlag('auth', Flags.string({summary: 'How the product authenticates: oauth2 (default), basic or none.', helpGroup: 'SETTINGS'})),
  offline: Flags.boolean({summary: 'Static checks only: judge the settings without any network traffic.'}),
  'send-test': Flags.boolean({summary: 'Send one real test message from --from (proves Send As).'}),
  'send-test-to': Flags.string({summary: 'Recipient of the --send-test message (default: the mailbox itself).'}),
  'pop-auth': Flags.string({summary: 'POP login form to replay: two-step (default, what Exchange accepts) or one-line (AUTH XOAUTH2 <token>, as some products send it; proves the difference).', options: ['two-step', 'one-line']}),
  'secret-warning-days': Flags.integer({summary: 'Warn when a client secret expires within this many days.', default: 30, min: 0}),
  timeout: Flags.integer({summary: 'Timeout of each check, in seconds (1–600).', default: 20, min: 1, max: 600}),
  format: Flags.option({summary: 'Output format. jsonl: one report per line (with --targets one per target; else the one report on one line).', options: ['table', 'json', 'jsonl', 'junit', 'markdown', 'html'] as const, default: 'table'})(),
  output: Flags.string({char: 'o', summary: 'Write the --format output to FILE (the table still goes to the terminal).', helpValue: 'FILE'}),
  report: Flags.string({summary: 'Also write the report in FORMAT (json, junit, markdown, html) to FILE; repeatable, so one run gives every file a CI job keeps.', helpValue: 'FORMAT=FILE', multiple: true}),
  'fail-on': Flags.option({summary: 'What makes the exit code 1: an error cause (error), a warning too (warn), or only an error cause the --baseline report did not have (new).', options: ['error', 'warn', 'new'] as const, default: 'error'})(),
  waivers: Flags.string({summary: 'Waivers file (YAML or JSON, "waivers:" list of {cause, reason, expires, checks?}): accepted causes stay listed, marked waived, and do not count toward the verdict.', helpValue: 'FILE', helpGroup: 'CI GATE'}),
  baseline: Flags.string({summary: 'An earlier JSON report: the report gets "drift" (new, resolved, unchanged causes); --fail-on new fails only on new ones.', helpValue: 'REPORT.json', helpGroup: 'CI GATE'}),
  wait: Flags.string({summary: 'Wait out propagation: while every failure is one a recent change can explain (permissions, consent, service principal, FullAccess, Send As, SMTP AUTH, IMAP/POP enabled), run again with backoff until healthy or DURATION (e.g. 60s, 15m) is up.', helpValue: 'DURATION', helpGroup: 'CI GATE'}),
  force: Flags.boolean({summary: 'Write --output, --report files and --fix-script even through a symbolic link (never into a dangling one).'}),
  verbose: Flags.boolean({char: 'v', summary: 'Every check, with its evidence and the redacted protocol transcripts.'}),
  all: Flags.boolean({char: 'a', summary: 'Every check on its own row (default: what is wrong, then one line per area).'}),
  ascii: Flags.boolean({summary: 'Only ASCII: no box-drawing or symbols (default: automatic, see README).', allowNo: true}),
  'fix-script': Flags.string({summary: 'Also write a PowerShell script for the Exchange admin that fixes the causes found (idempotent, honours -WhatIf).', helpValue: 'FILE.ps1'}),
  'exchange-evidence': Flags.string({summary: 'Exchange evidence JSON from the admin ("o365doctor evidence-script"): turns ambiguous Exchange causes into certain ones.', helpValue: 'FILE.json'}),
}

type Parsed = Omit<Interfaces.InferredFlags<typeof CHECK_FLAGS>, 'json'>
/** A flag oclif may leave undefined: no default, or a boolean (typed boolean, but undefined when not given). */
type MayBeAbsent<K extends keyof Parsed> = undefined extends Parsed[K] ? true : Parsed[K] extends boolean ? true : false
/** The parsed flags, as the run takes them: a flag that may be absent may be left out. */
export type CheckFlags = {[K in keyof Parsed as MayBeAbsent<K> extends true ? K : never]?: Parsed[K]} & {[K in keyof Parsed as MayBeAbsent<K> extends true ? never : K]: Parsed[K]}
