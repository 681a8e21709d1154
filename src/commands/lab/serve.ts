import {createWriteStream, rmSync, type WriteStream} from 'node:fs'
import {mkdir} from 'node:fs/promises'
import {dirname, join, resolve} from 'node:path'
import {X509Certificate} from 'node:crypto'
import {Args, Flags} from '@oclif/core'
import {writeOutput} from '../../doctor/write-output.js'
import {BaseCommand} from '../../base-command.js'
import {describeLab} from '../../lab/describe-lab.js'
import {
  DEFAULT_REAL_PORTS_PREFIX,
  LabBindError,
  parseLoopbackPrefix,
  PORT_BASE_MAX,
  PORT_BASE_MIN,
  portBaseBinding,
  realPortsBinding,
  type LabBinding,
} from '../../lab/lab-binding.js'
import type {Cloud} from '../../core/cloud.js'
import type {LabHandle} from '../../lab/lab-types.js'
import {resolveScenario, ScenarioError} from '../../lab/scenario/load-scenario.js'
import {startLab} from '../../lab/start-lab.js'

export default class LabServe extends BaseCommand {
  static override summary = 'Run the emulated Microsoft 365 tenant (the lab) in the foreground.'

  static override description = `Starts Entra ID's token endpoint, Microsoft Graph and Exchange Online's SMTP, IMAP and POP endpoints on
loopback, behaving as the scenario's tenant would, with real TLS from the lab's own CA. Prints where each real host
name is served, how to trust the CA in each runtime and the client settings to use. Stop it with Ctrl+C.

Ports: chosen by the system (default), fixed with --port-base N (HTTPS N, SMTP 587 N+1, SMTP 25 N+2, IMAP N+3,
POP N+4) so a product's settings survive restarts, or the real ones with --real-ports (443, 587, 25, 993, 995 on
127.0.65.1-3, plus the hosts-file lines that point the real names there; needs root or CAP_NET_BIND_SERVICE).

SCENARIO is a built-in name ("o365doctor lab list") or a path to a scenario YAML file.
Exit codes: 0 stopped normally, 2 the scenario or an option could not be used (one line says which).`

  static override examples = [
    {description: 'Serve the healthy tenant', command: '<%= config.bin %> <%= command.id %> healthy'},
    {description: 'Fixed ports and the CA kept in a folder, for a product configured once', command: '<%= config.bin %> <%= command.id %> ./my-tenant.yaml --port-base 20000 --ca-out ./lab-ca'},
    {description: 'A product configured exactly as at the customer (smtp.office365.com:587), with a log for the vendor', command: 'sudo <%= config.bin %> <%= command.id %> ebiss3-healthy --real-ports --log lab.log'},
    {description: 'Watch every request and login decision', command: '<%= config.bin %> <%= command.id %> wrong-object-id --verbose'},
  ]

  static override args = {
    scenario: Args.string({description: 'Built-in scenario name or scenario file.', required: true}),
  }

  static override flags = {
    'ca-file': Flags.string({summary: 'Write the lab CA certificate (PEM) here (default: a temporary file removed on exit).', helpValue: 'FILE'}),
    'ca-out': Flags.string({summary: 'Write the lab CA into this folder as lab-ca.pem and lab-ca.der (created if missing).', helpValue: 'DIR'}),
    'port-base': Flags.integer({
      summary: `Fixed loopback ports: HTTPS N, SMTP 587 N+1, SMTP 25 N+2, IMAP N+3, POP N+4 (${PORT_BASE_MIN}-${PORT_BASE_MAX}).`,
      helpValue: 'N',
      exclusive: ['real-ports'],
    }),
    'real-ports': Flags.boolean({summary: 'Bind the real ports (443, 587, 25, 993, 995) on loopback addresses and print the hosts-file lines.'}),
    loopback: Flags.string({
      summary: `With --real-ports: the loopback prefix whose .1 (HTTPS), .2 (SMTP), .3 (IMAP, POP) are used (default ${DEFAULT_REAL_PORTS_PREFIX}).`,
      helpValue: '127.X.Y',
      dependsOn: ['real-ports'],
    }),
    log: Flags.string({summary: 'Append every request and reply to this file, redacted (no token, no XOAUTH2 string, no secret).', helpValue: 'FILE'}),
    mail: Flags.boolean({summary: 'Start the SMTP, IMAP and POP servers.', default: true, allowNo: true}),
    verbose: Flags.boolean({char: 'v', summary: 'Log every request the lab answers (never secrets or tokens).'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(LabServe)
    let scenario: Awaited<ReturnType<typeof resolveScenario>>
    try {
      scenario = await resolveScenario(args.scenario)
    } catch (error) {
      if (error instanceof ScenarioError) this.error(error.message, {exit: 2})
      throw error
    }
    const bind = this.bindingFrom(flags, scenario.tenant.cloud)
    const logFile = flags.log ? resolve(flags.log) : undefined
    const logStream = logFile ? await openLog(logFile).catch((e: NodeJS.ErrnoException) => this.error(`--log ${flags.log}: cannot write (${e.code ?? e.message})`, {exit: 2})) : undefined
    const record = (line: string) => logStream?.write(`${new Date().toISOString()} ${line}\n`)
    const log =
      flags.verbose || logStream
        ? (line: string) => {
            if (flags.verbose) this.log(`[lab] ${line}`)
            record(`note ${line}`)
          }
        : undefined
    let lab: LabHandle
    try {
      lab = await startLab(scenario, {
        log,
        mail: flags.mail,
        caFile: !flags['ca-file'] && !flags['ca-out'],
        ...(bind ? {bind} : {}),
        ...(logStream ? {wire: (label, session, dir, text) => record(`${label} ${session} ${dir} ${text}`)} : {}),
      })
    } catch (error) {
      logStream?.end()
      if (error instanceof LabBindError) this.error(error.message, {exit: 2})
      throw error
    }
    let caFile = lab.caFile
    let caDerFile: string | undefined
    // Whatever ends the process (an uncaught error, process.exit), the temporary CA folder goes with it.
    const tempCaDir = lab.caFile ? dirname(lab.caFile) : undefined
    const removeTempCa = () => { if (tempCaDir) rmSync(tempCaDir, {recursive: true, force: true}) }
    process.once('exit', removeTempCa)
    try {
      if (flags['ca-out']) {
        const dir = resolve(flags['ca-out'])
        await mkdir(dir, {recursive: true}).catch((e: NodeJS.ErrnoException) => this.error(`--ca-out ${flags['ca-out']}: cannot create (${e.code})`, {exit: 2}))
        caFile = join(dir, 'lab-ca.pem')
        caDerFile = join(dir, 'lab-ca.der')
        writeOutput('--ca-out', caFile, lab.network.caPem)
        writeOutput('--ca-out', caDerFile, new X509Certificate(lab.network.caPem).raw)
      }
      if (flags['ca-file']) {
        caFile = resolve(flags['ca-file'])
        writeOutput('--ca-file', caFile, lab.network.caPem)
      }
      // Listen for Ctrl+C before saying it works: a caller may send it the moment it reads the line.
      // Ctrl+C, kill, a closed terminal window; Windows sends SIGINT and SIGBREAK (Ctrl+Break), never SIGTERM.
      const signals: NodeJS.Signals[] = process.platform === 'win32' ? ['SIGINT', 'SIGBREAK', 'SIGHUP'] : ['SIGINT', 'SIGTERM', 'SIGHUP']
      const stopped = new Promise<NodeJS.Signals>((done) => {
        const stop = (s: NodeJS.Signals) => {
          for (const signal of signals) process.off(signal, stop)
          // A second signal while stopping is ignored until close() is done, rather than killing the process mid-cleanup.
          for (const signal of signals) process.on(signal, ignore)
          done(s)
        }
        for (const signal of signals) process.on(signal, stop)
      })
      const description = describeLab(lab, {
        ...(caFile ? {caFile} : {}),
        ...(caDerFile ? {caDerFile} : {}),
        ...(logFile ? {logFile} : {}),
        realPorts: flags['real-ports'],
      })
      for (const line of description) this.log(line)
      this.log('\nPress Ctrl+C to stop.')
      const signal = await stopped
      this.log(`\n${signal}: stopping the lab…`)
    } finally {
      await lab.close()
      removeTempCa()
      process.off('exit', removeTempCa)
      record('lab stopped')
      await new Promise<void>((done) => (logStream ? logStream.end(done) : done()))
    }
    this.log('Lab stopped.')
  }

  private bindingFrom(flags: {'port-base'?: number; 'real-ports': boolean; loopback?: string}, cloud: Cloud): LabBinding | undefined {
    if (flags['real-ports']) {
      const prefix = flags.loopback === undefined ? DEFAULT_REAL_PORTS_PREFIX : parseLoopbackPrefix(flags.loopback)
      if (!prefix) this.error(`--loopback ${flags.loopback}: expected three octets of a loopback address, e.g. ${DEFAULT_REAL_PORTS_PREFIX}`, {exit: 2})
      return realPortsBinding(cloud, prefix)
    }
    const base = flags['port-base']
    if (base === undefined) return undefined
    if (base < PORT_BASE_MIN || base > PORT_BASE_MAX) {
      this.error(`--port-base ${base}: must be ${PORT_BASE_MIN}-${PORT_BASE_MAX} (five ports from N; below 1024 use --real-ports)`, {exit: 2})
    }
    return portBaseBinding(base)
  }
}

function openLog(file: string): Promise<WriteStream> {
  return new Promise((done, fail) => {
    const stream = createWriteStream(file, {flags: 'a'})
    stream.once('open', () => done(stream))
    stream.once('error', fail)
  })
}

function ignore(): void {}
