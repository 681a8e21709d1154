// The fault tier for the mail checks: one faulty SMTP/IMAP/POP server behind the lab's real host names, everything
// else healthy. Each case must fail (exit 1), end within its deadline, carry a cause that names what happened, and
// leak nothing. The timing table at the end is the before/after table.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {startMailFault, type MailFaultSpec} from './fault-server.js'
import {assertFaultOutcome, faultMap, faultSuite, runFault} from './run-fault.js'

const TIMEOUT_MS = 1000
/** Connect + grace, then login + grace, plus start-up: far below the 31–87 s. */
const BOUND_MS = 3 * TIMEOUT_MS + 2500

const suite = faultSuite()
const {servers, table} = suite

const WHERE = {
  smtp: {host: 'smtp.office365.com', port: 587, implicitTls: false},
  imap: {host: 'outlook.office365.com', port: 993, implicitTls: true},
  pop: {host: 'outlook.office365.com', port: 995, implicitTls: true},
} as const

interface Case {
  name: string
  spec: Omit<MailFaultSpec, 'implicitTls'>
  check: 'connect' | 'login'
  causes: RegExp
  step?: RegExp
}

const NET = /^network\./
const CASES: Case[] = []
for (const protocol of ['smtp', 'imap', 'pop'] as const) {
  // The step at which the login's AUTH arrives on the second connection (the pre-flight quits there).
  const authStep = protocol === 'smtp' ? 4 : 2
  CASES.push(
    {name: `${protocol}: reset on connect`, spec: {protocol, step: 0, fault: 'reset'}, check: 'connect', causes: NET, step: /greeting|tls|closed|reset|ECONNRESET/i},
    {name: `${protocol}: silent after accept`, spec: {protocol, step: 0, fault: 'hang'}, check: 'connect', causes: /^network\.(timeout|tls-mode-mismatch)$/, step: /greeting|TLS|deadline|within/i},
    {name: `${protocol}: 10 MB one-line banner`, spec: {protocol, step: 0, fault: 'long-line'}, check: 'connect', causes: /^network\.unexpected-reply$/, step: /line of|Exchange Online/},
    {name: `${protocol}: garbage banner`, spec: {protocol, step: 0, fault: 'garbage'}, check: 'connect', causes: /^network\.(unexpected-reply|tls-failure)$/},
    {name: `${protocol}: 10 MB multi-line reply`, spec: {protocol, step: protocol === 'smtp' ? 1 : 1, fault: 'long-multiline'}, check: 'connect', causes: /^network\.unexpected-reply$/, step: /ran past|Exchange Online/},
    {name: `${protocol}: trickled reply`, spec: {protocol, step: 1, fault: 'trickle'}, check: 'connect', causes: /^network\.(timeout|unexpected-reply)$/},
    {name: `${protocol}: 10 MB of unasked lines`, spec: {protocol, step: 1, fault: 'flood'}, check: 'connect', causes: /^network\.unexpected-reply$/},
    {name: `${protocol}: reset at the first command`, spec: {protocol, step: 1, fault: 'reset'}, check: 'connect', causes: /^network\.connection-reset$/},
    {name: `${protocol}: hang after AUTH`, spec: {protocol, step: authStep, fault: 'hang'}, check: 'login', causes: /^network\.timeout$/, step: /auth|login|deadline/i},
    {name: `${protocol}: untrusted certificate`, spec: {protocol, step: 99, fault: 'hang', certificate: 'untrusted'}, check: 'connect', causes: /^network\.tls-failure$/},
    {name: `${protocol}: expired certificate`, spec: {protocol, step: 99, fault: 'hang', certificate: 'expired'}, check: 'connect', causes: /^network\.tls-failure$/, step: /expired|EXPIRED/},
  )
}
CASES.push({name: 'smtp: STARTTLS not offered', spec: {protocol: 'smtp', step: 99, fault: 'hang', noStartTls: true}, check: 'connect', causes: /^network\.unexpected-reply$/, step: /STARTTLS/})

for (const c of CASES) {
  test(c.name, async () => {
    const where = WHERE[c.spec.protocol]
    const server = await startMailFault({...c.spec, implicitTls: where.implicitTls}, suite.pki, where.host)
    servers.push(server)
    const network = faultMap(suite.lab, suite.pki, {[`${where.host}:${where.port}`]: server.port})
    const run = await runFault(suite.lab, network, {timeoutMs: TIMEOUT_MS, flags: {protocols: [c.spec.protocol]}})
    const id = `${c.spec.protocol}.${c.check}`
    const check = run.report.checks.find((x) => x.id === id)
    table.push(`${c.name} → exit ${run.exit}, ${run.ms} ms, ${check?.status} ${run.report.causes.filter((x) => x.checks.includes(id)).map((x) => x.id).join(',') || '(no cause)'}`)
    assertFaultOutcome(run, id, {boundMs: BOUND_MS, causes: c.causes, step: c.step})
  })
}

test('ANSI escapes and control characters in server replies never reach the terminal raw (table, verbose)', async () => {
  const {renderReport} = await import('../../src/report/render/index.js')
  for (const protocol of ['smtp', 'imap', 'pop'] as const) {
    const where = WHERE[protocol]
    const server = await startMailFault({protocol, step: 0, fault: 'ansi', implicitTls: where.implicitTls}, suite.pki, where.host)
    servers.push(server)
    const run = await runFault(suite.lab, faultMap(suite.lab, suite.pki, {[`${where.host}:${where.port}`]: server.port}), {timeoutMs: TIMEOUT_MS, flags: {protocols: [protocol]}, verbose: true})
    const verbose = renderReport(run.report, 'table', {color: false, width: 100, verbose: true})
    assert.match(JSON.stringify(run.report), /RED/, `${protocol}: the banner was seen`)
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(`${run.table}\n${verbose}`, /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x9b]/, `${protocol}: a raw control character reached the table`)
  }
})
