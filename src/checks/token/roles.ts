// The Exchange Online application role each protocol needs in the token's `roles`.
import type {Protocol} from '../../probes/types.js'

export const ROLE_FOR: Record<Protocol, string> = {smtp: 'SMTP.SendAsApp', imap: 'IMAP.AccessAsApp', pop: 'POP.AccessAsApp'}

export function rolesOf(claims: Record<string, unknown>): string[] | undefined {
  const roles = claims.roles
  return Array.isArray(roles) ? roles.map(String) : undefined
}
