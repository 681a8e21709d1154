// A real PowerShell parser for the tests: tree-sitter's PowerShell grammar (npm tree-sitter-powershell, which ships
// the grammar as WebAssembly) run by web-tree-sitter. No PowerShell is needed and nothing is downloaded at run time.
// Plus a scanner with PowerShell's own rule for single-quoted strings, which tree-sitter's grammar lacks: PowerShell
// also takes U+2018..U+201B as single quotes.
import {createRequire} from 'node:module'
import {Language, Parser, type Node} from 'web-tree-sitter'

const require = createRequire(import.meta.url)
let parser: Promise<Parser> | undefined

async function load(): Promise<Parser> {
  await Parser.init()
  const language = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'))
  const p = new Parser()
  p.setLanguage(language)
  return p
}

export interface ParsedScript {
  root: Node
  /** Parse errors: line (1-based) and the text at fault. */
  errors: {line: number; text: string}[]
}

export async function parsePowerShell(source: string): Promise<ParsedScript> {
  parser ??= load()
  const tree = (await parser).parse(source)
  if (!tree) throw new Error('tree-sitter returned no tree')
  const errors: ParsedScript['errors'] = []
  const visit = (n: Node): void => {
    if (n.isError || n.isMissing) errors.push({line: n.startPosition.row + 1, text: n.text.slice(0, 80) || `(missing ${n.type})`})
    for (const c of n.children) if (c) visit(c)
  }
  visit(tree.rootNode)
  return {root: tree.rootNode, errors}
}

export function descendants(n: Node, type: string): Node[] {
  return n.descendantsOfType(type).filter((d): d is Node => d !== null)
}

/** The innermost node covering [start, end). */
export function nodeAt(root: Node, start: number, end: number): Node {
  return root.descendantForIndex(start, Math.max(start, end - 1))!
}

export function ancestors(n: Node): Node[] {
  const out: Node[] = []
  for (let p: Node | null = n; p; p = p.parent) out.push(p)
  return out
}

const QUOTE = /['\u2018\u2019\u201A\u201B]/

/**
 * Where a single-quoted PowerShell string starting at `start` ends (index after its closing quote), by PowerShell's
 * rule: any of the four quote characters ends it, unless followed by another one (an escaped quote).
 */
export function verbatimStringEnd(source: string, start: number): number {
  if (!QUOTE.test(source[start] ?? '')) throw new Error(`no single quote at ${start}`)
  for (let i = start + 1; i < source.length; i++) {
    if (!QUOTE.test(source[i]!)) continue
    if (QUOTE.test(source[i + 1] ?? '')) {
      i++
      continue
    }
    return i + 1
  }
  return -1
}
