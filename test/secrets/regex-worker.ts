// Worker for regex-budget.test.ts: runs every regex literal of src/** against adversarial 1 MB strings and reports
// each (regex, input) before it starts, so the parent can name the one that blocked if it must terminate us.
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {parentPort, workerData} from 'node:worker_threads'

const SIZE = Number(process.env.REGEX_SIZE ?? 1024 * 1024)

export interface Found {
  file: string
  line: number
  source: string
  flags: string
}

function sources(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...sources(p))
    else if (p.endsWith('.ts')) out.push(p)
  }
  return out
}

/** Regex literals, found with the TypeScript scanner (it knows when a `/` starts a regex). */
async function collect(root: string): Promise<Found[]> {
  const ts = (await import('typescript')).default
  const found: Found[] = []
  for (const file of sources(root)) {
    const text = readFileSync(file, 'utf8')
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
    const visit = (node: import('typescript').Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText(sf)
        const end = literal.lastIndexOf('/')
        found.push({file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, source: literal.slice(1, end), flags: literal.slice(end + 1)})
      }
      node.forEachChild(visit)
    }
    visit(sf)
  }
  return found
}

const fill = (unit: string): string => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE)

/** Generic hostile inputs, plus one built from the regex's own literal characters (what it is most likely to chew on). */
function inputs(source: string): Array<[string, string]> {
  const own = source.replace(/\\[dDwWsSbB]/g, '').replace(/[\\^$.*+?()[\]{}|]/g, '').slice(0, 40) || 'a'
  return [
    ['eyJ-', fill('eyJ-')],
    ['long word', fill('a')],
    ['spaces', fill(' ')],
    ['digits and dots', fill('0.')],
    ['dXNlcj0', fill('dXNlcj0')],
    ['own literals', fill(own)],
    ['own literals + space', fill(`${own} `)],
  ]
}

const {root} = workerData as {root: string}
const all = await collect(root)
parentPort!.postMessage({type: 'count', count: all.length})
for (const r of all) {
  let re: RegExp
  try {
    re = new RegExp(r.source, r.flags.replace('y', ''))
  } catch {
    continue
  }
  for (const [name, input] of inputs(r.source)) {
    parentPort!.postMessage({type: 'start', at: `${r.file}:${r.line} /${r.source}/${r.flags} on ${name}`})
    const started = performance.now()
    if (re.global) input.replace(re, '')
    else re.test(input)
    parentPort!.postMessage({type: 'done', ms: performance.now() - started})
  }
}
parentPort!.postMessage({type: 'end'})
