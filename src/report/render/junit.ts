// JUnit XML for CI dashboards: one testsuite "o365doctor", one testcase per check, plus a "diagnosis.verdict"
// testcase only when the gate fails (exit code not 0) for a reason the check testcases do not carry: a warning
// under --fail-on warn, or a new cause under --fail-on new. Otherwise the suite's counts are exactly the table's.
//
// Why not a testcase per error cause: dashboards track history per testcase name, and the set of causes changes
// from run to run as the diagnosis changes, so such testcases would appear and vanish. Checks are stable. The
// causes go into the failing check's <failure>, and the verdict testcase catches an error cause that no failing
// check carries (a CI gate reading only JUnit must still go red when the exit code is 1).
//
// Valid against the common JUnit schema (Jenkins' junit-10.xsd): no `skipped` on <testsuites>, and children in the
// schema's order. The check testcases' outcomes are the table's counts; the one difference is a failed check whose
// every cause is waived (--waivers): accepted by the gate, it is <skipped> with the waiver's reason, and the counts
// line of every format says "N failed (M waived)". Warnings stay visible: a warn check's <system-out>, and the
// suite's <system-out> lists every warning cause, the verdict sentence and the gate lines (waivers, drift, wait).

import {causesOfCheck, exitCodeFor, type FailOn} from '../build-report.js'
import {rankCauses} from '../../core/cause.js'
import type {CheckReport, Report, ReportCause} from '../../core/report.js'
import {gateLines, isWaivedCheck} from './gate-lines.js'
import {countsLine, verdictSentence} from './labels.js'

export interface JunitOptions {
  /** With 'warn', the verdict testcase fails on a warn verdict, as the exit code does. */
  failOn?: FailOn
}

// Characters XML 1.0 does not allow at all (not even as references), including lone surrogates, plus DEL and
// the C1 controls, which it allows but discourages (0x9B is a terminal's CSI when someone cats the file).
const ILLEGAL = /[^\u0009\u000a\u000d\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu

/** Escapes text content. Illegal characters are removed: a parser would reject the whole file for one of them. */
export function xmlText(value: string): string {
  return value
    .replace(ILLEGAL, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/** Escapes an attribute value; tabs and line breaks become references so parsers do not fold them to spaces. */
export function xmlAttr(value: string): string {
  return xmlText(value).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
}

export function attrs(pairs: Record<string, string | number | undefined>): string {
  return Object.entries(pairs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('')
}

export const seconds = (ms: number) => (ms / 1000).toFixed(3)

function causeText(cause: ReportCause): string {
  const waived = cause.waived ? ` (WAIVED until ${cause.waived.expires}: ${cause.waived.reason})` : ''
  const lines = [`[${cause.severity}, ${cause.confidence}] ${cause.id}: ${cause.summary}${waived}`, cause.explanation]
  if (cause.candidates?.length) lines.push(`Cannot yet rule out: ${cause.candidates.join(', ')}`)
  if (cause.remediation.steps.length)
    lines.push('What to do:', ...cause.remediation.steps.map((step, i) => `  ${i + 1}. ${step}`))
  if (cause.remediation.powershell.length) lines.push('PowerShell:', ...cause.remediation.powershell.map((c) => `  ${c}`))
  for (const doc of cause.docs) lines.push(`Docs: ${doc}`)
  return lines.join('\n')
}

/** `o365doctor.smtp` for `smtp.login`: dashboards group testcases by class. */
function classname(checkId: string): string {
  return `o365doctor.${checkId.split('.')[0]}`
}

function testcase(report: Report, check: CheckReport): string {
  const open = `    <testcase${attrs({classname: classname(check.id), name: `${check.id}: ${check.title}`, time: seconds(check.durationMs)})}`
  const causes = rankCauses(causesOfCheck(report, check))
  const body: string[] = []
  if (isWaivedCheck(report, check)) {
    const why = causes.map((c) => `${c.id} waived until ${c.waived!.expires}: ${c.waived!.reason}`).join('; ')
    body.push(`      <skipped${attrs({message: `failed, accepted by a waiver: ${why}`})}/>`)
    body.push(`      <system-out>${xmlText([check.summary, ...causes.map(causeText)].join('\n\n'))}</system-out>`)
    return `${open}>\n${body.join('\n')}\n    </testcase>`
  }
  switch (check.status) {
    case 'fail': {
      const message = causes.length ? causes.map((c) => c.summary).join('; ') : check.summary
      const text = [check.summary, ...causes.map(causeText)].join('\n\n')
      body.push(`      <failure${attrs({message, type: causes[0]?.id ?? 'fail'})}>${xmlText(text)}</failure>`)
      break
    }
    case 'error': {
      const message = check.error ? `${check.error.name}: ${check.error.message}` : check.summary
      body.push(`      <error${attrs({message, type: check.error?.name ?? 'error'})}>${xmlText(check.summary)}</error>`)
      break
    }
    case 'skip': {
      const message = check.skippedBecause?.length ? `needs ${check.skippedBecause.join(', ')}, which did not pass` : check.summary
      body.push(`      <skipped${attrs({message})}/>`)
      break
    }
    case 'warn':
    case 'pass': {
      // JUnit has no "warning": a warn check passes and says why in its output, as does a pass with its own
      // (info) findings. Causes that merely cite this check's evidence stay with the check that failed.
      const own = causes.filter((c) => check.causes.includes(c.id))
      if (check.status === 'warn' || own.length)
        body.push(`      <system-out>${xmlText([check.summary, ...own.map(causeText)].join('\n\n'))}</system-out>`)
    }
  }
  return body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`
}

function verdictCase(report: Report, failOn: FailOn): string {
  const open = `    <testcase${attrs({classname: 'o365doctor.diagnosis', name: 'diagnosis.verdict', time: seconds(0)})}`
  if (exitCodeFor(report, failOn) === 0) return `${open}/>`
  const added = new Set(report.drift?.new ?? [])
  const gating = rankCauses(report.causes).filter(
    (c) =>
      !c.waived &&
      (failOn === 'new' ? c.severity === 'error' && added.has(c.id) : c.severity === 'error' || (failOn === 'warn' && c.severity === 'warning')),
  )
  const message = `verdict ${report.verdict}: ${gating.map((c) => c.summary).join('; ')}`
  // One line per cause: the full text is in the failing checks' testcases.
  const text = gating.map((c) => `[${c.severity}, ${c.confidence}] ${c.id}: ${c.summary} (seen in ${c.checks.join(', ') || 'no check'})`)
  return `${open}>\n      <failure${attrs({message, type: `verdict.${report.verdict}`})}>${xmlText(text.join('\n'))}</failure>\n    </testcase>`
}

function properties(report: Report): string {
  const t = report.target
  const props: Record<string, string | undefined> = {
    'o365doctor.version': report.tool.version,
    'o365doctor.schemaVersion': report.schemaVersion,
    verdict: report.verdict,
    'target.cloud': t.cloud,
    'target.tenant': t.tenant,
    'target.clientId': t.clientId,
    'target.mailbox': t.mailbox,
    'target.from': t.from,
    'target.protocols': t.protocols.join(','),
    'target.lab': t.lab,
    // The table's counts, for readers that compare (a gate-only verdict testcase adds one to the suite's).
    'summary.pass': String(report.summary.pass),
    'summary.warn': String(report.summary.warn),
    'summary.fail': String(report.summary.fail),
    'summary.skip': String(report.summary.skip),
    'summary.error': String(report.summary.error),
  }
  return Object.entries(props)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `      <property${attrs({name, value})}/>`)
    .join('\n')
}

/** A suite's counts, for the <testsuites> element that wraps one suite (single target) or many (a fleet). */
export interface SuiteCounts {
  tests: number
  failures: number
  errors: number
  durationMs: number
}

/**
 * One report's <testsuite> (lines indented for a <testsuites> parent), and its counts. The fleet renderer calls it
 * once per target with the target's name and extra properties; the single-target output passes neither.
 */
export function junitSuite(
  report: Report,
  failOn: FailOn,
  suite: {name?: string; properties?: Record<string, string>} = {},
): {lines: string[]; counts: SuiteCounts} {
  const verdictFails = exitCodeFor(report, failOn) !== 0
  const waived = report.checks.filter((c) => isWaivedCheck(report, c)).length
  // The verdict testcase appears only when no check testcase already carries the gate's failure.
  const verdictCaseNeeded = verdictFails && (failOn === 'new' || report.summary.fail - waived + report.summary.error === 0)
  const extra = verdictCaseNeeded ? 1 : 0
  const failures = report.summary.fail - waived + extra
  const counts = {tests: report.checks.length + extra, failures, errors: report.summary.error, time: seconds(report.durationMs)}
  const extraProps = Object.entries(suite.properties ?? {}).map(([name, value]) => `      <property${attrs({name, value})}/>`)
  const lines = [
    `  <testsuite${attrs({name: suite.name ?? 'o365doctor', ...counts, skipped: report.summary.skip + waived, timestamp: report.startedAt})}>`,
    '    <properties>',
    ...extraProps,
    properties(report),
    '    </properties>',
    ...report.checks.map((check) => testcase(report, check)),
    ...(verdictCaseNeeded ? [verdictCase(report, failOn)] : []),
    `    <system-out>${xmlText(suiteOut(report, failOn))}</system-out>`,
    '  </testsuite>',
  ]
  return {lines, counts: {tests: counts.tests, failures, errors: counts.errors, durationMs: report.durationMs}}
}

/** The <testsuites> element's attributes: the sums over its suites (junit-10.xsd allows no `skipped` here). */
export function testsuitesOpen(name: string, counts: Omit<SuiteCounts, 'durationMs'>, durationMs: number): string {
  return `<testsuites${attrs({name, tests: counts.tests, failures: counts.failures, errors: counts.errors, time: seconds(durationMs)})}>`
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'

export function renderJunit(report: Report, options: JunitOptions = {}): string {
  const {lines, counts} = junitSuite(report, options.failOn ?? 'error')
  return [XML_DECLARATION, testsuitesOpen('o365doctor', counts, counts.durationMs), ...lines, '</testsuites>', ''].join('\n')
}

/** What a person opening the suite should see first: the verdict, the counts, every warning, the gate's lines. */
function suiteOut(report: Report, failOn: FailOn): string {
  const warnings = rankCauses(report.causes).filter((c) => c.severity === 'warning')
  return [
    verdictSentence(report, failOn),
    countsLine(report),
    ...warnings.map((c) => `Warning: ${c.id}: ${c.summary}${c.waived ? ' (waived)' : ''}`),
    ...gateLines(report),
  ].join('\n')
}
