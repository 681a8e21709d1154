// Headless Chromium for tests that must see a rendered page: dumps the DOM after parsing and takes a screenshot.
// Returns undefined (the caller skips with one line) where no Chromium is installed.
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

export function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], {encoding: 'utf8'})
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim()
  }
  return undefined
}

function run(binary: string, args: string[], timeoutMs: number): Promise<{code: number | null; stdout: string; stderr: string}> {
  const profile = mkdtempSync(join(tmpdir(), 'o365doctor-chromium-'))
  // No network beyond what the page asks for (and the page's CSP allows nothing), no first-run work, no sandbox
  // (CI runs as root, where Chromium's sandbox refuses to start).
  const base = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--no-default-browser-check', '--disable-extensions', `--user-data-dir=${profile}`]
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [...base, ...args], {stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`chromium ${args.join(' ')} did not finish in ${timeoutMs} ms`)) }, timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      rmSync(profile, {recursive: true, force: true})
      resolve({code, stdout, stderr})
    })
  })
}

/** The DOM as Chromium built it from the file (serialized after parsing, so markup in text shows as text). */
export async function dumpDom(binary: string, file: string): Promise<string> {
  const result = await run(binary, ['--dump-dom', pathToFileURL(file).href], 60_000)
  if (result.code !== 0) throw new Error(`chromium --dump-dom exited ${result.code}: ${result.stderr.split('\n').slice(-3).join(' ')}`)
  return result.stdout
}

export async function screenshot(binary: string, file: string, png: string, size = '1200,2000'): Promise<void> {
  const result = await run(binary, [`--screenshot=${png}`, `--window-size=${size}`, '--hide-scrollbars', pathToFileURL(file).href], 60_000)
  if (result.code !== 0) throw new Error(`chromium --screenshot exited ${result.code}: ${result.stderr.split('\n').slice(-3).join(' ')}`)
}

/** Prints the page as Chromium would on paper (the report's @media print rules apply). */
export async function printToPdf(binary: string, file: string, pdf: string): Promise<void> {
  const result = await run(binary, [`--print-to-pdf=${pdf}`, '--no-pdf-header-footer', pathToFileURL(file).href], 60_000)
  if (result.code !== 0) throw new Error(`chromium --print-to-pdf exited ${result.code}: ${result.stderr.split('\n').slice(-3).join(' ')}`)
}
