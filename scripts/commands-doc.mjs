#!/usr/bin/env node
// docs/commands.md from the commands themselves (oclif.manifest.json, written by `npm run build`): usage, summary,
// description, flags and examples of every command. `node scripts/commands-doc.mjs` rewrites the file;
// `--check` exits 1 when the file is stale (test/cli/commands-doc.test.ts runs the same comparison in the suite).
// A small script over the manifest rather than `oclif readme`: the `oclif` package brings the whole release
// tool chain (S3 uploads, installers) for one Markdown file.
import {readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const DOC_PATH = join(root, 'docs', 'commands.md')

const fill = (text, bin, id) => text.replaceAll('<%= config.bin %>', bin).replaceAll('<%= command.id %>', id)

function flagLine(flag) {
  const names = [flag.char ? `-${flag.char}, ` : '', `--${flag.allowNo ? '[no-]' : ''}${flag.name}`].join('')
  const value = flag.type === 'option' ? (flag.options ? `=${flag.options.join('|')}` : `=${flag.helpValue ?? flag.name.toUpperCase()}`) : ''
  const extra = flag.default !== undefined && flag.type === 'option' ? ` (default: ${flag.default})` : ''
  // A pipe ends a GFM table cell even inside a code span: escaped everywhere in the row.
  return `| \`${`${names}${value}`.replaceAll('|', '\\|')}\` | ${(flag.summary ?? flag.description ?? '').replaceAll('|', '\\|')}${extra} |`
}

/** The Markdown for a manifest and package.json (pure, so the test can compare without writing). */
export function renderCommandsDoc(manifest, pkg) {
  const bin = pkg.oclif.bin
  const sep = pkg.oclif.topicSeparator ?? ':'
  const ids = Object.keys(manifest.commands).sort()
  const out = [
    '# Command reference',
    '',
    `<!-- Generated from the commands by scripts/commands-doc.mjs (npm run docs). Do not edit by hand: a test fails when it is stale. -->`,
    '',
    `Every command also takes \`--help\` (or \`-h\`); \`${bin} help [COMMAND]\` shows the same. \`${bin} autocomplete\` sets up shell completion (bash, zsh, PowerShell).`,
    '',
    ...ids.map((id) => `- [\`${bin} ${id.replaceAll(':', sep)}\`](#${`${bin} ${id.replaceAll(':', sep)}`.replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')})`),
  ]
  for (const id of ids) {
    const c = manifest.commands[id]
    const name = id.replaceAll(':', sep)
    const args = Object.values(c.args ?? {}).map((a) => (a.required ? a.name.toUpperCase() : `[${a.name.toUpperCase()}]`))
    out.push('', `## \`${bin} ${name}\``, '', c.summary ?? '', '', '```', `${bin} ${[name, ...args].join(' ')} [FLAGS]`, '```')
    if (c.description) out.push('', fill(c.description, bin, name))
    const argList = Object.values(c.args ?? {})
    if (argList.length) {
      out.push('', '| argument | |', '|---|---|')
      for (const a of argList) out.push(`| \`${a.name.toUpperCase()}\` | ${a.description ?? ''} |`)
    }
    const flags = Object.values(c.flags ?? {}).filter((f) => !f.hidden)
    if (flags.length) {
      out.push('', '| flag | |', '|---|---|')
      for (const f of flags) out.push(flagLine(f))
    }
    if (c.examples?.length) {
      out.push('', 'Examples:', '')
      for (const e of c.examples) {
        const ex = typeof e === 'string' ? {command: e} : e
        if (ex.description) out.push(`${fill(ex.description, bin, name)}:`, '')
        out.push('```sh', fill(ex.command, bin, name), '```', '')
      }
      if (out.at(-1) === '') out.pop()
    }
  }
  return out.join('\n') + '\n'
}

export function currentDoc() {
  const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'))
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  return renderCommandsDoc(manifest, pkg)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const doc = currentDoc()
  if (process.argv.includes('--check')) {
    let old = ''
    try {
      old = readFileSync(DOC_PATH, 'utf8')
    } catch {}
    if (old !== doc) {
      console.error('docs/commands.md is stale: run `npm run build && npm run docs` and commit it')
      process.exit(1)
    }
    console.log('docs/commands.md is up to date')
  } else {
    writeFileSync(DOC_PATH, doc)
    console.log(`docs/commands.md: ${Object.keys(JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8')).commands).length} commands`)
  }
}
