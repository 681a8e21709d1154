import {BaseCommand} from '../../base-command.js'
import {listBuiltInScenarios} from '../../lab/scenario/load-scenario.js'

export default class LabList extends BaseCommand {
  static override summary = 'List the built-in lab scenarios.'

  static override description = `One line per scenario that ships with o365doctor: its name, then what it models. Pass a name to
"lab serve" or "check --lab"; a scenario of your own is a YAML file (see scenarios/ for examples).`

  static override examples = [
    {description: 'Every built-in scenario', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'As JSON, for scripts', command: '<%= config.bin %> <%= command.id %> --json'},
  ]

  static override enableJsonFlag = true

  async run(): Promise<{name: string; description: string}[]> {
    await this.parse(LabList)
    const scenarios = listBuiltInScenarios()
    const width = Math.max(0, ...scenarios.map((s) => s.name.length))
    for (const s of scenarios) this.log(`${s.name.padEnd(width)}  ${s.description}`)
    return scenarios
  }
}
