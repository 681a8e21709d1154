// `check` under a real terminal (tmux): live progress on stderr while the checks run, erased before the report; the
// report wraps to the terminal's width and is coloured. And the opposite: nothing on stderr in a pipe or in CI.
import assert from 'node:assert/strict'
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {runCli} from '../support/cli.js'
import {repoRoot} from '../support/validate-report.js'

const hasTmux = spawnSync('tmux', ['-V']).status === 0
const dir = mkdtempSync(join(tmpdir(), 'o365doctor-tty-'))
// The healthy tenant with a 150 ms round trip, so the run lasts long enough to be watched.
const slow = join(dir, 'slow.yaml')
writeFileSync(slow, readFileSync(join(repoRoot(), 'scenarios', 'healthy.yaml'), 'utf8').replace(/^expect:[\s\S]*$/m, '') + '\nlab:\n  latencyMs: 150\n')

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('check on a terminal (tmux)', {skip: hasTmux ? false : 'tmux is not installed (apt-get install -y tmux)'}, () => {
  it('shows progress while the checks run, then only the report, wrapped to the width and coloured', async () => {
    const socket = `o365doctor-test-${process.pid}`
    const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'})
    const script = join(dir, 'run.sh')
    writeFileSync(script, `cd ${JSON.stringify(repoRoot())}\nenv -u NO_COLOR -u CI -u FORCE_COLOR -u COLUMNS TERM=xterm-256color ./bin/run.js check --lab ${JSON.stringify(slow)}\necho "EXIT=$?"\nsleep 60\n`)
    tmux('new-session', '-d', '-x', '90', '-y', '60', '-s', 't', `sh ${script}`)
    try {
      let sawProgress = ''
      let screen = ''
      const deadline = Date.now() + 45_000
      while (Date.now() < deadline) {
        screen = tmux('capture-pane', '-p', '-e', '-t', 't')
        // Keep a frame with a running check in it (the first frame may come before any check starts).
        if (/Checking: \d+ of \d+ done/.test(screen) && (!sawProgress || /\d ms|\d s/.test(screen))) sawProgress = screen
        if (/EXIT=\d/.test(screen)) break
        await sleep(50)
      }
      assert.match(screen, /EXIT=0/, screen)
      assert.ok(sawProgress, 'no progress was seen while the checks ran')
      assert.match(sawProgress, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] [a-z]+\.[a-z.-]+ {2}\S.* \d+(\.\d)? m?s/, 'a running check with its spinner and time')
      const plain = screen.replace(/\u001b\[[0-9;]*m/g, '')
      assert.ok(!plain.includes('Checking:'), 'the progress block is erased before the report')
      assert.match(plain, /✓ PASS: no problem found/)
      assert.ok(screen.includes('\u001b[32m'), 'coloured on a terminal')
      const reportLines = plain.split('\n').filter((l) => l.trim() && !l.startsWith('EXIT='))
      assert.ok(reportLines.length <= 15, `healthy fits in 15 lines, got ${reportLines.length}`)
      for (const line of reportLines) assert.ok([...line].length <= 90, `"${line}" is wider than the terminal`)
    } finally {
      spawnSync('tmux', ['-L', socket, 'kill-server'])
    }
  })
})

describe('the secret prompt on a terminal (tmux)', {skip: hasTmux ? false : 'tmux is not installed (apt-get install -y tmux)'}, () => {
  it('--client-secret-stdin on a terminal asks without echo, and the run uses the answer', async () => {
    const socket = `o365doctor-prompt-${process.pid}`
    const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'})
    const script = join(dir, 'prompt.sh')
    writeFileSync(script, `cd ${JSON.stringify(repoRoot())}\nenv -u CI TERM=xterm-256color ./bin/run.js check --lab healthy --client-secret-stdin --json > ${JSON.stringify(join(dir, 'prompt.json'))}\necho "EXIT=$?"\nsleep 60\n`)
    tmux('new-session', '-d', '-x', '100', '-y', '30', '-s', 't', `sh ${script}`)
    try {
      const waitFor = async (pattern: RegExp) => {
        const deadline = Date.now() + 30_000
        let screen = ''
        while (Date.now() < deadline && !pattern.test(screen)) {
          await sleep(50)
          screen = tmux('capture-pane', '-p', '-t', 't')
        }
        return screen
      }
      assert.match(await waitFor(/Client secret Value/), /Client secret Value \(not shown\): *$/m)
      tmux('send-keys', '-t', 't', '-l', 'Qx8~labSecretValue.For.Tests-0001')
      tmux('send-keys', '-t', 't', 'Enter')
      const screen = await waitFor(/EXIT=\d/)
      assert.match(screen, /EXIT=0/, screen)
      assert.ok(!screen.includes('labSecretValue'), 'the secret was echoed')
      const report = JSON.parse(readFileSync(join(dir, 'prompt.json'), 'utf8'))
      assert.equal(report.verdict, 'pass')
      assert.equal(report.target.sources.clientSecret, 'flag')
    } finally {
      spawnSync('tmux', ['-L', socket, 'kill-server'])
    }
  })
})

describe('check without a terminal', () => {
  it('writes nothing to stderr in a pipe, and nothing under --json', async () => {
    const piped = await runCli(['check', '--lab', 'healthy'])
    assert.equal(piped.code, 0)
    assert.equal(piped.stderr, '')
    assert.match(piped.stdout, /PASS: no problem found/)
  })
})
