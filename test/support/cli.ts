// Runs the built CLI (bin/run.js → dist) as a user would, with a clean environment and a timeout.
import {spawn} from 'node:child_process'
import {join} from 'node:path'
import {repoRoot} from './validate-report.js'

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export function runCli(args: string[], options: {env?: NodeJS.ProcessEnv; stdin?: string; cwd?: string; timeoutMs?: number} = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1', COLUMNS: '120', ...options.env}
  for (const k of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET']) if (!options.env?.[k]) delete env[k]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'run.js'), ...args], {env, cwd: options.cwd ?? repoRoot()})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`o365doctor ${args.join(' ')} did not finish in time`)) }, options.timeoutMs ?? 30_000)
    child.on('error', reject)
    child.on('close', (code) => { clearTimeout(timer); resolve({code, stdout, stderr}) })
    child.stdin.end(options.stdin ?? '')
  })
}
