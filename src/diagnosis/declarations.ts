// What each cause explains beyond its own findings, as data. The diagnosis (diagnose.ts) reads this table and
// nothing else to decide which causes make others redundant. A cause explains its own findings without being
// listed here, so a cause a new check raises works with no declaration at all.
//
// Read an entry as: a finding of the outer cause explains a finding of the inner cause when the relation holds.
// Explanation is transitive (the scope names Graph ⇒ the token is for Graph ⇒ Exchange refused the login).
import type {CauseId} from '../core/cause-ids.js'
import {ROLE_FOR} from '../core/protocol.js'
import type {Finding} from './findings.js'
import type {Observations} from './observations.js'

/** What a relation may look at: the run's observations and every finding under consideration. */
export interface Context {
  o: Observations
  findings: readonly Finding[]
}

/** Does finding `by` explain finding `of`? */
export type Relation = (by: Finding, of: Finding, ctx: Context) => boolean

const always: Relation = () => true
/** Both are about the same mail protocol. */
const sameProtocol: Relation = (by, of) => by.protocol !== undefined && by.protocol === of.protocol
/** The token lacks the role the refused protocol needs. */
const lacksRoleOf: Relation = (by, of) => of.protocol !== undefined && by.roles.includes(ROLE_FOR[of.protocol])
/** A Graph finding explains the token's missing roles when Graph accounts for every one of them. */
const graphAccountsFor: Relation = (by, of, {findings}) => {
  if (!of.roles.some((r) => by.roles.includes(r))) return false
  const flagged = new Set(findings.filter((f) => f.cause && GRAPH_ROLE_CAUSES.includes(f.cause.id) && !f.harmless).flatMap((f) => f.roles))
  return of.roles.every((r) => flagged.has(r))
}

export const GRAPH_ROLE_CAUSES: readonly CauseId[] = ['graph.permission-not-configured', 'graph.consent-missing', 'graph.delegated-instead-of-application']
export const CLAIMS_ROLE_CAUSES: readonly CauseId[] = ['claims.missing-role', 'claims.no-application-roles']

/** A token that cannot work for any protocol explains every refused login. */
const TOKEN_UNUSABLE: Partial<Record<CauseId, Relation>> = {'exchange.authorization-failed': always}

const graphRoles: Partial<Record<CauseId, Relation>> = {
  'claims.missing-role': graphAccountsFor,
  'claims.no-application-roles': graphAccountsFor,
}

export const EXPLAINS: Partial<Record<CauseId, Partial<Record<CauseId, Relation>>>> = {
  // The configuration is the root; the token endpoint's refusal is its symptom.
  'config.secret-is-secret-id': {'token.invalid-secret': always},
  'config.scope-not-default': {'token.invalid-scope': always},
  'config.scope-wrong-resource': {'token.resource-not-found': always, 'claims.wrong-audience': always},
  'config.token-url': {'token.tenant-not-found': always},
  'config.cloud-mismatch': {
    'token.tenant-not-found': always,
    // Another cloud's Exchange does not know this tenant's token: its refusal, or its unreachable host, is the mix.
    'exchange.authorization-failed': (by, of) => foreignSettings(by).some((s) => !s.endsWith('.host') || s === `${of.protocol}.host`),
    'network.connection-refused': (by, of) => foreignSettings(by).includes(`${of.protocol}.host`),
    'network.dns-failure': (by, of) => foreignSettings(by).includes(`${of.protocol}.host`),
    'network.tls-failure': (by, of) => foreignSettings(by).includes(`${of.protocol}.host`),
  },
  'config.invalid-value': {'token.tenant-not-found': always, 'token.app-not-found': always},
  'config.smtp-tls-mode': tlsModeExplains(),
  'config.imap-tls-mode': tlsModeExplains(),
  'config.pop-tls-mode': tlsModeExplains(),
  'config.smtp-host': hostExplains(),
  'config.imap-host': hostExplains(),
  'config.pop-host': hostExplains(),
  'network.tls-mode-mismatch': {'network.tls-failure': sameProtocol},
  // What is wrong with the token explains Exchange's refusal of it.
  'claims.wrong-audience': TOKEN_UNUSABLE,
  'claims.wrong-tenant': TOKEN_UNUSABLE,
  'claims.delegated-token': TOKEN_UNUSABLE,
  'claims.expired': TOKEN_UNUSABLE,
  'claims.no-application-roles': TOKEN_UNUSABLE,
  'claims.missing-role': {'exchange.authorization-failed': lacksRoleOf},
  // What Graph says about the app registration is the fix; the token's missing roles are its symptom.
  'graph.permission-not-configured': graphRoles,
  'graph.consent-missing': graphRoles,
  'graph.delegated-instead-of-application': graphRoles,
  // The three candidates behind a refused valid token, and POP disabled (which answers like a bad login).
  'exchange.service-principal-missing': {'exchange.authorization-failed': always},
  'exchange.service-principal-wrong-object-id': {'exchange.authorization-failed': always},
  'exchange.mailbox-permission-missing': {'exchange.authorization-failed': always},
  'exchange.pop-disabled': {'exchange.authorization-failed': (_by, of) => of.protocol === 'pop'},
  // An address without an Exchange Online mailbox, or a personal account, gets every protocol's generic refusal (§8.5).
  'exchange.no-mailbox': {'exchange.authorization-failed': always},
  'config.consumer-account': {'exchange.authorization-failed': always},
}

/** The settings a config.cloud-mismatch finding saw in another cloud (`smtp.host`, `scope`, `tokenUrl`…), from its evidence. */
function foreignSettings(by: Finding): string[] {
  const evidence = by.cause?.evidence as {cloud?: unknown; values?: unknown} | undefined
  if (!evidence || typeof evidence.cloud !== 'string' || !Array.isArray(evidence.values)) return []
  return evidence.values
    .filter((v): v is {setting: string; clouds: string[]} => typeof v?.setting === 'string' && Array.isArray(v?.clouds))
    .filter((v) => v.clouds.length > 0 && !v.clouds.includes(evidence.cloud as string))
    .map((v) => v.setting)
}

function tlsModeExplains(): Partial<Record<CauseId, Relation>> {
  return {
    'network.tls-mode-mismatch': sameProtocol, 'network.tls-failure': sameProtocol,
    'network.connection-refused': sameProtocol, 'network.timeout': sameProtocol,
  }
}

function hostExplains(): Partial<Record<CauseId, Relation>> {
  return {'network.dns-failure': sameProtocol, 'network.connection-refused': sameProtocol}
}

/** Whether finding `by` explains finding `of` directly (its own findings aside). */
export function explainsDirectly(by: Finding, of: Finding, ctx: Context): boolean {
  if (!by.cause || !of.cause || by === of || by.harmless || of.harmless) return false
  return EXPLAINS[by.cause.id]?.[of.cause.id]?.(by, of, ctx) ?? false
}
