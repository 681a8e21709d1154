import {BaseCommand} from '../base-command.js'
import type {Report} from '../core/report.js'
import type {FleetRun} from '../fleet/types.js'
import {runCheckCommand} from '../doctor/check-command.js'
import {CHECK_FLAGS} from '../doctor/check-flags.js'
import {ENV_NAMES} from '../settings/setting-flags.js'

export default class Check extends BaseCommand {
  static override summary = 'Find out why a product cannot send or read Microsoft 365 mail with an app-only OAuth token.'

  static override description = `Loads the settings the product was configured with (a --config file, the ${ENV_NAMES.tenant} /
${ENV_NAMES.clientId} / ${ENV_NAMES.clientSecret} environment variables, and flags; later wins), checks them, gets a token,
reads its claims, asks Microsoft Graph, logs in over SMTP, IMAP and POP with XOAUTH2, and reports the causes,
ranked, each with the evidence and the PowerShell to fix it.

Exit codes: 0 no error found (warnings allowed unless --fail-on warn), 1 an error was found, 2 the input is unusable,
3 a check crashed or timed out and no error was found (verdict incomplete: "could not look" is not a pass).
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

  static override flags = CHECK_FLAGS

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
