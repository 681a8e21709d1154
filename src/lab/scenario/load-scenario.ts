// Reads a scenario file (../shared/spec/lab-scenario.md) into the normalised Scenario: strict (unknown keys and
// wrong types are errors that name the key path and file:line:col) and with defaults for everything but
// `tenant.id`, one application (with its `appId`) and the `client` block.
//
// Defaults, and why:
//   name: the file name without .yaml          description: ''
//   tenant.domains: []  (the tenant is then reachable by its ID only)
//   tenant.cloud: global;  tenant.exchangeOnline: true;  tenant.conditionalAccessBlocksApps: false
//   tenant.smtpClientAuthenticationDisabled: false  (new real tenants default to true; the lab's neutral state is
//     "nothing blocks", so a scenario states the misconfiguration it is about)
//   application.displayName: 'Mailer';  objectId, servicePrincipalId: stable GUIDs derived from the appId
//   application.servicePrincipalEnabled: true;  publicClient: false;  secrets, permissions: []
//   secret.id: a stable GUID derived from its value;  secret.expires: two years after loading (the portal's longest)
//     (secret.expires also takes `+10d` / `-3d` / `+12h`, relative to loading, so "expires in 10 days" stays true)
//   permission.api: exchange;  permission.type: application;  permission.consented: true
//   exchange.servicePrincipals, rbacForApplications, mailboxes: []  (a fresh tenant: nothing registered in Exchange)
//   servicePrincipal.displayName: the matching application's displayName (else its appId)
//   mailbox.smtpClientAuthenticationDisabled: null (follow the tenant);  imapEnabled, popEnabled: true;
//     fullAccess, sendAs: []
//   client.*: absent stays absent (the doctor judges what the customer typed); a protocol block that is present
//     gets the cloud's host, the standard port and that port's TLS mode for what it leaves out
//   lab.latencyMs: 0;  lab.failureDelayMs: 0;  lab.switchTo: none (its scenario path is relative to this file; a
//     switchTo target may not switch again)

import {X509Certificate} from 'node:crypto'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {basename, dirname, extname, isAbsolute, join, resolve} from 'node:path'
import {LineCounter, parseDocument} from 'yaml'
import {CAUSE_IDS} from '../../core/cause-ids.js'
import {CLOUD_ENDPOINTS, CLOUDS, type Cloud} from '../../core/cloud.js'
import {derivedGuid} from '../derived-id.js'
import type {
  ExchangeServicePrincipal,
  RbacAssignment,
  Scenario,
  ScenarioApplication,
  ScenarioCertificate,
  ScenarioClient,
  ScenarioFederatedCredential,
  ScenarioEndpoint,
  ScenarioExpectation,
  ScenarioMailbox,
  ScenarioPermission,
  ScenarioSecret,
  ScenarioSwitch,
  ScenarioTenant,
} from './types.js'
import {TLS_MODES, type TlsMode} from '../../core/protocol.js'
import {scenariosDir} from './scenario-dir.js'
import {ScenarioError, YamlReader, YamlValue, type YamlObject} from './yaml-reader.js'

export {ScenarioError} from './yaml-reader.js'

const TOP_KEYS = ['name', 'description', 'tenant', 'applications', 'exchange', 'client', 'lab', 'expect'] as const
const TWO_YEARS_MS = 2 * 365 * 86_400_000
const ADDRESS_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/

export interface ParseOptions {
  /** The clock for relative dates and default expiries (tests pin it). */
  now?: Date
  /** The folder `lab.switchTo.scenario` and `file:` paths are relative to (the scenario file's). Without it, switchTo is refused; `file:` paths then resolve against the folder of `source`. */
  baseDir?: string
  /** Set while reading a switchTo target: a target may not switch again. */
  isSwitchTarget?: boolean
}

/** Built-in scenario names (file names without .yaml), sorted, with their `description:`. */
export function listBuiltInScenarios(): {name: string; description: string}[] {
  const dir = scenariosDir()
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => {
      // Only the description is read: listing must not fail because one file is broken.
      let description = ''
      try {
        const d = parseDocument(readFileSync(join(dir, f), 'utf8')).get('description')
        if (typeof d === 'string') description = d
      } catch {
        description = '(unreadable)'
      }
      return {name: f.slice(0, -'.yaml'.length), description}
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** A built-in name (`wrong-secret`) or a path to a YAML file. */
export async function resolveScenario(nameOrPath: string, options: ParseOptions = {}): Promise<Scenario> {
  const looksLikePath = /[\\/]/.test(nameOrPath) || /\.ya?ml$/i.test(nameOrPath)
  if (!looksLikePath) {
    const file = join(scenariosDir(), `${nameOrPath}.yaml`)
    if (existsSync(file)) {
      // Shown as scenarios/NAME.yaml in messages, wherever the package is installed.
      return parseScenario(await readFile(file, 'utf8'), `scenarios/${nameOrPath}.yaml`, {baseDir: scenariosDir(), ...options})
    }
    if (!existsSync(nameOrPath)) {
      throw new ScenarioError(nameOrPath, 0, 0, '', 'is neither a built-in scenario nor a file ("o365doctor lab list" shows the built-in ones)')
    }
  }
  return loadScenarioFile(nameOrPath, options)
}

export async function loadScenarioFile(path: string, options: ParseOptions = {}): Promise<Scenario> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ScenarioError(path, 0, 0, '', code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(error)})`)
  }
  return parseScenario(text, path, {baseDir: dirname(path), ...options})
}

/** Parses scenario YAML; `source` is the file name shown in messages (and the default `name`). */
export function parseScenario(text: string, source: string, options: ParseOptions = {}): Scenario {
  const now = options.now ?? new Date()
  const baseDir = options.baseDir ?? dirname(source)
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter, customTags: ['timestamp'], uniqueKeys: true, prettyErrors: false})
  const reader = new YamlReader(source, lineCounter)
  const problem = doc.errors[0]
  if (problem) {
    const {line, col} = lineCounter.linePos(problem.pos[0])
    throw new ScenarioError(source, line, col, '', `is not valid YAML: ${problem.message.split('\n')[0]}`)
  }
  const root = new YamlValue(reader, '', doc.contents, doc.contents)
  if (root.isMissing) throw new ScenarioError(source, 1, 1, '', 'is empty: a scenario needs at least tenant, applications and client')
  const top = root.object(TOP_KEYS)

  const tenant = readTenant(top.get('tenant').require())
  const applications = top.get('applications').require().list().map((v) => readApplication(v, now, baseDir))
  if (applications.length === 0) top.get('applications').fail('must list at least one application')
  rejectDuplicates(top.get('applications'), applications.map((a) => a.appId), 'appId')

  const exchange = top.get('exchange').object(['servicePrincipals', 'rbacForApplications', 'mailboxes'])
  const scenario: Scenario = {
    name: top.get('name').optString() ?? basename(source, extname(source)),
    description: top.get('description').optString() ?? '',
    source,
    tenant,
    applications,
    exchange: {
      servicePrincipals: exchange.get('servicePrincipals').list().map((v) => readExchangeSp(v, applications)),
      rbacForApplications: exchange.get('rbacForApplications').list().map(readRbac),
      mailboxes: exchange.get('mailboxes').list().map(readMailbox),
    },
    client: readClient(top.get('client').require(), tenant.cloud, baseDir),
    lab: readLab(top.get('lab'), {...options, now}),
  }
  const expect = readExpect(top.get('expect'))
  if (expect) scenario.expect = expect
  return scenario
}

function rejectDuplicates(list: YamlValue, values: string[], key: string): void {
  const seen = new Set<string>()
  values.forEach((value, i) => {
    if (seen.has(value)) list.list()[i]!.fail(`repeats ${key} ${value}`)
    seen.add(value)
  })
}

function readTenant(v: YamlValue): ScenarioTenant {
  const t = v.object(['id', 'domains', 'cloud', 'exchangeOnline', 'smtpClientAuthenticationDisabled', 'conditionalAccessBlocksApps'])
  return {
    id: t.get('id').guid(),
    domains: t.get('domains').list().map((d) => {
      const s = d.string()
      if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(s)) d.fail(`must be a domain name like contoso.onmicrosoft.com (got ${d.shown()})`)
      return s.toLowerCase()
    }),
    cloud: t.get('cloud').oneOf<Cloud>(CLOUDS, 'global'),
    exchangeOnline: t.get('exchangeOnline').bool(true),
    smtpClientAuthenticationDisabled: t.get('smtpClientAuthenticationDisabled').bool(false),
    conditionalAccessBlocksApps: t.get('conditionalAccessBlocksApps').bool(false),
  }
}

function readApplication(v: YamlValue, now: Date, baseDir: string): ScenarioApplication {
  const a = v.object(['displayName', 'appId', 'objectId', 'servicePrincipalId', 'servicePrincipalEnabled', 'publicClient', 'secrets', 'permissions', 'certificates', 'federatedCredentials'])
  const appId = a.get('appId').guid()
  return {
    displayName: a.get('displayName').optString() ?? 'Mailer',
    appId,
    objectId: optGuid(a, 'objectId') ?? derivedGuid(appId, 'application'),
    servicePrincipalId: optGuid(a, 'servicePrincipalId') ?? derivedGuid(appId, 'servicePrincipal'),
    servicePrincipalEnabled: a.get('servicePrincipalEnabled').bool(true),
    publicClient: a.get('publicClient').bool(false),
    secrets: a.get('secrets').list().map((s) => readSecret(s, now)),
    permissions: a.get('permissions').list().map(readPermission),
    certificates: a.get('certificates').list().map((c) => readCertificate(c, now, baseDir)),
    federatedCredentials: a.get('federatedCredentials').list().map(readFederatedCredential),
  }
}

/** A path of the scenario, relative to its folder. */
function scenarioPath(v: YamlValue, baseDir: string): string {
  const path = v.string()
  return isAbsolute(path) ? path : resolve(baseDir, path)
}

function readCertificate(v: YamlValue, now: Date, baseDir: string): ScenarioCertificate {
  const c = v.object(['file', 'pem', 'expires'])
  const fileValue = c.get('file')
  let pem: string
  if (!fileValue.isMissing) {
    const path = scenarioPath(fileValue, baseDir)
    try {
      pem = readFileSync(path, 'utf8')
    } catch (error) {
      return fileValue.fail(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
    }
  } else {
    pem = c.get('pem').require().string()
  }
  const begin = pem.indexOf('-----BEGIN CERTIFICATE-----')
  const endMarker = '-----END CERTIFICATE-----'
  const end = pem.indexOf(endMarker, begin)
  if (begin < 0 || end < 0) return (fileValue.isMissing ? c.get('pem') : fileValue).fail('holds no PEM certificate')
  const certPem = pem.slice(begin, end + endMarker.length) + '\n'
  let cert: X509Certificate
  try {
    cert = new X509Certificate(certPem)
  } catch {
    return (fileValue.isMissing ? c.get('pem') : fileValue).fail('is not a valid X.509 certificate')
  }
  return {pem: certPem, expires: c.get('expires').date(new Date(cert.validTo), now)}
}

function readFederatedCredential(v: YamlValue, i: number): ScenarioFederatedCredential {
  const f = v.object(['name', 'issuer', 'subject', 'audiences'])
  const audiences = f.get('audiences').isMissing ? ['api://AzureADTokenExchange'] : f.get('audiences').stringList()
  return {name: f.get('name').optString() ?? `credential-${i + 1}`, issuer: f.get('issuer').string(), subject: f.get('subject').string(), audiences}
}

function optGuid(o: YamlObject, key: string): string | undefined {
  const v = o.get(key)
  return v.isMissing ? undefined : v.guid()
}

function readSecret(v: YamlValue, now: Date): ScenarioSecret {
  const s = v.object(['id', 'value', 'expires'])
  const value = s.get('value').string()
  return {
    id: optGuid(s, 'id') ?? derivedGuid(value, 'secret'),
    value,
    expires: s.get('expires').date(new Date(now.getTime() + TWO_YEARS_MS), now),
  }
}

function readPermission(v: YamlValue): ScenarioPermission {
  const p = v.object(['api', 'name', 'type', 'consented'])
  return {
    api: p.get('api').oneOf(['exchange', 'graph'] as const, 'exchange'),
    name: p.get('name').string(),
    type: p.get('type').oneOf(['application', 'delegated'] as const, 'application'),
    consented: p.get('consented').bool(true),
  }
}

function readExchangeSp(v: YamlValue, applications: ScenarioApplication[]): ExchangeServicePrincipal {
  const s = v.object(['appId', 'objectId', 'displayName'])
  const appId = s.get('appId').guid()
  return {
    appId,
    objectId: s.get('objectId').guid(),
    displayName: s.get('displayName').optString() ?? applications.find((a) => a.appId === appId)?.displayName ?? appId,
  }
}

function readRbac(v: YamlValue): RbacAssignment {
  const r = v.object(['appId', 'role', 'mailboxes'])
  return {appId: r.get('appId').guid(), role: r.get('role').string(), mailboxes: r.get('mailboxes').stringList().map((m) => m.toLowerCase())}
}

function readMailbox(v: YamlValue): ScenarioMailbox {
  const m = v.object(['address', 'smtpClientAuthenticationDisabled', 'imapEnabled', 'popEnabled', 'fullAccess', 'sendAs'])
  const address = m.get('address').string()
  if (!ADDRESS_RE.test(address)) m.get('address').fail(`must be an e-mail address (got ${m.get('address').shown()})`)
  return {
    address: address.toLowerCase(),
    smtpClientAuthenticationDisabled: m.get('smtpClientAuthenticationDisabled').nullableBool(),
    imapEnabled: m.get('imapEnabled').bool(true),
    popEnabled: m.get('popEnabled').bool(true),
    fullAccess: m.get('fullAccess').stringList(),
    sendAs: m.get('sendAs').stringList(),
  }
}

function readClient(v: YamlValue, cloud: Cloud, baseDir: string): ScenarioClient {
  const c = v.object(['tenant', 'clientId', 'clientSecret', 'mailbox', 'from', 'scope', 'tokenUrl', 'smtp', 'imap', 'pop', 'exchangeObjectId', 'certificate', 'federatedToken'])
  const client: ScenarioClient = {}
  for (const key of ['tenant', 'clientId', 'clientSecret', 'mailbox', 'from', 'scope', 'tokenUrl', 'exchangeObjectId'] as const) {
    const value = c.get(key).optString()
    if (value !== undefined) client[key] = value
  }
  const e = CLOUD_ENDPOINTS[cloud]
  const smtp = readEndpoint(c.get('smtp'), e.smtpHost, 587, (port) => (port === 465 ? 'implicit' : 'starttls'))
  const imap = readEndpoint(c.get('imap'), e.imapHost, 993, (port) => (port === 143 ? 'starttls' : 'implicit'))
  const pop = readEndpoint(c.get('pop'), e.popHost, 995, (port) => (port === 110 ? 'starttls' : 'implicit'))
  if (smtp) client.smtp = smtp
  if (imap) client.imap = imap
  if (pop) client.pop = pop
  const certificate = c.get('certificate')
  if (!certificate.isMissing) {
    const o = certificate.object(['file', 'password'])
    client.certificate = {file: scenarioPath(o.get('file').require(), baseDir)}
    const password = o.get('password').optString()
    if (password !== undefined) client.certificate.password = password
  }
  const federated = c.get('federatedToken')
  if (!federated.isMissing) {
    const o = federated.object(['issuer', 'subject', 'audience'])
    client.federatedToken = {issuer: o.get('issuer').string(), subject: o.get('subject').string(), audience: o.get('audience').optString() ?? 'api://AzureADTokenExchange'}
  }
  const credentials = [client.clientSecret, client.certificate, client.federatedToken].filter((x) => x !== undefined).length
  if (credentials > 1) c.get(client.federatedToken ? 'federatedToken' : 'certificate').fail('is a second credential: give exactly one of clientSecret, certificate and federatedToken')
  return client
}

function readEndpoint(v: YamlValue, host: string, port: number, tlsFor: (port: number) => TlsMode): ScenarioEndpoint | undefined {
  if (v.isMissing) return undefined
  const o = v.object(['host', 'port', 'tls'])
  const p = o.get('port').int(port, 1, 65535)
  return {host: o.get('host').optString() ?? host, port: p, tls: o.get('tls').oneOf(TLS_MODES, tlsFor(p))}
}

function readLab(v: YamlValue, options: ParseOptions): Scenario['lab'] {
  const l = v.object(['latencyMs', 'failureDelayMs', 'switchTo'])
  const lab: Scenario['lab'] = {latencyMs: l.get('latencyMs').int(0, 0, 60_000), failureDelayMs: l.get('failureDelayMs').int(0, 0, 60_000)}
  const sw = l.get('switchTo')
  if (!sw.isMissing) lab.switchTo = readSwitch(sw, options)
  return lab
}

/** `lab.switchTo`: the target is read now, so a broken one stops the lab before it starts. */
function readSwitch(v: YamlValue, options: ParseOptions): ScenarioSwitch {
  if (options.isSwitchTarget) v.fail('is not allowed in a scenario that is itself a switchTo target')
  const o = v.object(['afterMs', 'scenario'])
  const afterMs = o.get('afterMs').require().int(0, 0, 3_600_000)
  const path = o.get('scenario').require().string()
  if (options.baseDir === undefined) o.get('scenario').fail('cannot be resolved: the scenario was not read from a file')
  const file = isAbsolute(path) ? path : join(options.baseDir!, path)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    return o.get('scenario').fail(`names ${file}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  const target = parseScenario(text, file, {now: options.now, baseDir: dirname(file), isSwitchTarget: true})
  return {afterMs, scenario: path, target}
}

function readExpect(v: YamlValue): ScenarioExpectation | undefined {
  if (v.isMissing) return undefined
  const x = v.object(['causes', 'verdict'])
  const causes = x.get('causes').list().map((c) => {
    const id = c.string()
    if (!(CAUSE_IDS as readonly string[]).includes(id)) c.fail(`is not a cause ID of report-and-causes.md (got ${c.shown()})`)
    return id
  })
  const expectation: ScenarioExpectation = {causes}
  if (!x.get('verdict').isMissing) expectation.verdict = x.get('verdict').oneOf(['pass', 'warn', 'fail'] as const)
  return expectation
}
