// Waivers (report-and-causes.md "Waivers and baselines"): a gate accepts a known cause for a while. A waived cause
// stays in the report, marked, and no longer counts toward the verdict. An expired waiver is ignored and says so; a
// waiver that matches nothing says so (a typo or a fixed problem should not go unnoticed).
//
// File (YAML or JSON): `waivers:` list of {cause, reason, expires, checks?}. `expires` is a date (YYYY-MM-DD: the
// waiver holds through that day, UTC) or an ISO date-time. `checks` limits the waiver to a cause that explains only
// those checks: a waiver for pop.login must not hide the same cause breaking imap.login.

import {closeSync, fstatSync, openSync, readSync} from 'node:fs'
import {isMap, isSeq, LineCounter, parseDocument, type Node} from 'yaml'
import {CAUSE_IDS} from '../core/cause-ids.js'
import {InputError} from '../core/input-error.js'
import type {ReportCause, WaiverOutcome, WaiversReport} from '../core/report.js'

export interface Waiver {
  cause: string
  reason: string
  /** As written in the file. */
  expires: string
  /** When it stops holding. */
  expiresAt: Date
  checks?: string[]
  /** Where it is in the file, for messages. */
  line: number
}

const MAX_FILE_BYTES = 1_000_000
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/
const CHECK_ID = /^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/

/** Reads a file no bigger than `max` bytes; anything else is bad input named by its flag. */
export function readBoundedFile(flag: string, file: string, max = MAX_FILE_BYTES): string {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new InputError(`${flag} ${file}`, code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? 'error'})`)
  }
  try {
    const size = fstatSync(fd).size
    if (size > max) throw new InputError(`${flag} ${file}`, `is ${size} bytes; at most ${max} are read`)
    const buffer = Buffer.alloc(size)
    let read = 0
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, read)
      if (n === 0) break
      read += n
    }
    return buffer.subarray(0, read).toString('utf8')
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(`${flag} ${file}`, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  } finally {
    closeSync(fd)
  }
}

/** Parses a waivers file's text; every problem names the file and line. */
export function parseWaivers(text: string, file: string): Waiver[] {
  const lines = new LineCounter()
  const doc = parseDocument(text, {lineCounter: lines, uniqueKeys: true, prettyErrors: false})
  const lineOf = (node: Node | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : 1)
  const fail = (line: number, message: string): never => {
    throw new InputError(`--waivers ${file}:${line}`, message)
  }
  const problem = doc.errors[0]
  if (problem) fail(lines.linePos(problem.pos[0]).line, `is not valid YAML or JSON: ${problem.message.split('\n')[0]}`)
  const root = doc.contents
  if (!isMap(root)) return fail(lineOf(root), 'must be a mapping with a top-level "waivers:" list')
  for (const pair of root.items) {
    const key = String((pair.key as {value?: unknown})?.value ?? pair.key)
    if (key !== 'waivers') fail(lineOf(pair.key as Node), `unknown key "${key}" (only "waivers:" is read)`)
  }
  const list = root.get('waivers', true) as Node | undefined
  if (!isSeq(list)) return fail(lineOf(list ?? root), '"waivers:" must be a list of {cause, reason, expires, checks?}')
  return list.items.map((item) => readWaiver(item as Node, lineOf, fail))
}

function readWaiver(item: Node, lineOf: (n: Node | null | undefined) => number, fail: (line: number, message: string) => never): Waiver {
  const line = lineOf(item)
  if (!isMap(item)) return fail(line, 'a waiver must be a mapping {cause, reason, expires, checks?}')
  const allowed = ['cause', 'reason', 'expires', 'checks']
  for (const pair of item.items) {
    const key = String((pair.key as {value?: unknown})?.value ?? pair.key)
    if (!allowed.includes(key)) fail(lineOf(pair.key as Node), `unknown waiver key "${key}" (allowed: ${allowed.join(', ')})`)
  }
  const text = (key: string): string => {
    const node = item.get(key, true) as Node | undefined
    const value = (node as {value?: unknown} | undefined)?.value
    if (typeof value !== 'string' || !value.trim()) return fail(node ? lineOf(node) : line, `waiver needs "${key}:" as non-empty text`)
    return value.trim()
  }
  const cause = text('cause')
  if (!(CAUSE_IDS as readonly string[]).includes(cause)) fail(lineOf(item.get('cause', true) as Node), `"${cause}" is not a cause ID of the catalogue`)
  const reason = text('reason')
  const expires = text('expires')
  const expiresAt = parseExpiry(expires)
  if (!expiresAt) fail(lineOf(item.get('expires', true) as Node), `expires "${expires}" is not a date (YYYY-MM-DD) or an ISO date-time`)
  const waiver: Waiver = {cause, reason, expires, expiresAt: expiresAt!, line}
  const checksNode = item.get('checks', true) as Node | undefined
  if (checksNode !== undefined) {
    if (!isSeq(checksNode) || checksNode.items.length === 0) fail(lineOf(checksNode), '"checks:" must be a non-empty list of check IDs')
    waiver.checks = (checksNode as {items: Node[]}).items.map((n) => {
      const value = (n as {value?: unknown}).value
      if (typeof value !== 'string' || !CHECK_ID.test(value)) fail(lineOf(n), `"${String(value)}" is not a check ID like smtp.login`)
      return value as string
    })
  }
  return waiver
}

/** A date holds through its whole day (UTC); a date-time holds until that instant. */
export function parseExpiry(value: string): Date | undefined {
  if (DATE_ONLY.test(value)) {
    const day = new Date(`${value}T00:00:00Z`)
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) return undefined
    return new Date(day.getTime() + 86_400_000)
  }
  if (DATE_TIME.test(value)) {
    const at = new Date(value)
    return Number.isNaN(at.getTime()) ? undefined : at
  }
  return undefined
}

export function readWaiversFile(file: string): Waiver[] {
  return parseWaivers(readBoundedFile('--waivers', file), file)
}

function outcome(w: Waiver, note?: string): WaiverOutcome {
  return {cause: w.cause, reason: w.reason, expires: w.expires, ...(w.checks ? {checks: w.checks} : {}), ...(note ? {note} : {})}
}

/**
 * Marks the causes the waivers accept and says what each waiver did. Returns new cause objects; the verdict is the
 * caller's to recompute (from the causes that are not waived).
 */
export function applyWaivers(causes: readonly ReportCause[], waivers: readonly Waiver[], file: string, now: Date): {causes: ReportCause[]; waivers: WaiversReport} {
  const result: WaiversReport = {file, applied: [], expired: [], unmatched: []}
  const marked = causes.map((c) => ({...c}))
  for (const w of waivers) {
    const same = marked.filter((c) => c.id === w.cause)
    if (now.getTime() >= w.expiresAt.getTime()) {
      result.expired.push(outcome(w, `expired ${w.expires}; ${same.length ? 'the cause counts again' : 'its cause was not found either'}`))
      continue
    }
    if (same.length === 0) {
      result.unmatched.push(outcome(w, 'no such cause in this run'))
      continue
    }
    const covered = same.filter((c) => !w.checks || c.checks.every((id) => w.checks!.includes(id)))
    if (covered.length === 0) {
      const extra = [...new Set(same.flatMap((c) => c.checks.filter((id) => !w.checks!.includes(id))))]
      result.unmatched.push(outcome(w, `the cause also explains ${extra.join(', ')}, which this waiver does not list`))
      continue
    }
    for (const c of covered) c.waived ??= {reason: w.reason, expires: w.expires}
    result.applied.push(outcome(w))
  }
  return {causes: marked, waivers: result}
}

/** The causes that still count: not waived. */
export function activeCauses<C extends Pick<ReportCause, 'waived'>>(causes: readonly C[]): C[] {
  return causes.filter((c) => !c.waived)
}

