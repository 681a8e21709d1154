// A finding: one cause as one check raised it, with what it is about (protocol, roles) read from the values
// the catalogue built it from. A failed check that raised nothing is a finding with no cause.
import type {Cause} from '../core/cause.js'
import type {CheckId} from '../core/check.js'
import {PROTOCOLS, type Protocol} from '../core/protocol.js'
import {originOf} from './catalogue.js'
import type {Observations} from './observations.js'

export interface Finding {
  /** Undefined for a failed check that raised no cause. */
  cause?: Cause
  /** Where it was seen. */
  checks: CheckId[]
  protocol?: Protocol
  /** The roles it is about (the missing roles of a role finding). */
  roles: string[]
  /** Set when the observations show the finding to be harmless: the sentence that says why. */
  harmless?: string
  /** A sentence the cause's explanation gains (what the observations showed about part of the finding). */
  note?: string
}

const PROTOCOL_IN = /^(?:config\.)?(smtp|imap|pop)(?:\.|-|$)|^exchange\.(imap|pop)-/

function protocolIn(text: string): Protocol | undefined {
  const m = PROTOCOL_IN.exec(text)
  return (m?.[1] ?? m?.[2]) as Protocol | undefined
}

export function findingOf(cause: Cause, checks: CheckId[]): Finding {
  const values = originOf(cause)?.values
  const protocol = values?.protocol ?? protocolIn(cause.id) ?? single(checks.map(protocolIn))
  // Only a finding about missing roles is about roles; a refused login of protocol P is about P, not its role.
  const roles = values?.missingRoles?.length ? [...values.missingRoles] : []
  return {cause, checks, protocol, roles}
}

function single<T>(values: (T | undefined)[]): T | undefined {
  const set = new Set(values.filter((v) => v !== undefined))
  return set.size === 1 ? [...set][0] : undefined
}

/** Every cause every check raised, and every failed check that raised none. */
export function collectFindings(o: Observations): Finding[] {
  const out: Finding[] = []
  for (const [id, outcome] of o.outcomes) {
    const causes = outcome.causes ?? []
    for (const cause of causes) out.push(findingOf(cause, cause.checks.length > 0 ? (cause.checks as CheckId[]) : [id]))
    if (outcome.status === 'fail' && causes.length === 0) out.push({checks: [id], protocol: protocolIn(id), roles: []})
  }
  return out
}

export const protocolOrder = (a: Protocol, b: Protocol): number => PROTOCOLS.indexOf(a) - PROTOCOLS.indexOf(b)
