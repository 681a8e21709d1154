// The mail protocols the doctor checks, how people write them, how each is secured, and the Exchange Online
// application role each needs in an app-only token's `roles`. The one owner of these names.

export type Protocol = 'smtp' | 'imap' | 'pop'
export const PROTOCOLS: readonly Protocol[] = ['smtp', 'imap', 'pop']

/** How people write each protocol's name. */
export const PROTOCOL_LABEL: Record<Protocol, string> = {smtp: 'SMTP', imap: 'IMAP', pop: 'POP'}

/** How a connection is secured: STARTTLS after a plaintext greeting, TLS from the first byte, or none. */
export type TlsMode = 'starttls' | 'implicit' | 'none'
export const TLS_MODES: readonly TlsMode[] = ['starttls', 'implicit', 'none']

/** The Exchange Online application role (app permission) each protocol needs. */
export const ROLE_FOR: Record<Protocol, string> = {smtp: 'SMTP.SendAsApp', imap: 'IMAP.AccessAsApp', pop: 'POP.AccessAsApp'}

/** The token's `roles` claim as a list, or undefined when the token has none. */
export function rolesOf(claims: Record<string, unknown>): string[] | undefined {
  const roles = claims.roles
  return Array.isArray(roles) ? roles.map(String) : undefined
}
