import {BaseCommand} from '../base-command.js'
import {productLines} from '../products/index.js'

export default class Products extends BaseCommand {
  static override summary = 'List the products whose settings and wording `check --product` knows.'

  static override description = `One line per product: its ID (for check --product), its name, the mail protocols it uses and what
its setup guide stresses. With --product, check reads a settings file in that product's own field names, applies its
defaults, and phrases every fix in its terms.`

  static override examples = [
    {description: 'Every product', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Check eBiss3\'s settings, typed as its Communication Channels show them', command: '<%= config.bin %> check --product ebiss3 --config ebiss3.yaml'},
  ]

  static override enableJsonFlag = true

  async run(): Promise<ReturnType<typeof productLines>> {
    await this.parse(Products)
    const lines = productLines()
    const id = Math.max(...lines.map((l) => l.id.length))
    const name = Math.max(...lines.map((l) => l.name.length))
    const proto = Math.max(...lines.map((l) => l.protocols.length))
    for (const l of lines) this.log(`${l.id.padEnd(id)}  ${l.name.padEnd(name)}  ${l.protocols.padEnd(proto)}  ${l.stresses}`)
    return lines
  }
}
