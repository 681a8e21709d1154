// Reading a settings file (ours or a product's): the text, then a YAML/JSON mapping whose nodes can be located
// as file:line:col for error messages. Unreadable, malformed, empty or non-mapping input is an InputError.
import {LIMITS, readBoundedText} from '../input/bounded-read.js'
import {isMap, LineCounter, parseDocument, type Node, type YAMLMap} from 'yaml'
import {InputError} from '../core/input-error.js'

export interface YamlDoc {
  root: YAMLMap
  /** file:line:col of a node (its start). */
  where: (node: Node | null | undefined) => string
  file: string
}

/** The file's text; `flag` names the input in the error (e.g. "--config"). */
export function readSettingsText(path: string, flag = '--config'): string {
  try {
    // Settings are a screenful; 1 MB is generous and a FIFO or device is refused, never waited on.
    return readBoundedText(path, LIMITS.settings)
  } catch (error) {
    throw new InputError(`${flag} ${path}`, (error as Error).message)
  }
}

/** Parses a mapping; `keysAre` completes "the settings file must be a mapping of …". */
export function parseYamlDoc(text: string, file: string, keysAre = 'keys (tenant:, clientId:, …)'): YamlDoc {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true})
  const where = (node: Node | null | undefined): string => {
    const pos = lineCounter.linePos(node?.range?.[0] ?? 0)
    return `${file}:${pos.line}:${pos.col}`
  }
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!
    const pos = lineCounter.linePos(first.pos[0])
    throw new InputError(`${file}:${pos.line}:${pos.col}`, `not valid YAML or JSON (${first.message.split('\n')[0]})`)
  }
  if (doc.contents === null) throw new InputError(file, 'the settings file is empty')
  if (!isMap(doc.contents)) throw new InputError(where(doc.contents), `the settings file must be a mapping of ${keysAre}`)
  return {root: doc.contents, where, file}
}
