// The CI snippets of docs/ci.md and the README's "CI gate" example: each parses as YAML, its o365doctor command uses
// only real check flags with valid values, and (for the shell snippets) the command really runs against the lab.
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parse} from 'yaml'
import Check from '../../src/commands/check.js'
import {reportFiles} from '../../src/doctor/check-command.js'
import {runCli} from '../support/cli.js'
import {repoRoot} from '../support/validate-report.js'

/** The ```yaml blocks of one `## heading` section of a Markdown file. */
function yamlBlocks(file: string, heading: string): string[] {
  const text = readFileSync(join(repoRoot(), file), 'utf8')
  const start = text.indexOf(`\n## ${heading}\n`)
  assert.ok(start >= 0, `${file} has no "## ${heading}" section`)
  const end = text.indexOf('\n## ', start + 4)
  const section = text.slice(start, end < 0 ? undefined : end)
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!)
}

/** Shell words of a one-line command (quotes removed; no expansion). */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!)
}

/** The arguments after `o365doctor… check` in every string of the parsed YAML that runs it. */
function checkCommands(value: unknown): string[][] {
  if (typeof value === 'string') {
    const w = words(value.replace(/\s*\n\s*/g, ' '))
    const at = w.findIndex((x, i) => /(^|\/|@)o365doctor(@\S+)?$|^o365doctor@/.test(x) && w[i + 1] === 'check')
    return at >= 0 ? [w.slice(at + 2)] : []
  }
  if (Array.isArray(value)) return value.flatMap(checkCommands)
  if (value && typeof value === 'object') return Object.values(value).flatMap(checkCommands)
  return []
}

/** Every flag is one of check's, with a value where it takes one and an allowed option value. */
function assertValidCheckArgs(args: string[]): void {
  const flags = Check.flags as Record<string, {type: string; options?: readonly string[]}>
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(args[i]!)
    assert.ok(m, `"${args[i]}" is not a flag`)
    const flag = flags[m[1]!]
    assert.ok(flag, `--${m[1]} is not a flag of o365doctor check`)
    if (flag.type === 'boolean') continue
    const value = m[2] ?? args[++i]
    assert.ok(value !== undefined && !value.startsWith('--'), `--${m[1]} needs a value`)
    if (flag.options) assert.ok(flag.options.includes(value), `--${m[1]} ${value}`)
    if (m[1] === 'report') assert.doesNotThrow(() => reportFiles([value]))
  }
}

/** Runs a snippet's command against the lab: --config becomes --lab healthy, CI variables a scratch folder. */
async function runAgainstLab(args: string[], dir: string): Promise<void> {
  const local = args
    .map((a) => a.replace(/\$\(Build\.ArtifactStagingDirectory\)/g, join(dir, 'staging')))
    .flatMap((a, i, all) => (a === '--config' ? ['--lab', 'healthy'] : all[i - 1] === '--config' ? [] : [a]))
  const result = await runCli(['check', ...local], {cwd: dir, timeoutMs: 60_000})
  assert.equal(result.code, 0, `o365doctor check ${local.join(' ')}: ${result.stderr}`)
  for (const value of local.filter((_, i) => local[i - 1] === '--report')) {
    const file = value.slice(value.indexOf('=') + 1)
    assert.ok(existsSync(join(dir, file)) || existsSync(file), `${file} written`)
  }
}

describe('docs/ci.md snippets', () => {
  for (const heading of ['Azure Pipelines', 'GitLab CI']) {
    it(`${heading}: parses, runs a valid o365doctor check, and that command works against the lab`, async () => {
      const blocks = yamlBlocks('docs/ci.md', heading)
      assert.equal(blocks.length, 1)
      const commands = checkCommands(parse(blocks[0]!))
      assert.equal(commands.length, 1, 'one o365doctor check command')
      assertValidCheckArgs(commands[0]!)
      assert.ok(commands[0]!.some((a) => a.startsWith('junit=')), 'keeps JUnit for the CI test view')
      const dir = mkdtempSync(join(tmpdir(), 'o365doctor-ci-'))
      try {
        mkdirSync(join(dir, 'deploy'))
        mkdirSync(join(dir, 'staging'))
        writeFileSync(join(dir, 'deploy', 'o365doctor-waivers.yaml'), 'waivers:\n  - {cause: exchange.smtp-auth-disabled-tenant, reason: test, expires: 2099-01-01}\n')
        await runAgainstLab(commands[0]!, dir)
      } finally {
        rmSync(dir, {recursive: true, force: true})
      }
    })
  }

  it('waivers example parses as a waivers file', async () => {
    const {parseWaivers} = await import('../../src/gate/waivers.js')
    const [block] = yamlBlocks('docs/ci.md', 'Waivers file')
    assert.equal(parseWaivers(block!, 'docs/ci.md').length, 1)
  })
})

describe('GitHub Actions examples (docs/ci.md, README)', () => {
  const action = parse(readFileSync(join(repoRoot(), 'action.yml'), 'utf8')) as {inputs: Record<string, unknown>}
  const examples: [string, string][] = [
    ['docs/ci.md', yamlBlocks('docs/ci.md', 'GitHub Actions')[0]!],
    ['README.md', yamlBlocks('README.md', 'CI gate')[0]!],
  ]
  for (const [file, block] of examples) {
    it(`${file}: uses this action with real inputs, federated, with id-token: write`, () => {
      const workflow = parse(block) as {jobs: Record<string, {permissions?: Record<string, string>; steps: {uses?: string; with?: Record<string, unknown>}[]}>}
      const job = Object.values(workflow.jobs)[0]!
      assert.equal(job.permissions?.['id-token'], 'write')
      const step = job.steps.find((s) => /\/o365doctor@/.test(s.uses ?? ''))!
      assert.ok(step, 'a step uses the o365doctor action')
      for (const input of Object.keys(step.with ?? {})) assert.ok(input in action.inputs, `${input} is an input of action.yml`)
      assert.equal(step.with?.federated, 'github')
      assert.ok(!/secrets\./.test(block), 'no secret at all')
      if (file === 'README.md') assert.ok(block.trim().split('\n').length < 20, 'under 20 lines')
    })
  }
})
