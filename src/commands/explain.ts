import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import {isCloud} from '../core/cloud.js'
import type {FixValues} from '../diagnosis/catalogue.js'
import {explainText, type ExplainResult} from '../explain/explain-text.js'
import {openInput, UnreadableInput} from '../explain/read-input.js'
import {decodeStream, explainStream} from '../explain/stream.js'
import {stdoutTerminalOptions} from '../io/terminal-options.js'
import {renderExplain} from '../explain/render.js'

export default class Explain extends BaseCommand {
  static override summary = 'Explain a Microsoft 365 mail or sign-in error message, or a whole log.'

  static override description = `Paste what the product logged (an AADSTS error from the token request, an SMTP 535/5.7.139/SendAsDenied
reply, IMAP "NO AUTHENTICATE failed.", a POP -ERR, a TLS or network error) in any library's wrapping. The doctor
finds every reply it knows, ranks the ones that name the root cause first, and says what to do, with the
PowerShell filled in. Microsoft's correlation ID, trace ID and server diagnostic are picked out for support cases.
Every AADSTS code of Microsoft's Entra reference, every status code of Exchange Online's NDR table, Graph's error
codes and the OAuth error field are known; an unknown code still lands on a cause by its class, marked possible.
Files and standard input of any size are read as a stream (UTF-8, or UTF-16 as Windows PowerShell writes it);
binary input is refused. Bearer tokens and XOAUTH2 strings in the input are never echoed.

Exit codes: 0 nothing wrong recognised, 1 an error-level cause was found, 2 the input could not be read.`

  static override examples = [
    {description: 'One error message', command: `<%= config.bin %> <%= command.id %> "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant."`},
    {description: 'A whole log file, with the mailbox filled into the fix', command: '<%= config.bin %> <%= command.id %> --file product.log --mailbox sender@contoso.com'},
    {description: 'From a pipe, as JSON', command: 'journalctl -u mailer | <%= config.bin %> <%= command.id %> --json'},
  ]

  static override enableJsonFlag = true

  static override args = {
    text: Args.string({description: 'The error text; "-" or nothing reads standard input.', required: false, ignoreStdin: true}),
  }

  static override flags = {
    ascii: Flags.boolean({summary: 'Only ASCII: no box-drawing or symbols (default: automatic, see README).', allowNo: true}),
    file: Flags.string({char: 'f', summary: 'Read the text from a log file.', helpValue: 'LOG'}),
    tenant: Flags.string({summary: 'Tenant ID or domain, for the remediation.', helpGroup: 'VALUES'}),
    'client-id': Flags.string({summary: 'Application (client) ID, for the remediation.', helpGroup: 'VALUES'}),
    mailbox: Flags.string({summary: 'Mailbox the product authenticates as, for the remediation.', helpGroup: 'VALUES'}),
    from: Flags.string({summary: 'Sender address, for the remediation.', helpGroup: 'VALUES'}),
    cloud: Flags.option({summary: 'Microsoft cloud, for the remediation.', options: ['global', 'usgov', 'usgovdod', 'china'] as const, helpGroup: 'VALUES'})(),
  }

  async run(): Promise<ExplainResult> {
    const {args, flags} = await this.parse(Explain)
    const values: FixValues = {}
    if (flags.tenant) values.tenant = flags.tenant
    if (flags['client-id']) values.clientId = flags['client-id']
    if (flags.mailbox) values.mailbox = flags.mailbox
    if (flags.from) values.from = flags.from
    if (flags.cloud && isCloud(flags.cloud)) values.cloud = flags.cloud
    let result: ExplainResult
    try {
      // Files and standard input stream through in blocks: any size, bounded memory, binary input refused.
      const input = await openInput(args.text, flags.file, 'error text')
      // A person watching a terminal sees each distinct reply as the stream reaches it (a 1 GB log takes seconds).
      const onReply = !this.jsonEnabled() && process.stderr.isTTY ? (label: string, line: number) => process.stderr.write(`found at line ${line}: ${label}\n`) : undefined
      result = 'text' in input ? explainText(input.text, {values}) : await explainStream(decodeStream(input.bytes, input.name), {values, onReply})
    } catch (e) {
      if (e instanceof UnreadableInput) this.error(e.message, {exit: 2})
      throw e
    }
    if (!this.jsonEnabled()) this.log(renderExplain(result, stdoutTerminalOptions(flags.ascii)))
    if (result.verdict === 'fail') process.exitCode = 1
    return result
  }
}
