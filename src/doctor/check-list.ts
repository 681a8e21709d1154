// Which checks a run includes, in report order. Static checks always; the live ones (token, claims, Graph,
// network, logins) unless --offline. The runner works out what can run at the same time from `needs`.
import type {Check} from '../checks/check.js'
import {STATIC_CHECKS} from '../checks/config/index.js'
import {exchangeEvidenceCheck} from '../checks/exchange/evidence.js'
import {graphAccess} from '../checks/graph/access.js'
import {graphPermissions} from '../checks/graph/permissions.js'
import {graphSecrets} from '../checks/graph/secrets.js'
import {graphCertificates} from '../checks/graph/certificates.js'
import {graphFederation} from '../checks/graph/federation.js'
import {imapConnect, popConnect, smtpConnect} from '../checks/mail/connect.js'
import {imapLogin, popLogin, smtpLogin} from '../checks/mail/login.js'
import {tokenAcquire} from '../checks/token/acquire.js'
import {tokenClaims} from '../checks/token/claims.js'

const LIVE_CHECKS: readonly Check[] = [
  tokenAcquire, tokenClaims, graphAccess, graphPermissions, graphSecrets, graphCertificates, graphFederation,
  smtpConnect, imapConnect, popConnect, smtpLogin, imapLogin, popLogin,
  // Only with check --exchange-evidence (it applies when RunOptions.exchangeEvidence is set).
  exchangeEvidenceCheck,
]

export function checksFor(options: {offline: boolean}): Check[] {
  return options.offline ? [...STATIC_CHECKS] : [...STATIC_CHECKS, ...LIVE_CHECKS]
}
