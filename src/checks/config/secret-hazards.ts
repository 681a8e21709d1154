// Characters that products, .env files, shells and hand-built form bodies commonly change in a client secret.
// Entra ID accepts them; the product may not send them unchanged (AADSTS7000215 while `check` passes).
// Portal-generated secrets use letters, digits and ~ . _ - only, so a hazard usually means a hand-typed or
// mis-copied value. Only the characters' names leave this module, never the secret.

/** The risky characters, in the order the warning names them. */
const HAZARD_CHARS = ['#', '$', '!', '%', '+', '&', '"', "'", '`', '\\'] as const

/** Names of the secret's risky characters and whitespace (e.g. '#', 'space at the end'); [] when it has none. */
export function secretHazards(secret: string): string[] {
  const found: string[] = HAZARD_CHARS.filter((c) => secret.includes(c))
  if (/^\s/.test(secret)) found.push(`${whitespaceName(secret.charAt(0))} at the start`)
  if (secret.length > 1 && /\s$/.test(secret)) found.push(`${whitespaceName(secret.charAt(secret.length - 1))} at the end`)
  if (/\S\s+\S/.test(secret)) found.push('space inside')
  return found
}

function whitespaceName(c: string): string {
  if (c === '\n' || c === '\r') return 'line break'
  if (c === '\t') return 'tab'
  return 'space'
}
