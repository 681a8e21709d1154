import {resolve} from 'node:path'
import {Args, Flags} from '@oclif/core'
import {writeOutput} from '../../doctor/write-output.js'
import {BaseCommand} from '../../base-command.js'
import {describeLab} from '../../lab/describe-lab.js'
import type {LabHandle} from '../../lab/lab-types.js'
import {resolveScenario, ScenarioError} from '../../lab/scenario/load-scenario.js'
import {startLab} from '../../lab/start-lab.js'

export default class LabServe extends BaseCommand {
  static override summary = 'Run the emulated Microsoft 365 tenant (the lab) in the foreground.'

  static override description = `Starts Entra ID's token endpoint, Microsoft Graph and Exchange Online's SMTP, IMAP and POP endpoints on
loopback, behaving as the scenario's tenant would, with real TLS from the lab's own CA. Prints where each real host
name is served, the CA file to trust and the client settings to use. Stop it with Ctrl+C.

SCENARIO is a built-in name ("o365doctor lab list") or a path to a scenario YAML file.
Exit codes: 0 stopped normally, 2 the scenario could not be used.`

  static override examples = [
    {description: 'Serve the healthy tenant', command: '<%= config.bin %> <%= command.id %> healthy'},
    {description: 'Serve a scenario of your own and keep the CA at a known path', command: '<%= config.bin %> <%= command.id %> ./my-tenant.yaml --ca-file ./lab-ca.pem'},
    {description: 'Watch every request and login decision', command: '<%= config.bin %> <%= command.id %> wrong-object-id --verbose'},
  ]

  static override args = {
    scenario: Args.string({description: 'Built-in scenario name or scenario file.', required: true}),
  }

  static override flags = {
    'ca-file': Flags.string({summary: 'Write the lab CA certificate here (default: a temporary file removed on exit).', helpValue: 'FILE'}),
    mail: Flags.boolean({summary: 'Start the SMTP, IMAP and POP servers.', default: true, allowNo: true}),
    verbose: Flags.boolean({char: 'v', summary: 'Log every request the lab answers (never secrets or tokens).'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(LabServe)
    let scenario
    try {
      scenario = await resolveScenario(args.scenario)
    } catch (error) {
      if (error instanceof ScenarioError) this.error(error.message, {exit: 2})
      throw error
    }
    const log = flags.verbose ? (line: string) => this.log(`[lab] ${line}`) : undefined
    const lab: LabHandle = await startLab(scenario, {log, mail: flags.mail, caFile: !flags['ca-file']})
    let caFile = lab.caFile
    try {
      if (flags['ca-file']) {
        caFile = resolve(flags['ca-file'])
        writeOutput('--ca-file', caFile, lab.network.caPem)
      }
      // Listen for Ctrl+C before saying it works: a caller may send it the moment it reads the line.
      const stopped = new Promise<NodeJS.Signals>((done) => {
        const stop = (s: NodeJS.Signals) => {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
          done(s)
        }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
      for (const line of describeLab(lab, {caFile})) this.log(line)
      this.log('\nPress Ctrl+C to stop.')
      const signal = await stopped
      this.log(`\n${signal}: stopping the lab…`)
    } finally {
      await lab.close()
    }
    this.log('Lab stopped.')
  }
}
