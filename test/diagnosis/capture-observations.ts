// Captures what every built-in scenario's checks observed (outcomes before the diagnosis) into a JSON fixture,
// so the diagnosis is unit-tested on plain data without starting a lab. Rerun after a check or a scenario
// changes: `node --import tsx test/diagnosis/capture-observations.ts` (about a minute; starts each lab once per
// variant). Causes are stored as the catalogue arguments they were built from, so the words are rebuilt fresh.
import {writeFileSync} from 'node:fs'
import type {Cause} from '../../src/core/cause.js'
import {checksFor} from '../../src/doctor/check-list.js'
import {startLabForCheck} from '../../src/doctor/lab-session.js'
import {defaultRunOptions} from '../../src/doctor/run-doctor.js'
import {originOf} from '../../src/diagnosis/catalogue.js'
import {listBuiltInScenarios} from '../../src/lab/scenario/load-scenario.js'
import {runChecks} from '../../src/runner/run-checks.js'
import {mergeSettings} from '../../src/settings/load-settings.js'
import {SCENARIO_CHECK_OPTIONS} from '../support/lab-check.js'
import {FIXTURE, type ObservationFixture, type StoredFinding} from './observations.js'

function store(cause: Cause): StoredFinding {
  const origin = originOf(cause)
  if (!origin) throw new Error(`${cause.id} was not built by buildCause`)
  return {id: cause.id, options: origin.options, values: origin.values}
}

// The diagnosis reads these checks' evidence (diagnosis/observations.ts); the others' stays out of the fixture.
const READ_EVIDENCE_OF = new Set(['token.acquire', 'token.claims', 'graph.access'])

const out: ObservationFixture[] = []
for (const {name} of listBuiltInScenarios()) {
  for (const sendTest of [false, true]) {
    const lab = await startLabForCheck(name)
    try {
      const loaded = mergeSettings([lab.layer])
      const run = await runChecks({
        checks: checksFor({offline: false}), ...loaded, network: lab.network,
        options: defaultRunOptions({timeoutMs: 10_000, sendTest, ...SCENARIO_CHECK_OPTIONS[name]}),
      })
      const {clientSecret, ...settings} = loaded.settings
      out.push({
        scenario: name, sendTest, settings: {...settings, clientSecretLength: clientSecret?.length},
        checks: run.reports.map((r) => {
          const outcome = run.outcomes.get(r.id as never)
          return {
            id: r.id, status: r.status, summary: r.summary, evidence: READ_EVIDENCE_OF.has(r.id) ? r.evidence : undefined,
            skippedBecause: r.skippedBecause, error: r.error,
            causes: (outcome?.causes ?? []).map(store),
          }
        }),
      })
      process.stderr.write(`${name}${sendTest ? ' --send-test' : ''}\n`)
    } finally {
      await lab.close()
    }
  }
}
// One scenario run per line: reviewable diffs, a compact file.
writeFileSync(FIXTURE, `[\n${out.map((o) => JSON.stringify(o)).join(',\n')}\n]\n`)
