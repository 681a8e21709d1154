// Small helpers shared by the generated PowerShell scripts (fix-script, evidence-script). Every value from the
// report or the command line enters a script once, as a single-quoted literal (psQuote) in a variable assignment;
// everything after refers to the variable, so no value is ever parsed as code. Free text goes into line comments
// only, with line breaks removed, so it cannot end the comment.
import {psQuote} from '../diagnosis/powershell.js'
import type {Cloud} from '../core/cloud.js'
import {connectExchange} from '../diagnosis/powershell.js'

// Anything that ends a line for PowerShell (or for an editor showing the script).
// eslint-disable-next-line no-control-regex
const LINE_BREAKS = /[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g

/** A line comment holding `text` (never more than one line). */
export function psComment(text: string, indent = ''): string {
  const clean = text.replace(LINE_BREAKS, ' ').trimEnd()
  return clean ? `${indent}# ${clean}` : `${indent}#`
}

/** `$Name = '<value>'`, or `$Name = $null` with a note when the value is unknown. */
export function psAssign(name: string, value: string | undefined, note?: string): string {
  const rhs = value !== undefined && value !== '' ? psQuote(value) : '$null'
  return `$${name} = ${rhs}${note ? `  ${psComment(note)}` : ''}`
}

/** Connect-ExchangeOnline for the tenant's cloud, with -Organization from the `$Organization` variable. */
export function connectExchangeLine(cloud: Cloud | undefined, withOrganization: boolean): string {
  return `${connectExchange(cloud)}${withOrganization ? ' -Organization $Organization' : ''} -ShowBanner:$false`
}

/** A throw when any of the named variables was left empty (the report did not have the value). */
export function requireValues(names: {name: string; how: string}[]): string[] {
  return names.flatMap(({name, how}) => [
    `if (-not $${name}) { throw ${psQuote(`Set $${name} at the top of this script first (the report did not have it): ${how}`)} }`,
  ])
}

export const RULE = '# ' + '-'.repeat(110)
