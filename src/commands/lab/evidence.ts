import {writeOutput} from '../../doctor/write-output.js'
import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../base-command.js'
import {labEvidence} from '../../lab/evidence.js'
import {resolveScenario} from '../../lab/scenario/load-scenario.js'
import type {ExchangeEvidence} from '../../remedies/exchange-evidence.js'

export default class LabEvidence extends BaseCommand {
  static override summary = 'Write the Exchange evidence JSON a scenario\'s tenant would give, as the evidence script would.'

  static override description = `The same file "o365doctor evidence-script" makes the Exchange admin write, but from the scenario's Exchange state:
Get-ServicePrincipal, Get-MailboxPermission, Get-RecipientPermission, Get-CASMailbox, Get-TransportConfig and RBAC for
Applications, for the scenario's app and its client mailbox and From address. Use it to try "check --lab SCENARIO
--exchange-evidence FILE" without a tenant.

SCENARIO is a built-in name ("o365doctor lab list") or a path to a scenario YAML file.
Exit codes: 0 written, 2 the scenario or the output file could not be used.`

  static override examples = [
    {description: 'Print it', command: '<%= config.bin %> <%= command.id %> no-full-access'},
    {description: 'The round trip', command: '<%= config.bin %> <%= command.id %> no-full-access --output ev.json && <%= config.bin %> check --lab no-full-access --exchange-evidence ev.json'},
  ]

  static override enableJsonFlag = true

  static override args = {
    scenario: Args.string({description: 'Built-in scenario name or scenario file.', required: true}),
  }

  static override flags = {
    output: Flags.string({char: 'o', summary: 'Write the JSON to FILE instead of standard output.', helpValue: 'FILE'}),
  }

  async run(): Promise<ExchangeEvidence> {
    const {args, flags} = await this.parse(LabEvidence)
    const evidence = labEvidence(await resolveScenario(args.scenario))
    const text = `${JSON.stringify(evidence, null, 2)}\n`
    if (flags.output) {
      writeOutput('--output', flags.output, text)
    } else if (!this.jsonEnabled()) process.stdout.write(text)
    return evidence
  }
}
