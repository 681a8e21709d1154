// The fault tier for the HTTPS checks: a faulty token endpoint (login.microsoftonline.com) or Graph
// (graph.microsoft.com) behind the lab's host names. Token failures must fail the run (exit 1) with a cause that
// says what happened at the token endpoint, within the deadline; Graph failures are network findings, never a
// permission problem; nothing hangs the process (the test itself would not end) and nothing leaks.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {httpsRequest} from '../../src/net/https-request.js'
import {exitCodeFor} from '../../src/report/build-report.js'
import {startHttpsFault, type HttpFault} from './fault-server.js'
import {assertFaultOutcome, faultMap, faultSuite, runFault, SECRET} from './run-fault.js'

const TIMEOUT_MS = 1000
const LOGIN = 'login.microsoftonline.com'
const GRAPH = 'graph.microsoft.com'

const suite = faultSuite()
const {servers, table} = suite

/** Requests the fault does not apply to are answered by the lab, as Microsoft would. */
const forward = (host: string) => async (method: string, path: string, headers: Record<string, string>, body: string) => {
  const r = await httpsRequest(`https://${host}${path}`, {method, headers, body: method === 'POST' ? body : undefined, map: suite.lab.network, timeoutMs: 5000})
  return {status: r.status, headers: r.headers, body: r.body}
}
const tokenPostOnly = (method: string, path: string): boolean => method === 'POST' && /\/oauth2\/v2\.0\/token/.test(path)

interface Case {
  fault: HttpFault
  /** Only the token POST gets the fault (discovery answered by the lab). */
  tokenOnly?: boolean
  causes: RegExp
  says: RegExp
}

const TOKEN_CASES: Case[] = [
  {fault: 'reset', causes: /^network\.connection-reset$/, says: /closed or reset/},
  {fault: 'hang', causes: /^network\.timeout$/, says: /response headers/},
  {fault: 'slow-headers', causes: /^network\.timeout$/, says: /response headers/},
  {fault: 'trickle-body', tokenOnly: true, causes: /^network\.timeout$/, says: /response body/},
  {fault: 'huge-body', tokenOnly: true, causes: /^network\.unexpected-reply$/, says: /larger than|more than/},
  {fault: 'html-200', tokenOnly: true, causes: /^network\.unexpected-reply$/, says: /not Entra|HTTP 200/},
  {fault: 'status-429', tokenOnly: true, causes: /^token\.endpoint-unavailable$/, says: /HTTP 429 with Retry-After: 37/},
  {fault: 'status-503-html', tokenOnly: true, causes: /^token\.endpoint-unavailable$/, says: /HTTP 503 with Retry-After: 120/},
  {fault: 'not-jwt', tokenOnly: true, causes: /^network\.unexpected-reply$/, says: /not a JWT|JWT/},
  {fault: 'bad-cert', causes: /^network\.tls-failure$/, says: /TLS|certificate|CERT/i},
  {fault: 'expired-cert', causes: /^network\.tls-failure$/, says: /EXPIRED|expired/},
]

for (const c of TOKEN_CASES) {
  test(`token endpoint: ${c.fault}`, async () => {
    const server = await startHttpsFault({fault: c.fault, host: LOGIN, ...(c.tokenOnly ? {applies: tokenPostOnly, forward: forward(LOGIN)} : {})}, suite.pki)
    servers.push(server)
    const run = await runFault(suite.lab, faultMap(suite.lab, suite.pki, {[`${LOGIN}:443`]: server.port}), {timeoutMs: TIMEOUT_MS, flags: {protocols: ['smtp']}})
    const acquire = run.report.checks.find((x) => x.id === 'token.acquire')
    const causes = run.report.causes.filter((x) => x.checks.includes('token.acquire'))
    table.push(`token ${c.fault} → exit ${run.exit}, ${run.ms} ms, ${acquire?.status} ${causes.map((x) => x.id).join(',') || '(no cause)'}`)
    assertFaultOutcome(run, 'token.acquire', {boundMs: TIMEOUT_MS * 2 + 3000, causes: c.causes})
    const cause = causes.find((x) => c.causes.test(x.id))!
    assert.match(`${cause.summary} ${cause.explanation}`, c.says)
    // The fix is about HTTPS to the token endpoint, not the mail ports.
    const fix = JSON.stringify(cause.remediation)
    if (cause.id.startsWith('network.')) {
      assert.match(fix, /443/)
      assert.doesNotMatch(fix, /587|993|995/)
    }
  })
}

const GRAPH_CASES: {fault: HttpFault; causes: RegExp}[] = [
  {fault: 'hang', causes: /^network\.timeout$/},
  {fault: 'trickle-body', causes: /^network\.timeout$/},
  {fault: 'reset', causes: /^network\.connection-reset$/},
  {fault: 'huge-body', causes: /^network\.unexpected-reply$/},
  {fault: 'bad-cert', causes: /^network\.tls-failure$/},
]

for (const c of GRAPH_CASES) {
  test(`Graph: ${c.fault} is a network finding, not a permission one`, async () => {
    const server = await startHttpsFault({fault: c.fault, host: GRAPH}, suite.pki)
    servers.push(server)
    const run = await runFault(suite.lab, faultMap(suite.lab, suite.pki, {[`${GRAPH}:443`]: server.port}), {timeoutMs: TIMEOUT_MS, flags: {protocols: ['smtp']}})
    const access = run.report.checks.find((x) => x.id === 'graph.access')!
    const causes = run.report.causes.filter((x) => x.checks.includes('graph.access')).map((x) => x.id)
    table.push(`graph ${c.fault} → exit ${run.exit} (--fail-on warn: ${exitCodeFor(run.report, 'warn')}), ${run.ms} ms, ${access.status} ${causes.join(',') || '(no cause)'}`)
    assert.equal(access.status, 'warn', access.summary)
    assert.ok(causes.some((id) => c.causes.test(id)), `${causes.join(',')}: ${access.summary}`)
    assert.doesNotMatch(JSON.stringify(run.report), /Application\.Read\.All would allow it/)
    assert.equal(exitCodeFor(run.report, 'warn'), 1, run.report.checks.filter((x) => x.status === 'error' || x.status === 'fail').map((x) => `${x.id}:${x.status}:${x.summary}`).join("; "))
    assert.ok(run.ms < TIMEOUT_MS * 2 + 3000, `took ${run.ms} ms`)
    assert.ok(!JSON.stringify(run.report).includes(SECRET))
  })
}

for (const fault of ['html-200', 'wrong-types'] as const) {
  test(`Graph: a 200 with ${fault === 'html-200' ? 'an HTML body' : 'fields of the wrong type'} is a finding, never "undefined" IDs or a crash`, async () => {
    const server = await startHttpsFault({fault, host: GRAPH}, suite.pki)
    servers.push(server)
    const run = await runFault(suite.lab, faultMap(suite.lab, suite.pki, {[`${GRAPH}:443`]: server.port}), {timeoutMs: TIMEOUT_MS, flags: {protocols: ['smtp']}})
    const graphChecks = run.report.checks.filter((x) => x.id.startsWith('graph.'))
    table.push(`graph ${fault} → exit ${run.exit}, ${run.ms} ms, ${graphChecks.map((x) => `${x.id}:${x.status}`).join(' ')}`)
    for (const g of graphChecks) assert.notEqual(g.status, 'error', `${g.id} crashed: ${g.summary}`)
    const access = graphChecks.find((x) => x.id === 'graph.access')!
    assert.equal(access.status, 'warn')
    assert.match(access.summary, /not JSON|not a string|not true\/false|no string id/)
    assert.doesNotMatch(JSON.stringify(run.report), /undefined/)
  })
}

test('Graph: appRoleAssignments of the wrong shape is "not checked", never a crash of graph.permissions', async () => {
  const server = await startHttpsFault({fault: 'wrong-types', host: GRAPH, applies: (_m, path) => /appRoleAssignments/.test(path), forward: forward(GRAPH)}, suite.pki)
  servers.push(server)
  const run = await runFault(suite.lab, faultMap(suite.lab, suite.pki, {[`${GRAPH}:443`]: server.port}), {timeoutMs: TIMEOUT_MS, flags: {protocols: ['smtp']}})
  const permissions = run.report.checks.find((x) => x.id === 'graph.permissions')!
  table.push(`graph appRoleAssignments wrong-types → exit ${run.exit}, ${run.ms} ms, graph.permissions:${permissions.status}`)
  assert.notEqual(permissions.status, 'error', permissions.summary)
  assert.match(permissions.summary, /not a list of assignments/)
})
