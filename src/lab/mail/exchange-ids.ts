// Realistic Exchange Online server names, session ids and timestamps (microsoft-behaviour.md §4.3–4.5).
// Every connection lands on a different front-end/back-end machine in a real tenant, so each lab connection
// draws its own machine name and session id; they then stay fixed for the whole connection.

import {randomBytes, randomInt} from 'node:crypto'
import {CLOUD_ENDPOINTS, type Cloud} from '../../core/cloud.js'

// Machine-name prefixes and the region each sits in, as seen in real transcripts
// (SN2PR00CA0018.namprd00, VI1PR0902CA0036.eurprd09, SY5P282CA0097, FR5P281CA0041.DEUP281, MR1P264CA0146.FRAP264…).
const SITES: ReadonlyArray<readonly [prefix: string, region: string]> = [
  ['SN2PR00CA', 'namprd00'],
  ['MN2PR05CA', 'namprd05'],
  ['BY5PR17CA', 'namprd17'],
  ['VI1PR0902CA', 'eurprd09'],
  ['SG2PR02CA', 'apcprd02'],
  ['SY5P282CA', 'AUSP282'],
  ['FR5P281CA', 'DEUP281'],
  ['LO4P265CA', 'GBRP265'],
  ['MR1P264CA', 'FRAP264'],
]

/** One connection's server identity. */
export interface ExchangeIds {
  /** Front-end name in the SMTP banner and EHLO line, e.g. `SY5P282CA0097.outlook.office365.com`. */
  frontend: string
  /** Back-end FQDN used inside reply brackets, e.g. `SN2PR00CA0018.namprd00.prod.outlook.com`. */
  backend: string
  /** The 16-hex-digit session id of the banner and error brackets, e.g. `08DE2A6028D26C22`. */
  session: string
}

/** Domain of the back-end names ([U] for national clouds: no transcript seen, so the commercial shape is kept). */
function backendDomain(cloud: Cloud): string {
  return cloud === 'china' ? 'prod.partner.outlook.cn' : 'prod.outlook.com'
}

export function newExchangeIds(cloud: Cloud): ExchangeIds {
  const [prefix, region] = SITES[randomInt(SITES.length)]!
  const machine = `${prefix}${String(randomInt(10_000)).padStart(4, '0')}`
  return {
    frontend: `${machine}.${CLOUD_ENDPOINTS[cloud].imapHost}`,
    backend: `${machine}.${region}.${backendDomain(cloud)}`,
    // Real ids start 08D… (time-derived); the rest only needs to look like them.
    session: `08DE${randomBytes(6).toString('hex').toUpperCase()}`,
  }
}

/** `[<backend> <ISO timestamp> <session id>]`, the suffix of Exchange Online's SMTP replies since about 2023. */
export function replyBracket(ids: ExchangeIds, now = new Date()): string {
  return `[${ids.backend} ${now.toISOString()} ${ids.session}]`
}

/** The date of the SMTP banner: `Sun, 23 Nov 2025 11:12:20 +0000`. */
export function bannerDate(now = new Date()): string {
  return now.toUTCString().replace(/GMT$/, '+0000')
}

/** The bracket of the IMAP and POP banners: base64 of the upper-case back-end FQDN in UTF-16LE. */
export function bannerToken(ids: ExchangeIds): string {
  return Buffer.from(ids.backend.toUpperCase(), 'utf16le').toString('base64')
}
