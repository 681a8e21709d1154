import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import type {Protocol} from '../core/protocol.js'
import {decodeInput, type DecodeResult} from '../decode/decode-input.js'
import {readInput, UnreadableInput} from '../explain/read-input.js'
import {stdoutTerminalOptions} from '../io/terminal-options.js'
import {renderDecode} from '../explain/render.js'
import {isCloud} from '../core/cloud.js'

export default class Decode extends BaseCommand {
  static override summary = 'Decode an access token or XOAUTH2 string and judge it for app-only Exchange Online mail.'

  static override description = `Reads a JWT access token (or "Bearer <token>") or a base64 XOAUTH2 string (also "AUTH XOAUTH2 <b64>" from a
transcript), checks the XOAUTH2 format (user=, ^A separators, auth=Bearer, trailing ^A^A) and the token's claims:
audience, roles versus scp, tenant, object ID, expiry, issuer. The signature is not verified, and the token is never
printed back (8 characters at most). Prefer standard input over the argument: arguments end up in shell history.

Exit codes: 0 no problem, 1 a problem was found, 2 the input could not be read.`

  static override examples = [
    {description: 'A token from the clipboard (macOS)', command: 'pbpaste | <%= config.bin %> <%= command.id %>'},
    {description: 'An XOAUTH2 blob from a transcript, expecting IMAP and SMTP roles', command: 'echo "$BLOB" | <%= config.bin %> <%= command.id %> --protocols imap,smtp'},
    {description: 'Check the token against the tenant and the ObjectId given to New-ServicePrincipal', command: '<%= config.bin %> <%= command.id %> --file token.txt --tenant-id 11111111-2222-3333-4444-555555555555 --exchange-object-id 77e0aaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'},
  ]

  static override enableJsonFlag = true

  static override args = {
    token: Args.string({description: 'The token or XOAUTH2 string; "-" or nothing reads standard input.', required: false, ignoreStdin: true}),
  }

  static override flags = {
    ascii: Flags.boolean({summary: 'Only ASCII: no box-drawing or symbols (default: automatic, see README).', allowNo: true}),
    file: Flags.string({char: 'f', summary: 'Read the token from a file.', helpValue: 'FILE'}),
    protocols: Flags.string({summary: 'Protocols the token must serve, comma-separated: smtp,imap,pop.'}),
    'tenant-id': Flags.string({summary: 'Tenant ID the token must come from.'}),
    'client-id': Flags.string({summary: 'Client ID the token should have been issued to.'}),
    'exchange-object-id': Flags.string({summary: 'The ObjectId given to New-ServicePrincipal; compared with the token\'s oid.'}),
    mailbox: Flags.string({summary: 'Mailbox, for the remediation (defaults to XOAUTH2 user=).'}),
    cloud: Flags.option({summary: 'Microsoft cloud the settings use.', options: ['global', 'usgov', 'usgovdod', 'china'] as const})(),
  }

  async run(): Promise<DecodeResult> {
    const {args, flags} = await this.parse(Decode)
    let text: string
    try {
      text = await readInput(args.token, flags.file, 'token')
    } catch (e) {
      if (e instanceof UnreadableInput) this.error(e.message, {exit: 2})
      throw e
    }
    const protocols = flags.protocols?.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean)
    const bad = protocols?.filter((p) => !['smtp', 'imap', 'pop'].includes(p))
    if (bad && bad.length > 0) this.error(`--protocols: unknown protocol ${bad.join(', ')} (use smtp, imap, pop)`, {exit: 2})
    if (text.trim() === '') this.error('no token given', {exit: 2})
    const result = decodeInput(text, {
      protocols: protocols as Protocol[] | undefined,
      tenantId: flags['tenant-id'],
      clientId: flags['client-id'],
      exchangeObjectId: flags['exchange-object-id'],
      mailbox: flags.mailbox,
      cloud: flags.cloud && isCloud(flags.cloud) ? flags.cloud : undefined,
    })
    if (!this.jsonEnabled()) this.log(renderDecode(result, stdoutTerminalOptions(flags.ascii)))
    if (result.verdict === 'fail') process.exitCode = 1
    return result
  }
}
