// The one way a flag-named output file is written (--output, --fix-script, --ca-file, evidence files): never through
// a symbolic link unless --force (and never into a dangling link's target, which would create a file elsewhere),
// never onto a directory, and a replaced file is said on stderr. O_NOFOLLOW closes the race between check and write.
import {closeSync, constants, lstatSync, openSync, statSync, writeSync} from 'node:fs'
import {InputError} from '../core/input-error.js'

export interface WriteOutputOptions {
  /** Write through a symbolic link to an existing file (check --force). */
  force?: boolean
  /** Where "replaced …" goes (default stderr); tests pass their own. */
  note?: (line: string) => void
}

export function writeOutput(flag: string, file: string, text: string | Uint8Array, options: WriteOutputOptions = {}): void {
  const where = `${flag} ${file}`
  let existing: import('node:fs').Stats | undefined
  try {
    existing = lstatSync(file)
  } catch {
    existing = undefined
  }
  let followLink = false
  if (existing?.isSymbolicLink()) {
    let target: import('node:fs').Stats | undefined
    try {
      target = statSync(file)
    } catch {
      target = undefined
    }
    if (!target) throw new InputError(where, 'is a symbolic link to a file that does not exist; refusing to create its target')
    if (!options.force) throw new InputError(where, 'is a symbolic link; refusing to write through it (remove it, choose another path, or add --force)')
    if (!target.isFile()) throw new InputError(where, 'is a symbolic link to something that is not a regular file')
    followLink = true
  } else if (existing && !existing.isFile()) {
    throw new InputError(where, existing.isDirectory() ? 'is a directory' : 'is not a regular file')
  }
  let fd: number
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (followLink ? 0 : constants.O_NOFOLLOW), 0o644)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new InputError(where, code === 'ENOENT' ? 'cannot write the file (ENOENT): its directory does not exist' : code === 'ELOOP' ? 'became a symbolic link; refusing to write through it' : `cannot write the file (${code ?? 'error'})`)
  }
  try {
    writeSync(fd, typeof text === 'string' ? Buffer.from(text) : text)
  } catch (error) {
    throw new InputError(where, `cannot write the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  } finally {
    closeSync(fd)
  }
  if (existing) (options.note ?? ((l) => process.stderr.write(`${l}\n`)))(`o365doctor: replaced ${file}${followLink ? ' (through its symbolic link, --force)' : ''}`)
}
