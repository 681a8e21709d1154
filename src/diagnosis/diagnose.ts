// The diagnosis: gathers the causes every check found, merges duplicates, lets the more specific cause win over
// the generic one, and ranks them most likely first.
import type {CheckOutcome} from '../core/check.js'
import {rankCauses} from '../core/cause.js'
import type {Cause} from '../core/cause.js'
import type {CauseId} from '../core/cause-ids.js'
import type {Settings} from '../settings/types.js'
import {refineCauses} from './refine.js'

/** A generic cause that a more specific one makes redundant (report-and-causes: "the most specific ID"). */
const SUPERSEDED_BY: Partial<Record<CauseId, CauseId[]>> = {
  'token.invalid-secret': ['config.secret-is-secret-id'],
  'token.invalid-scope': ['config.scope-not-default'],
  'token.resource-not-found': ['config.scope-wrong-resource'],
  'claims.wrong-audience': ['config.scope-wrong-resource'],
  'exchange.authorization-failed': [
    'exchange.service-principal-missing', 'exchange.service-principal-wrong-object-id', 'exchange.mailbox-permission-missing',
    'claims.no-application-roles', 'claims.missing-role', 'claims.wrong-audience', 'claims.wrong-tenant',
    // POP disabled answers like a bad login; the Exchange evidence (Get-CASMailbox PopEnabled) can prove it.
    'exchange.pop-disabled',
  ],
  'network.tls-failure': ['network.tls-mode-mismatch'],
  'network.tls-mode-mismatch': ['config.smtp-tls-mode', 'config.imap-tls-mode', 'config.pop-tls-mode'],
  'network.dns-failure': ['config.smtp-host', 'config.imap-host', 'config.pop-host'],
  'network.connection-refused': ['config.smtp-tls-mode', 'config.imap-tls-mode', 'config.pop-tls-mode', 'config.smtp-host', 'config.imap-host', 'config.pop-host'],
  'network.timeout': ['config.smtp-tls-mode', 'config.imap-tls-mode', 'config.pop-tls-mode'],
  'token.tenant-not-found': ['config.token-url', 'config.invalid-value', 'config.cloud-mismatch'],
  'token.app-not-found': ['config.invalid-value'],
  // What Graph says about the app registration is the fix; the token's missing roles are its symptom.
  'claims.no-application-roles': ['graph.consent-missing', 'graph.permission-not-configured', 'graph.delegated-instead-of-application'],
  'claims.missing-role': ['graph.consent-missing', 'graph.permission-not-configured', 'graph.delegated-instead-of-application'],
}

export function mergeCauses(causes: readonly Cause[]): Cause[] {
  const byId = new Map<string, Cause>()
  for (const cause of causes) {
    const existing = byId.get(cause.id)
    if (!existing) {
      byId.set(cause.id, {...cause, checks: [...cause.checks]})
      continue
    }
    // Keep the most confident wording; union the checks and evidence.
    const order = {certain: 0, likely: 1, possible: 2}
    const keep = order[cause.confidence] < order[existing.confidence] ? {...cause} : existing
    keep.checks = [...new Set([...existing.checks, ...cause.checks])]
    keep.evidence = existing.evidence || cause.evidence ? {...existing.evidence, ...cause.evidence} : undefined
    byId.set(cause.id, keep)
  }
  const present = new Set(byId.keys())
  const kept: Cause[] = []
  for (const cause of byId.values()) {
    const specific = (SUPERSEDED_BY[cause.id] ?? []).filter((id) => present.has(id))
    if (specific.length === 0) {
      kept.push(cause)
      continue
    }
    // The specific cause takes over the generic one's checks, so every failed check still points at a cause.
    for (const id of specific) {
      const s = byId.get(id)!
      // A protocol-specific cause takes over only its own protocol's login check.
      const protocol = (s.evidence as {protocol?: string} | undefined)?.protocol
      const taken = cause.checks.filter((c) => !protocol || !/^(smtp|imap|pop)\.login$/.test(c) || c.startsWith(`${protocol}.`))
      s.checks = [...new Set([...s.checks, ...taken])]
    }
  }
  return rankCauses(kept)
}

export function diagnose(outcomes: ReadonlyMap<string, CheckOutcome>, settings: Settings): Cause[] {
  return mergeCauses(refineCauses([...outcomes.values()].flatMap((o) => o.causes ?? []), outcomes, settings))
}
