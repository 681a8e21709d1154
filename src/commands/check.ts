import {Flags} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import type {Report} from '../core/report.js'
import type {FleetRun} from '../fleet/types.js'
import {runCheckCommand} from '../doctor/check-command.js'

export default class Check extends BaseCommand {
  static override summary = 'Find out why a product cannot send or read Microsoft 365 mail with an app-only OAuth token.'

  static override description = `Loads the settings the product was configured with (a --config file, the AZURE_TENANT_ID /
AZURE_CLIENT_ID / AZURE_CLIENT_SECRET environment variables, and flags; later wins), checks them, gets a token,
reads its claims, asks Microsoft Graph, logs in over SMTP, IMAP and POP with XOAUTH2, and reports the causes,
ranked, each with the evidence and the PowerShell to fix it.

Exit codes: 0 no error found (warnings allowed unless --fail-on warn), 1 an error was found, 2 the input is unusable.
CI gates: --waivers, --baseline with --fail-on new, --wait 15m, --format junit|markdown|html (see docs/ci.md).

Try it without a tenant: --lab healthy (or any scenario of "o365doctor lab list") runs against the built-in
emulation of Microsoft 365.`

  static override examples = [
    {description: 'Try the doctor against the built-in lab, no tenant needed', command: '<%= config.bin %> <%= command.id %> --lab healthy'},
    {description: 'A lab scenario with a broken tenant', command: '<%= config.bin %> <%= command.id %> --lab wrong-object-id'},
    {description: 'A product\'s own settings file, checked and explained in its terms', command: '<%= config.bin %> <%= command.id %> --product ebiss3 --config ebiss3.yaml'},
    {
      description: 'Check a product\'s settings; the secret comes from standard input, not the command line',
      command: 'echo "$SECRET" | <%= config.bin %> <%= command.id %> --tenant contoso.onmicrosoft.com --client-id 9a1b2c3d-0000-4000-8000-000000000001 --client-secret-stdin --mailbox sender@contoso.com --protocols smtp,imap',
    },
    {description: 'Settings from a file, static checks only (no network)', command: '<%= config.bin %> <%= command.id %> --config settings.yaml --offline'},
    {description: 'CI gate: JUnit for the dashboard, fail on warnings too', command: '<%= config.bin %> <%= command.id %> --config settings.yaml --format junit --output o365doctor.xml --fail-on warn'},
    {description: 'CI gate after a fix: wait out propagation, accept known causes, HTML for the ticket', command: '<%= config.bin %> <%= command.id %> --config settings.yaml --wait 15m --waivers waivers.yaml --format html --output o365doctor.html'},
    {description: 'Hand the Exchange admin one script that fixes what was found', command: '<%= config.bin %> <%= command.id %> --config settings.yaml --fix-script fix.ps1'},
    {description: 'A fleet: every mailbox of a targets file in one process, one report per line, the worst exit code', command: '<%= config.bin %> <%= command.id %> --targets fleet.yaml --format jsonl --output fleet.jsonl'},
    {description: 'One of four CI jobs sharing a large fleet', command: '<%= config.bin %> <%= command.id %> --targets fleet.yaml --shard 2/4 --format junit --output fleet-2.xml'},
    {description: 'Use the evidence the admin collected with "o365doctor evidence-script"', command: '<%= config.bin %> <%= command.id %> --config settings.yaml --exchange-evidence o365doctor-evidence.json'},
  ]

  static override enableJsonFlag = true

  static override flags = {
    config: Flags.string({char: 'c', summary: 'Settings file (YAML or JSON; the keys of a lab scenario\'s client: section).', helpValue: 'FILE'}),
    targets: Flags.string({summary: 'Fleet run: check every target of FILE (YAML or JSON: defaults: and a targets: list, each a settings layer with mailbox, product, config, clientSecretEnv…) in one process. Layers: defaults < settings flags < each target\'s entry; AZURE_* variables are not read; secrets only by reference (a literal secret in FILE is refused). Exit code: the worst target\'s. See README "Fleet runs".', helpValue: 'FILE', helpGroup: 'FLEET', exclusive: ['config']}),
    shard: Flags.string({summary: 'With --targets: take share i of n (target position modulo n), so n CI jobs split one targets file.', helpValue: 'i/n', helpGroup: 'FLEET'}),
    concurrency: Flags.integer({summary: 'With --targets: targets checked at the same time (default min(48, 24 × CPUs); never more than 3 per mailbox).', min: 1, max: 256, helpGroup: 'FLEET'}),
    lab: Flags.string({summary: 'Run against the built-in lab: a scenario name ("o365doctor lab list") or a scenario file. Its client: section is the settings (flags still override; AZURE_* variables are not read).', helpValue: 'SCENARIO|FILE', exclusive: ['config']}),
    product: Flags.string({summary: 'The product whose settings these are: ebiss3, enaio, highstage, rei3 or cryptshare ("o365doctor products"). Applies its defaults and protocols, reads --config in its own field names (enaio: also osweb-prod.yml) and words every fix in its terms.', helpValue: 'PRODUCT'}),
    tenant: Flags.string({summary: 'Tenant: directory (tenant) ID or a verified domain. Env: AZURE_TENANT_ID.', helpGroup: 'SETTINGS'}),
    'client-id': Flags.string({summary: 'Application (client) ID of the app registration. Env: AZURE_CLIENT_ID.', helpGroup: 'SETTINGS'}),
    'client-secret': Flags.string({summary: 'Client secret Value (visible to other users in the process list: prefer --client-secret-stdin or AZURE_CLIENT_SECRET).', helpGroup: 'SETTINGS'}),
    'client-secret-stdin': Flags.boolean({summary: 'Read the client secret Value from standard input (on a terminal: asked for, not shown).', helpGroup: 'SETTINGS'}),
    certificate: Flags.string({summary: 'Client certificate instead of a secret: PEM with certificate and private key, or PFX/P12. Env: AZURE_CLIENT_CERTIFICATE_PATH.', helpValue: 'FILE', helpGroup: 'SETTINGS'}),
    'certificate-password-stdin': Flags.boolean({summary: 'Read the certificate\'s password (PFX, encrypted PEM key) from standard input (on a terminal: asked for, not shown). Env: AZURE_CLIENT_CERTIFICATE_PASSWORD.', helpGroup: 'SETTINGS'}),
    'federated-token-file': Flags.string({summary: 'Workload identity federation: a file holding the external OIDC token. Env: AZURE_FEDERATED_TOKEN_FILE.', helpValue: 'FILE', helpGroup: 'SETTINGS'}),
    federated: Flags.string({summary: 'Workload identity federation: "github" fetches the GitHub Actions OIDC token (audience api://AzureADTokenExchange; needs permissions: id-token: write).', options: ['github'], helpGroup: 'SETTINGS'}),
    mailbox: Flags.string({summary: 'Mailbox the product authenticates as (user= of XOAUTH2).', helpGroup: 'SETTINGS'}),
    from: Flags.string({summary: 'Sender address, when it differs from the mailbox (Send As).', helpGroup: 'SETTINGS'}),
    scope: Flags.string({summary: 'Scope the product requests (default: the cloud\'s https://outlook.office365.com/.default).', helpGroup: 'SETTINGS'}),
    'token-url': Flags.string({summary: 'Token endpoint URL, if the product asks for one.', helpGroup: 'SETTINGS'}),
    cloud: Flags.string({summary: 'Microsoft cloud: global, usgov, usgovdod or china (default: inferred from the hosts, else global).', helpGroup: 'SETTINGS'}),
    'smtp-host': Flags.string({summary: 'SMTP host.', helpGroup: 'SETTINGS'}),
    'smtp-port': Flags.integer({summary: 'SMTP port.', helpGroup: 'SETTINGS', min: 1, max: 65535}),
    'smtp-tls': Flags.string({summary: 'SMTP TLS mode: starttls, implicit or none.', helpGroup: 'SETTINGS'}),
    'imap-host': Flags.string({summary: 'IMAP host.', helpGroup: 'SETTINGS'}),
    'imap-port': Flags.integer({summary: 'IMAP port.', helpGroup: 'SETTINGS', min: 1, max: 65535}),
    'imap-tls': Flags.string({summary: 'IMAP TLS mode: implicit, starttls or none.', helpGroup: 'SETTINGS'}),
    'pop-host': Flags.string({summary: 'POP host.', helpGroup: 'SETTINGS'}),
    'pop-port': Flags.integer({summary: 'POP port.', helpGroup: 'SETTINGS', min: 1, max: 65535}),
    'pop-tls': Flags.string({summary: 'POP TLS mode: implicit, starttls or none.', helpGroup: 'SETTINGS'}),
    protocols: Flags.string({summary: 'Protocols the product uses, comma-separated: smtp,imap,pop (default: those configured, else all).', helpGroup: 'SETTINGS'}),
    'exchange-object-id': Flags.string({summary: 'The ObjectId the Exchange admin passed to New-ServicePrincipal, if known.', helpGroup: 'SETTINGS'}),
    auth: Flags.string({summary: 'How the product authenticates: oauth2 (default), basic or none.', helpGroup: 'SETTINGS'}),
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

  async run(): Promise<Report | FleetRun> {
    const {flags} = await this.parse(Check)
    try {
      if (flags.targets !== undefined) {
        const {runFleetCommand} = await import('../doctor/fleet-command.js')
        return await runFleetCommand(this, {...flags, targets: flags.targets})
      }
      return await runCheckCommand(this, flags)
    } finally {
      // Every wait has its deadline and destroys its socket; should a library still hold a handle, the process
      // ends anyway once the report is out (an unref'd timer fires only if something else keeps the loop alive).
      setTimeout(() => process.exit(), 2000).unref()
    }
  }
}
