// Load hook for module-log.mjs: appends each module URL as it is loaded.
import {appendFileSync} from 'node:fs'

let out
export function initialize(data) {
  out = data.out
}

export async function load(url, context, next) {
  if (out && !url.startsWith('node:')) appendFileSync(out, url + '\n')
  return next(url, context)
}
