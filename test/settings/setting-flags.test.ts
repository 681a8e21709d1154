// The one declaration of settings flags and Azure variables (src/settings/setting-flags.ts) against what uses it:
// check's and evidence-script's oclif flags, the environment layer and the names messages use.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import EvidenceScript from '../../src/commands/evidence-script.js'
import {CHECK_FLAGS} from '../../src/doctor/check-flags.js'
import {environmentLayer, mergeSettings} from '../../src/settings/load-settings.js'
import {ENV_NAMES, FLAG_OF, SETTING_INPUTS} from '../../src/settings/setting-flags.js'
import type {SettingKey} from '../../src/settings/types.js'

const checkFlags = CHECK_FLAGS as Record<string, {helpGroup?: string; summary?: string; env?: string}>

describe('settings flags: declared once', () => {
  it('every flag a message names is a flag of check', () => {
    for (const [key, name] of Object.entries(FLAG_OF)) {
      if (!name.startsWith('--')) continue
      assert.ok(checkFlags[name.slice(2)], `${key}: ${name} is not a flag of check`)
    }
  })

  it('every flag in check\'s SETTINGS group is declared for a setting, and evidence-script\'s settings flags too', () => {
    const declared = new Set((Object.values(SETTING_INPUTS) as {flag?: string; stdin?: string}[]).flatMap((i) => [i.flag, i.stdin]))
    const settingsFlags = Object.entries(checkFlags).filter(([, f]) => f.helpGroup === 'SETTINGS').map(([name]) => name)
    assert.ok(settingsFlags.length > 20)
    for (const name of settingsFlags) assert.ok(declared.has(name), `--${name} sets no declared setting`)
    for (const name of ['tenant', 'client-id', 'mailbox', 'from', 'cloud']) assert.ok(EvidenceScript.flags[name as keyof typeof EvidenceScript.flags], name)
  })

  it('no flag reads the environment through oclif (env:): a variable must stay "env", never become a flag', () => {
    for (const [name, f] of Object.entries(checkFlags)) assert.equal(f.env, undefined, `--${name}`)
  })

  it('every Azure variable the help text mentions is one the environment layer reads', () => {
    const known = new Set(Object.values(ENV_NAMES))
    for (const [name, f] of Object.entries(checkFlags)) {
      for (const v of f.summary?.match(/AZURE_[A-Z_]+/g) ?? []) assert.ok(known.has(v), `--${name} mentions ${v}`)
    }
  })

  it('each declared variable is read as its setting, named by the variable, with source env; an empty one is not read', () => {
    for (const [key, name] of Object.entries(ENV_NAMES) as [SettingKey, string][]) {
      const layer = environmentLayer({[name]: 'value-1'})
      assert.equal((layer.values as Record<string, unknown>)[key], 'value-1', name)
      assert.equal(layer.nameOf(key), name)
      assert.equal(layer.source, 'env')
      assert.deepEqual(environmentLayer({[name]: ''}).values, {}, name)
    }
    const loaded = mergeSettings([environmentLayer({AZURE_TENANT_ID: 't.onmicrosoft.com'})], {requireAll: false})
    assert.equal(loaded.sources.tenant, 'env')
  })
})
