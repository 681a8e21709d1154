// Preload (`node --import ./test/support/module-log.mjs …`): writes every module file the process loads to the
// file named by MODULE_LOG, one URL or path a line. ES modules are seen by a load hook (it runs on the hooks
// thread, so it appends synchronously itself); CommonJS files are read from require's cache when the process exits.
import {appendFileSync, writeFileSync} from 'node:fs'
import {createRequire, register} from 'node:module'

const out = process.env.MODULE_LOG
if (out) {
  writeFileSync(out, '')
  register('./module-log-hooks.mjs', import.meta.url, {data: {out}})
  const cache = createRequire(import.meta.url).cache
  process.on('exit', () => appendFileSync(out, Object.keys(cache).join('\n') + '\n'))
}
