// The static checks: everything that can be judged from the settings alone, before any network traffic.
import type {Check} from '../check.js'
import {configAuthMethod} from './auth-method.js'
import {configCertificate} from './certificate/check.js'
import {configCloud} from './cloud.js'
import {configImap, configPop, configSmtp} from './endpoint.js'
import {configScope} from './scope.js'
import {configSecret} from './secret.js'
import {configTokenUrl} from './token-url.js'
import {configValues} from './values.js'

export const STATIC_CHECKS: readonly Check[] = [
  configValues, configSecret, configCertificate, configScope, configTokenUrl, configCloud, configSmtp, configImap, configPop, configAuthMethod,
]
