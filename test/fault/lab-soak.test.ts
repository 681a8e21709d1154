// The lab under load stays quiet and flat: 100 concurrent XOAUTH2 logins per round against `lab serve`'s servers with
// latency, several rounds. No MaxListenersExceededWarning, every login succeeds, RSS does not keep growing.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {startLab} from '../../src/lab/start-lab.js'
import {loginOnly} from '../../src/probes/index.js'
import {scenarioFrom, msalToken} from '../lab/lab-test-helpers.js'

const CONCURRENT = 100
const ROUNDS = 3

test('100 concurrent logins per round with latency: no listener warning, all succeed, RSS flat', {timeout: 120_000}, async () => {
  const warnings: string[] = []
  const onWarning = (w: Error): void => void warnings.push(`${w.name}: ${w.message}`)
  process.on('warning', onWarning)
  const scenario = await scenarioFrom('healthy', (s) => {
    s.lab.latencyMs = 20
  })
  const lab = await startLab(scenario)
  const started = Date.now()
  try {
    const token = (await msalToken(lab))!.accessToken
    const endpoints = {
      smtp: {host: 'smtp.office365.com', port: 587, tls: 'starttls' as const},
      imap: {host: 'outlook.office365.com', port: 993, tls: 'implicit' as const},
      pop: {host: 'outlook.office365.com', port: 995, tls: 'implicit' as const},
    }
    const rss: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const protocols = ['smtp', 'imap', 'pop'] as const
      const results = await Promise.all(Array.from({length: CONCURRENT}, (_, i) => {
        const protocol = protocols[i % 3]!
        return loginOnly(protocol, {...endpoints[protocol], map: lab.network, timeoutMs: 30_000, user: 'sender@contoso.com', token})
      }))
      const failed = results.filter((r) => !r.ok)
      assert.equal(failed.length, 0, failed.slice(0, 3).map((r) => `${r.protocol}: ${r.error?.message}`).join('; '))
      globalThis.gc?.()
      rss.push(process.memoryUsage().rss)
    }
    const growth = (rss.at(-1)! - rss[1]!) / (1024 * 1024)
    assert.ok(growth < 40, `RSS grew ${growth.toFixed(1)} MB from round 2 to ${ROUNDS}: ${rss.map((r) => Math.round(r / 1048576)).join(', ')} MB`)
  } finally {
    await lab.close()
    process.off('warning', onWarning)
  }
  assert.deepEqual(warnings.filter((w) => /MaxListeners/.test(w)), [])
  // ~5 s on an idle machine; the test's own timeout bounds it on a busy one.
  process.stdout.write(`# soak: ${CONCURRENT} concurrent x ${ROUNDS} rounds in ${Date.now() - started} ms\n`)
})
