import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import type {Cause} from '../../src/core/cause.js'
import {causesOfCheck, exitCodeFor, summarize, unexplainedChecks, verdictOf} from '../../src/report/build-report.js'
import {rankCauses} from '../../src/core/cause.js'
import {SAMPLE_REPORTS} from '../support/sample-reports.js'

const cause = (id: string, severity: Cause['severity'], confidence: Cause['confidence']) => ({id, severity, confidence})

describe('summarize', () => {
  it('counts every status, zero for the absent ones', () => {
    assert.deepEqual(summarize([{status: 'fail'}, {status: 'pass'}, {status: 'fail'}, {status: 'skip'}]), {
      pass: 1,
      warn: 0,
      fail: 2,
      skip: 1,
      error: 0,
    })
    assert.deepEqual(summarize([]), {pass: 0, warn: 0, fail: 0, skip: 0, error: 0})
  })

  it('agrees with the hand-written summary of every sample report', () => {
    for (const [name, build] of Object.entries(SAMPLE_REPORTS)) {
      const report = build()
      assert.deepEqual(summarize(report.checks), report.summary, name)
    }
  })
})

describe('verdictOf', () => {
  it('is fail with any error cause, else warn with any warning, else pass', () => {
    assert.equal(verdictOf([]), 'pass')
    assert.equal(verdictOf([cause('a', 'info', 'certain')]), 'pass')
    assert.equal(verdictOf([cause('a', 'info', 'certain'), cause('b', 'warning', 'possible')]), 'warn')
    assert.equal(verdictOf([cause('b', 'warning', 'certain'), cause('c', 'error', 'possible')]), 'fail')
  })

  it('derives from causes only: a crashed check without a cause does not change it (the contract)', () => {
    const report = SAMPLE_REPORTS['skip-error']()
    assert.equal(report.summary.error, 1)
    assert.equal(verdictOf(report.causes), 'warn')
    assert.deepEqual(
      unexplainedChecks(report).map((c) => c.id),
      ['imap.connect'],
    )
  })
})

describe('exitCodeFor', () => {
  it('follows the contract: 0 for pass and warn, 1 for fail, 1 for warn with --fail-on warn', () => {
    assert.equal(exitCodeFor({verdict: 'pass'}), 0)
    assert.equal(exitCodeFor({verdict: 'warn'}), 0)
    assert.equal(exitCodeFor({verdict: 'fail'}), 1)
    assert.equal(exitCodeFor({verdict: 'pass'}, 'warn'), 0)
    assert.equal(exitCodeFor({verdict: 'warn'}, 'warn'), 1)
    assert.equal(exitCodeFor({verdict: 'fail'}, 'warn'), 1)
    assert.equal(exitCodeFor({verdict: 'warn'}, 'error'), 0)
  })

  it('gives the sample reports their expected codes', () => {
    assert.equal(exitCodeFor(SAMPLE_REPORTS.passing()), 0)
    assert.equal(exitCodeFor(SAMPLE_REPORTS.failing()), 1)
    assert.equal(exitCodeFor(SAMPLE_REPORTS['skip-error']()), 0)
    assert.equal(exitCodeFor(SAMPLE_REPORTS['skip-error'](), 'warn'), 1)
    assert.equal(exitCodeFor(SAMPLE_REPORTS.hostile()), 1)
  })
})

describe('rankCauses', () => {
  it('orders by severity, then confidence, and keeps ties in their original order', () => {
    const input = [
      cause('info-certain', 'info', 'certain'),
      cause('error-possible', 'error', 'possible'),
      cause('warning-likely', 'warning', 'likely'),
      cause('error-certain-1', 'error', 'certain'),
      cause('error-likely', 'error', 'likely'),
      cause('error-certain-2', 'error', 'certain'),
    ]
    assert.deepEqual(
      rankCauses(input).map((c) => c.id),
      ['error-certain-1', 'error-certain-2', 'error-likely', 'error-possible', 'warning-likely', 'info-certain'],
    )
    assert.equal(input[0]!.id, 'info-certain', 'the input is not sorted in place')
  })
})

describe('causesOfCheck', () => {
  it('links a cause to a check from either side', () => {
    const report = SAMPLE_REPORTS.failing()
    const ids = (checkId: string) => causesOfCheck(report, report.checks.find((c) => c.id === checkId)!).map((c) => c.id)
    assert.deepEqual(ids('imap.login'), ['exchange.service-principal-wrong-object-id'])
    assert.deepEqual(ids('graph.service-principal'), ['exchange.service-principal-wrong-object-id'])
    assert.deepEqual(ids('token.acquire'), [])
  })
})
