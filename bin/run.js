#!/usr/bin/env node
// Entry point: oclif finds the compiled commands in dist/src/commands (see package.json "oclif").
// `--version` alone is answered here, in oclif's format (name/version platform-arch node-version), without
// loading oclif (~160 modules): a CI step or a wrapper that asks for it pays only Node's own start.
// On WSL oclif says `wsl-…`; that case is left to oclif.
// Otherwise oclif's debug lines (DEBUG=*) go through a logger that masks the command line's secrets.
import {release} from 'node:os'

if (process.argv.length === 3 && process.argv[2] === '--version' && !/microsoft/i.test(release())) {
  const {readFileSync} = await import('node:fs')
  const {name, version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const arch = process.arch === 'ia32' ? 'x86' : process.arch
  process.stdout.write(`${name}/${version} ${process.platform}-${arch} node-${process.version}\n`)
} else if (process.argv[2] === 'check' && process.argv.some((a) => a.startsWith('--targets'))) {
  // A fleet run starts under a heap cap (src/fleet/heap-limit.ts says why): this process runs it again with one.
  const [{relaunchWithFleetHeap}, {fileURLToPath}] = await Promise.all([import('../dist/src/fleet/heap-limit.js'), import('node:url')])
  const code = await relaunchWithFleetHeap(fileURLToPath(import.meta.url), process.argv.slice(2))
  if (code === undefined) await runOclif()
  else process.exitCode = code
} else {
  await runOclif()
}

async function runOclif() {
  const [{execute}, {scrubbingLogger}, {fileURLToPath}] = await Promise.all([import('@oclif/core'), import('../dist/src/base-command.js'), import('node:url')])
  await execute({loadOptions: {root: fileURLToPath(import.meta.url), logger: scrubbingLogger()}})
}
