// Small helpers shared by the generated PowerShell scripts (fix-script, evidence-script). Every value from the
// report or the command line enters a script once, as a single-quoted literal (psQuote) in a variable assignment;
// everything after refers to the variable, so no value is ever parsed as code. Free text goes into line comments
// only, with line breaks removed, so it cannot end the comment.
import {psQuote} from '../diagnosis/powershell.js'
import {basename} from 'node:path'
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

/**
 * How to run the script, as comment lines for its top: Windows blocks a script that came by mail or download
 * (Unblock-File), and the default execution policy (Restricted on Windows clients) refuses any script.
 */
export function howToRunLines(fileName: string, supportsWhatIf: boolean): string[] {
  const path = `.\\${fileName.replace(/[\u0000-\u001f\u007f'"`]/g, '_')}`
  const quoted = /\s/.test(path) ? `"${path}"` : path
  return [
    psComment('How to run (Windows PowerShell 5.1 or PowerShell 7), in the folder of this file:'),
    psComment(`    Unblock-File -Path ${quoted}                     # if it came by mail or download`),
    ...(supportsWhatIf ? [psComment(`    powershell -ExecutionPolicy Bypass -File ${quoted} -WhatIf   # shows what it would change`)] : []),
    psComment(`    powershell -ExecutionPolicy Bypass -File ${quoted}`),
    psComment(`Or inside PowerShell: Set-ExecutionPolicy -Scope Process -ExecutionPolicy Bypass, then ${quoted}`),
    psComment('(-Scope Process changes the policy for this window only.) PowerShell 7: pwsh instead of powershell.'),
    '#',
  ]
}

/**
 * The bytes of a .ps1 file as Windows PowerShell 5.1 reads it right: UTF-8 WITH a byte order mark (without one it
 * reads the file as the ANSI code page, Windows-1252 in the west, so "Kőbánya" becomes "KÅ‘bÃ¡nya", whose "‘"
 * PowerShell takes for a quote) and CRLF line ends (Notepad and PowerShell ISE show them; git's autocrlf agrees).
 * The how-to-run comment goes first, named after the file.
 */
export function ps1File(script: string, filePath: string): Buffer {
  const header = howToRunLines(basename(filePath), /SupportsShouldProcess/.test(script))
  const text = `${header.join('\n')}\n${script}`.replace(/\r?\n/g, '\r\n')
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
}
