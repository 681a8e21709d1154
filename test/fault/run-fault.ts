// Runs the real doctor pipeline in-process against the lab, with one (host, port) of the lab's network map pointed
// at a fault server instead. The rest of the tenant (token endpoint, Graph, the other protocols) stays healthy, so
// every failure the report shows comes from the one faulty part.
import assert from 'node:assert/strict'
import {after, before} from 'node:test'
import {checksFor} from '../../src/doctor/check-list.js'
import {startLabForCheck, type LabSession} from '../../src/doctor/lab-session.js'
import {defaultRunOptions, runDoctor} from '../../src/doctor/run-doctor.js'
import {routeKey, type NetworkMap} from '../../src/net/routes.js'
import {exitCodeFor} from '../../src/report/build-report.js'
import {renderReport} from '../../src/report/render/index.js'
import type {Report} from '../../src/core/report.js'
import {mergeSettings} from '../../src/settings/load-settings.js'
import type {RawSettings} from '../../src/settings/raw-settings.js'
import {faultPki, type FaultPki, type RunningFault} from './fault-server.js'

export const SECRET = 'Qx8~labSecretValue.For.Tests-0001'

export interface FaultRun {
  report: Report
  ms: number
  exit: number
  table: string
}

export async function startHealthyLab(): Promise<LabSession> {
  return startLabForCheck('healthy')
}

/** What a fault test file shares: one healthy lab and the fault PKI, the fault servers it started, its timing table. */
export interface FaultSuite {
  /** Set before the first test. */
  lab: LabSession
  pki: FaultPki
  /** Closed after the last test. */
  servers: RunningFault[]
  /** Printed after the last test: one line a case (fault → exit, time, cause). */
  table: string[]
}

/** Registers the file's before/after hooks: start the lab and PKI; at the end close everything and print the table. */
export function faultSuite(): FaultSuite {
  const suite = {servers: [], table: []} as unknown as FaultSuite
  before(async () => {
    ;[suite.lab, suite.pki] = await Promise.all([startHealthyLab(), faultPki()])
  })
  after(async () => {
    await Promise.all(suite.servers.map((s) => s.close()))
    await suite.lab?.close()
    process.stdout.write(`# fault → exit, time, cause\n${suite.table.map((l) => `# ${l}`).join('\n')}\n`)
  })
  return suite
}

/** The lab's map with `hostPort` sent to `port` and the fault server's CAs trusted as well. */
export function faultMap(lab: LabSession, pki: FaultPki, redirects: Record<string, number>): NetworkMap {
  const routes = {...lab.network.routes}
  for (const [hostPort, port] of Object.entries(redirects)) {
    const [host, p] = hostPort.split(':')
    routes[routeKey(host!, Number(p))] = {host: '127.0.0.1', port}
  }
  return {routes, caPem: `${lab.network.caPem}\n${pki.caPem}`}
}

export async function runFault(lab: LabSession, network: NetworkMap, o: {timeoutMs: number; flags?: RawSettings; verbose?: boolean}): Promise<FaultRun> {
  const layers = [lab.layer, ...(o.flags ? [{source: 'flag' as const, nameOf: (k: string) => k, values: o.flags}] : [])]
  const started = Date.now()
  const report = await runDoctor({
    loaded: mergeSettings(layers), network, labName: lab.name, version: '0.0.0-fault', checks: checksFor({offline: false}),
    options: defaultRunOptions({timeoutMs: o.timeoutMs, verbose: o.verbose ?? true}),
  })
  const ms = Date.now() - started
  const t0 = Date.now()
  const table = renderReport(report, 'table', {color: false, width: 100, verbose: false})
  if (process.env.FAULT_TIMING) process.stderr.write(`render ${Date.now() - t0} ms\n`)
  return {report, ms, exit: exitCodeFor(report), table}
}

/** The assertions every fault case shares: never a pass, bounded, a cause, no secret, no raw control character. */
export function assertFaultOutcome(run: FaultRun, checkId: string, o: {boundMs: number; causes: RegExp; step?: RegExp}): void {
  const check = run.report.checks.find((c) => c.id === checkId)
  assert.ok(check, `${checkId} ran`)
  assert.ok(check.status === 'fail' || check.status === 'error', `${checkId} is ${check.status}: ${check.summary}`)
  assert.ok(run.exit === 1, `exit ${run.exit}; verdict ${run.report.verdict}; ${checkId}: ${check.summary}`)
  assert.ok(run.ms < o.boundMs, `took ${run.ms} ms (bound ${o.boundMs})`)
  const own = run.report.causes.filter((c) => c.checks.includes(checkId)).map((c) => c.id)
  assert.ok(own.some((id) => o.causes.test(id)), `${checkId} causes ${own.join(', ') || '(none)'}; summary: ${check.summary}`)
  if (o.step) assert.match(`${check.summary} ${JSON.stringify(check.evidence ?? {})}`, o.step)
  const everything = `${JSON.stringify(run.report)}\n${run.table}`
  assert.ok(!everything.includes(SECRET), 'the client secret leaked')
  assert.ok(!/\bey[A-Za-z0-9_-]{20,}\.ey[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/.test(everything), 'a token leaked')
  // eslint-disable-next-line no-control-regex
  assert.ok(!/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x9b]/.test(run.table), 'a raw control character reached the table')
}
