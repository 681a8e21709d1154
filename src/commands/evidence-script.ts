import {writeOutput} from '../doctor/write-output.js'
import {Args, Flags} from '@oclif/core'
import {ENV_NAMES, FLAG_OF, SETTING_INPUTS, settingFlag} from '../settings/setting-flags.js'
import {BaseCommand} from '../base-command.js'
import {InputError} from '../core/input-error.js'
import {DEFAULT_EVIDENCE_FILE, evidenceScript} from '../remedies/evidence-script.js'
import {ps1File} from '../remedies/ps-script.js'
import {environmentLayer, mergeSettings, type SettingsLayer} from '../settings/load-settings.js'
import {readSettingsFile} from '../settings/settings-file.js'

export interface EvidenceScriptResult {
  file: string
  appId: string
  mailboxes: string[]
  organization?: string
  cloud: string
}

export default class EvidenceScript extends BaseCommand {
  static override summary = 'Write a read-only PowerShell script that collects Exchange evidence for "check --exchange-evidence".'

  static override description = `For the customer's Exchange admin: the script runs only Get- and Test- cmdlets (Get-ServicePrincipal,
Get-MailboxPermission, Get-RecipientPermission, Get-CASMailbox, Get-TransportConfig and, where present, RBAC for
Applications) for this app and these mailboxes, and writes ONE JSON file (${DEFAULT_EVIDENCE_FILE}). Give that file to
"o365doctor check --exchange-evidence FILE" and the causes Exchange's bare "authentication failed" leaves open become
certain: service principal missing, wrong object ID or FullAccess missing; SMTP AUTH off for the tenant or the mailbox;
IMAP or POP off; Send As missing.

Values come from --config (like check), the ${ENV_NAMES.tenant} / ${ENV_NAMES.clientId} environment variables and flags; later wins.
Exit codes: 0 written, 2 the input is unusable.`

  static override examples = [
    {description: 'For one app and its mailbox', command: '<%= config.bin %> <%= command.id %> evidence.ps1 --tenant contoso.onmicrosoft.com --client-id 9a1b2c3d-0000-4000-8000-000000000001 --mailbox sender@contoso.com'},
    {description: 'From the product\'s settings file, plus another mailbox', command: '<%= config.bin %> <%= command.id %> evidence.ps1 --config settings.yaml --mailbox shared@contoso.com'},
  ]

  static override enableJsonFlag = true

  static override args = {
    file: Args.string({description: 'Where to write the script (e.g. evidence.ps1).', required: true}),
  }

  static override flags = {
    config: Flags.string({char: 'c', summary: 'Settings file (YAML or JSON), as for check: tenant, clientId, mailbox, from, cloud.', helpValue: 'FILE'}),
    ...settingFlag('tenant', Flags.string({summary: 'Tenant: its primary .onmicrosoft.com domain (for Connect-ExchangeOnline -Organization).'})),
    ...settingFlag('clientId', Flags.string({summary: 'Application (client) ID of the app.'})),
    ...settingFlag('mailbox', Flags.string({summary: 'A mailbox in question (repeatable): the one the product logs in as, shared mailboxes….', multiple: true})),
    ...settingFlag('from', Flags.string({summary: 'The From address of the mail it sends, when it differs (Send As).'})),
    ...settingFlag('cloud', Flags.string({summary: 'Microsoft cloud: global, usgov, usgovdod or china (default: inferred, else global).'})),
  }

  async run(): Promise<EvidenceScriptResult> {
    const {args, flags} = await this.parse(EvidenceScript)
    const layers: SettingsLayer[] = []
    if (flags.config) layers.push({source: 'file', nameOf: (key) => `${key} in ${flags.config}`, values: readSettingsFile(flags.config)})
    layers.push(environmentLayer(process.env))
    // The first --mailbox is the product's mailbox (settings' mailbox); the others are extra ones in question.
    layers.push({
      source: 'flag', nameOf: (key) => FLAG_OF[key],
      values: {
        tenant: flags[SETTING_INPUTS.tenant.flag], clientId: flags[SETTING_INPUTS.clientId.flag], mailbox: flags[SETTING_INPUTS.mailbox.flag]?.[0],
        from: flags[SETTING_INPUTS.from.flag], cloud: flags[SETTING_INPUTS.cloud.flag],
      },
    })
    const {settings} = mergeSettings(layers, {requireAll: false})
    if (!settings.clientId) throw new InputError(FLAG_OF.clientId, `missing; give the Application (client) ID (or clientId: in the --config file, or ${ENV_NAMES.clientId})`)
    const wanted = [settings.mailbox, ...(flags.mailbox ?? []).slice(1), settings.from].filter((m): m is string => Boolean(m))
    const mailboxes = wanted.filter((m, i) => wanted.findIndex((o) => o.toLowerCase() === m.toLowerCase()) === i)
    if (mailboxes.length === 0) throw new InputError(FLAG_OF.mailbox, 'missing; give the mailbox the product logs in as (or mailbox: in the --config file)')
    const script = evidenceScript({
      appId: settings.clientId, mailboxes, organization: settings.tenant, cloud: settings.cloud, version: this.config.version,
    })
    writeOutput('FILE', args.file, ps1File(script, args.file))
    this.log(`Wrote ${args.file}: a read-only script for the Exchange admin. It writes ${DEFAULT_EVIDENCE_FILE}; then run:`)
    this.log(`  ${this.config.bin} check … --exchange-evidence ${DEFAULT_EVIDENCE_FILE}`)
    return {file: args.file, appId: settings.clientId, mailboxes, organization: settings.tenant, cloud: settings.cloud}
  }
}
