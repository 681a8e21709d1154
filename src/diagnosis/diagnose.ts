// The diagnosis, as a small model-based diagnosis over what the run observed:
// 1. findings: every cause a check raised, and every failed check that raised none;
// 2. what other observations say about single findings (harmless through RBAC; candidates ruled out);
// 3. which findings explain which (declarations.ts, transitively);
// 4. the smallest set of cause IDs that explains every finding (cover.ts), one cause per ID naming all it covers;
// 5. a failed check nothing explains becomes `check.unexplained-failure`, and only then.
// Each cause's `checks` is exactly what it explains; each check's status follows from the causes that explain it.
import {rankCauses, type Cause, type Severity} from '../core/cause.js'
import type {CauseId} from '../core/cause-ids.js'
import type {CheckId, CheckStatus} from '../core/check.js'
import {ROLE_FOR} from '../core/protocol.js'
import {buildCause} from './catalogue.js'
import {CLAIMS_ROLE_CAUSES, explainsDirectly, GRAPH_ROLE_CAUSES, type Context} from './declarations.js'
import {collectFindings, type Finding} from './findings.js'
import {fixValuesFromSettings} from './fix-values.js'
import {mergeFindings} from './merge.js'
import {observe, type Observations, type RunObserved} from './observations.js'
import {narrowAuthorization, narrowImapDisabled, reviseHarmless} from './revise.js'
import {minimumCover} from './cover.js'

export interface Diagnosis {
  /** Ranked most pressing first. */
  causes: Cause[]
  /** Each check's status after the diagnosis (a failure shown harmless is no longer `fail`). */
  status: Map<CheckId, CheckStatus>
}

export function diagnose(run: RunObserved): Diagnosis {
  const o = observe(run)
  const revised = collectFindings(o).map((f) => narrowImapDisabled(reviseHarmless(f, o), o))
  // Narrow only the refusals that nothing else already explains (a missing role is the better answer).
  const first: Context = {o, findings: revised}
  const findings = revised.map((f) =>
    f.cause?.id === 'exchange.authorization-failed' && !revised.some((by) => explainsDirectly(by, f, first)) ? narrowAuthorization(f, o) : f)
  const ctx: Context = {o, findings}
  const live = findings.filter((f) => f.cause && !f.harmless)
  const reach = new Map(live.map((f) => [f, reachable(f, live, ctx)]))
  const ids = [...new Set(live.map((f) => f.cause!.id))]
  const explainers = (f: Finding): CauseId[] => ids.filter((id) => f.cause!.id === id || live.some((by) => by.cause!.id === id && reach.get(by)!.has(f)))
  const chosen = minimumCover(live.map(explainers), (id) => cost(id, live))

  const assigned = new Map<CauseId, Finding[]>()
  for (const f of live) {
    const specific = explainers(f).filter((id) => id !== f.cause!.id && chosen.has(id)).sort(byStage)
    // Explanation is transitive and may pass through a finding about several roles (the token lacks IMAP and POP
    // roles): a refused POP login goes to the cause about POP's role, not to the one about IMAP's.
    const near = specific.filter((id) => live.some((by) => by.cause!.id === id && sameSubject(by, f)))
    const targets = near.length > 0 && f.roles.length > 0 ? near : [near[0] ?? specific[0] ?? f.cause!.id]
    for (const id of targets) assigned.set(id, [...(assigned.get(id) ?? []), f])
  }
  const causes: Cause[] = []
  for (const id of ids.filter((i) => chosen.has(i))) {
    const mine = assigned.get(id) ?? []
    const own = mine.filter((f) => f.cause!.id === id)
    const words = own.length > 0 ? own : live.filter((f) => f.cause!.id === id)
    const harmless = findings.filter((f) => f.harmless && f.cause!.id === id)
    const extra = [...mine.filter((f) => f.cause!.id !== id), ...harmless].flatMap((f) => f.checks)
    const notes = harmless.map((f) => ({...f, note: `For ${f.roles.join(', ') || 'SMTP'}: ${f.harmless}`}))
    causes.push(notJudgedForSmtp(annotate(mergeFindings(id, words, extra, notes.map((n) => n.note)), o), words, live))
  }
  // A finding shown wholly harmless, with no real finding of its ID: information.
  const harmlessOnly = findings.filter((f) => f.harmless && !chosen.has(f.cause!.id))
  for (const id of new Set(harmlessOnly.map((f) => f.cause!.id))) causes.push(mergeFindings(id, harmlessOnly.filter((f) => f.cause!.id === id)))
  const bare = findings.filter((f) => !f.cause)
  if (bare.length > 0) causes.push(unexplained(bare, o))
  const ranked = rankCauses(causes)
  // Said once, by the most pressing cause that stopped SMTP.
  const stopper = ranked.findIndex((c) => sendAsNotTried(c, o) !== c)
  if (stopper >= 0) ranked[stopper] = sendAsNotTried(ranked[stopper]!, o)
  return {causes: ranked, status: statusAfter(o, ranked)}
}

/** Both findings are about the same protocol or share a role (a role finding is about its protocols). */
function sameSubject(a: Finding, b: Finding): boolean {
  const rolesOf = (f: Finding): string[] => (f.roles.length > 0 ? f.roles : f.protocol ? [ROLE_FOR[f.protocol]] : [])
  const theirs = rolesOf(b)
  return rolesOf(a).some((r) => theirs.includes(r))
}

/** Findings `from` explains, directly or through findings it explains. */
function reachable(from: Finding, live: readonly Finding[], ctx: Context): Set<Finding> {
  const seen = new Set<Finding>()
  const queue = [from]
  while (queue.length > 0) {
    const by = queue.shift()!
    for (const f of live) {
      if (!seen.has(f) && f !== from && explainsDirectly(by, f, ctx)) {
        seen.add(f)
        queue.push(f)
      }
    }
  }
  return seen
}

const CONFIDENCE_COST = {certain: 0, likely: 0.1, possible: 0.2}
/** One per cause; a cause only ever seen as a guess costs a little more, so ties go to the surer one. */
function cost(id: CauseId, live: readonly Finding[]): number {
  const best = Math.min(...live.filter((f) => f.cause!.id === id).map((f) => CONFIDENCE_COST[f.cause!.confidence]))
  return 1 + best
}

/** Among several explanations of one finding, the one nearest the root: configuration before token, Graph before claims. */
const STAGES = ['config', 'token', 'graph', 'claims', 'exchange', 'network', 'client', 'check']
const stageOf = (id: CauseId): number => {
  const i = STAGES.indexOf(id.split('.')[0]!)
  return i === -1 ? STAGES.length : i
}
const byStage = (a: CauseId, b: CauseId): number => stageOf(a) - stageOf(b)

/** When the ObjectId given to New-ServicePrincipal is the app registration's (Graph says so), say it outright. */
function annotate(cause: Cause, o: Observations): Cause {
  if (cause.id !== 'exchange.service-principal-wrong-object-id') return cause
  const given = o.settings.exchangeObjectId
  if (!given || o.appRegistrationObjectId?.toLowerCase() !== given.toLowerCase() || cause.explanation.includes('usual mix-up')) return cause
  return {
    ...cause,
    explanation: `${cause.explanation} Microsoft Graph shows that ${given} is the app registration's object ID (App registrations > Overview), the usual mix-up: New-ServicePrincipal needs the enterprise application's.`,
    evidence: {...cause.evidence, appRegistrationObjectId: o.appRegistrationObjectId},
    checks: [...new Set([...cause.checks, 'graph.access'])],
  }
}

/** Causes about who may open the mailbox: Exchange judges them only after the SMTP AUTH setting let SMTP through. */
export const MAILBOX_ACCESS_CAUSES: readonly CauseId[] = [
  'exchange.authorization-failed', 'exchange.service-principal-missing', 'exchange.service-principal-wrong-object-id',
  'exchange.mailbox-permission-missing', 'exchange.no-mailbox',
]
const SMTP_AUTH_OFF: readonly CauseId[] = ['exchange.smtp-auth-disabled-tenant', 'exchange.smtp-auth-disabled-mailbox']

/**
 * SMTP refused at the SMTP AUTH setting (5.7.139) never reached the service principal, FullAccess or mailbox: a cause
 * of that kind seen on IMAP or POP says plainly that SMTP is not verified for it, rather than leaving SMTP out as if
 * it were unaffected (one cause names everything it covers; what was not tried is "not verified").
 */
function notJudgedForSmtp(cause: Cause, words: readonly Finding[], live: readonly Finding[]): Cause {
  if (cause.checks.includes('smtp.login') || !live.some((f) => f.cause && SMTP_AUTH_OFF.includes(f.cause.id))) return cause
  let note: string | undefined
  if (MAILBOX_ACCESS_CAUSES.includes(cause.id)) {
    note = 'SMTP is not verified for this: Exchange refused SMTP at the SMTP AUTH setting (535 5.7.139) before it ' +
      'judged the service principal, FullAccess or the mailbox, so SMTP may fail for this reason too once SMTP AUTH is on; ' +
      'run the check again after that fix to verify.'
  } else if (ROLE_CAUSES.includes(cause.id) && words.some((f) => f.roles.includes(ROLE_FOR.smtp))) {
    // Harmless when RBAC for Applications covers SMTP (revise.ts), but that shows only in a login SMTP AUTH stopped.
    note = `Not verified for SMTP: an RBAC for Applications assignment lets SMTP in without ${ROLE_FOR.smtp}, and ` +
      'Exchange refused SMTP at the SMTP AUTH setting (535 5.7.139) before judging either; once SMTP AUTH is on, ' +
      `run the check again to see whether SMTP needs ${ROLE_FOR.smtp}.`
  }
  if (!note) return cause
  return {...cause, explanation: `${cause.explanation} ${note}`, evidence: {...cause.evidence, notVerified: ['smtp']}}
}

/**
 * A From address other than the mailbox needs Send As, which only a sent message shows (--send-test). When SMTP
 * never got that far, the cause that stopped it says Send As was not tried, so the report does not read as if the
 * From address were fine.
 */
function sendAsNotTried(cause: Cause, o: Observations): Cause {
  const {from, mailbox} = o.settings
  if (!from || !mailbox || from.toLowerCase() === mailbox.toLowerCase()) return cause
  if (cause.severity !== 'error' || !cause.checks.includes('smtp.login') || o.loggedIn.has('smtp')) return cause
  // A refusal at the sending stage (SendAsDenied, throttling after DATA) came after a login that worked.
  if (o.outcomes.get('smtp.login')?.evidence?.stage === 'send') return cause
  const note = `Send As on ${from} (the From address) is not verified: SMTP did not log in, so no message From it was ` +
    `sent; once SMTP logs in, o365doctor check --send-test verifies it.`
  return {...cause, explanation: `${cause.explanation} ${note}`}
}

const ROLE_CAUSES: readonly CauseId[] = [...GRAPH_ROLE_CAUSES, ...CLAIMS_ROLE_CAUSES]

function unexplained(bare: readonly Finding[], o: Observations): Cause {
  const checks = [...new Set(bare.flatMap((f) => f.checks))]
  const saw = checks.map((id) => ({check: id, summary: o.outcomes.get(id)?.summary ?? ''}))
  const replies = [...new Set(bare.map((f) => o.outcomes.get(f.checks[0]!)?.evidence?.serverText).filter((t): t is string => typeof t === 'string'))]
  return buildCause('check.unexplained-failure', {
    severity: 'error', confidence: 'possible', checks, evidence: {failed: saw},
    summary: `${checks.join(', ')} failed, and no cause in the catalogue explains it: ${saw.map((s) => s.summary).join('; ')}`,
  }, {...fixValuesFromSettings(o.settings), unexplainedChecks: checks, serverReply: replies.length === 1 ? replies[0] : undefined})
}

const STATUS_OF: Record<Severity, CheckStatus> = {error: 'fail', warning: 'warn', info: 'pass'}
const STATUS_RANK: Record<CheckStatus, number> = {pass: 0, warn: 1, fail: 2, skip: -1, error: -1}

/** A check is no worse than the worst cause that explains it: a failure shown harmless passes. */
function statusAfter(o: Observations, causes: readonly Cause[]): Map<CheckId, CheckStatus> {
  const out = new Map<CheckId, CheckStatus>()
  for (const [id, status] of o.status) {
    const linked = causes.filter((c) => c.checks.includes(id))
    if ((status !== 'fail' && status !== 'warn') || linked.length === 0) {
      out.set(id, status)
      continue
    }
    const worst = linked.map((c) => STATUS_OF[c.severity]).reduce((a, b) => (STATUS_RANK[b] > STATUS_RANK[a] ? b : a))
    out.set(id, STATUS_RANK[worst] < STATUS_RANK[status] ? worst : status)
  }
  // An error cause always shows as a failed check (its first, the one that raised it), so the counts, the JUnit
  // failures and the verdict tell the same story.
  for (const cause of causes.filter((c) => c.severity === 'error')) {
    const checks = cause.checks as CheckId[]
    if (checks.some((id) => out.get(id) === 'fail')) continue
    const first = checks.find((id) => ['pass', 'warn'].includes(out.get(id) ?? ''))
    if (first) out.set(first, 'fail')
  }
  return out
}
