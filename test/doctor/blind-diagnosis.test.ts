// The diagnosis comes from what the lab answers, never from the scenario's name or metadata: every built-in
// scenario, renamed to a meaningless file name, stripped of name/description/expect and with its keys and lists
// reordered, gives the same causes as the original.
import assert from 'node:assert/strict'
import {cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {describe, it} from 'node:test'
import {parse, stringify} from 'yaml'
import {listBuiltInScenarios, resolveScenario} from '../../src/lab/scenario/load-scenario.js'
import {scenariosDir} from '../../src/lab/scenario/scenario-dir.js'
import {actionableCauseIds, runLabCheck} from '../support/lab-check.js'

const dir = mkdtempSync(join(tmpdir(), 'o365doctor-blind-'))
// `file:` paths are relative to the scenario file: the test material travels with the copies.
if (existsSync(join(scenariosDir(), 'certs'))) cpSync(join(scenariosDir(), 'certs'), join(dir, 'certs'), {recursive: true})

/** Reverses every mapping's key order and every list (deeply). */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder).reverse()
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reorder(v)]))
  }
  return value
}

describe('blind diagnosis: renamed, stripped and reordered scenarios give the same causes', () => {
  listBuiltInScenarios().forEach(({name}, index) => {
    it(name, async () => {
      const scenario = await resolveScenario(name)
      const doc = parse(readFileSync(scenario.source, 'utf8')) as Record<string, unknown>
      delete doc.name
      delete doc.description
      delete doc.expect
      // lab.switchTo names its target relative to the scenario file: keep it pointing at the original's.
      const sw = (doc.lab as {switchTo?: {scenario: string}} | undefined)?.switchTo
      if (sw) sw.scenario = resolve(dirname(scenario.source), sw.scenario)
      const file = join(dir, `tenant-${(index * 7919) % 1000}.yaml`)
      writeFileSync(file, stringify(reorder(doc)))
      const blind = await runLabCheck(file, {sendTest: true})
      assert.equal(blind.target.lab, `tenant-${(index * 7919) % 1000}`, 'the lab only knows the new name')
      assert.deepEqual(actionableCauseIds(blind), [...scenario.expect!.causes].sort())
    })
  })
})
