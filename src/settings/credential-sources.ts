// A federated token's source must exist before the run starts: a token file that cannot be read, or
// --federated github outside a GitHub Actions job, is unusable input (exit 2), not a finding.
import {accessSync, constants, statSync} from 'node:fs'
import {InputError} from '../core/input-error.js'
import {ENV_NAMES, FLAG_OF} from './setting-flags.js'
import type {LoadedSettings} from './types.js'

export function checkCredentialSources(loaded: LoadedSettings, env: NodeJS.ProcessEnv, options: {offline: boolean}): void {
  const source = loaded.settings.federatedToken
  if (source?.source === 'file') {
    const name = loaded.sources.federatedTokenFile === 'env' ? ENV_NAMES.federatedTokenFile : loaded.sources.federatedTokenFile === 'flag' ? FLAG_OF.federatedTokenFile : 'federatedTokenFile'
    try {
      accessSync(source.file, constants.R_OK)
      if (!statSync(source.file).isFile()) throw Object.assign(new Error('not a file'), {code: 'EISDIR'})
    } catch (error) {
      throw new InputError(`${name} ${source.file}`, `cannot read the federated token file (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
    }
  }
  if (source?.source === 'github' && !options.offline && (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)) {
    throw new InputError(`${FLAG_OF.federated} github`, 'ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set: run inside a GitHub Actions job whose workflow grants "permissions: id-token: write"')
  }
}
