// Where the package's built-in `scenarios/` folder is, found from this module's own location so it works from
// src/ (tsx) and from dist/src/ (after tsc) alike: walk up to the folder that holds package.json.

import {existsSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

let cachedRoot: string | undefined

export function packageRoot(): string {
  if (cachedRoot) return cachedRoot
  const here = fileURLToPath(import.meta.url)
  let dir = dirname(here)
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error(`o365doctor: no package.json above ${here}`)
    dir = up
  }
  cachedRoot = dir
  return dir
}

export function scenariosDir(): string {
  return join(packageRoot(), 'scenarios')
}
