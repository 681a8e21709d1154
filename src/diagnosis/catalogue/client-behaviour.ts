// Catalogue entries for faults in the product itself (not the tenant), and for a failure nothing in the catalogue
// explains. None of these offers a tenant-changing cmdlet: the tenant is not shown to be wrong. Facts:
// microsoft-behaviour.md §8.7 (one-line AUTH), §8.8 (token lifetime); report-and-causes.md "Additions".

import type {CatalogueEntry} from '../catalogue.js'
import type {CauseId} from '../../core/cause-ids.js'
import {show} from '../powershell.js'
import {DOC} from './common.js'

export const CLIENT_BEHAVIOUR_CAUSES = {
  'client.pop-one-line-auth': {
    title: 'The product sends POP AUTH XOAUTH2 on one line, which Exchange refuses',
    severity: 'error',
    docs: [DOC.exoOauth],
    explain: (v) =>
      `The product sent the POP login as one line, "AUTH XOAUTH2 <token>", and Exchange answered ${v.serverReply ? `"${v.serverReply}"` : '"-ERR Protocol error. Connection is closed. 10"'}. Exchange's POP accepts only the two-step form: "AUTH XOAUTH2", wait for the "+ " challenge, then send the base64 initial response on its own line.${v.tokenLength !== undefined && v.tokenLength > 4000 ? ` The token is also long (${v.tokenLength} characters); tokens over about 4,096 characters have been reported to get the same reply even in the two-step form.` : ''} This is a defect in the product; nothing in Entra ID or Exchange changes it.`,
    remediation: () => ({
      steps: [
        'Report it to the product\'s vendor: POP3 XOAUTH2 must be sent as "AUTH XOAUTH2", then the initial response after the server\'s "+ " line (as in Microsoft\'s OAuth doc for POP), not on the AUTH line. Updating the product may already fix it.',
        'Meanwhile, use IMAP if the product offers it: Exchange\'s IMAP accepts the one-line form (SASL-IR).',
      ],
      powershell: [],
    }),
  },
  'client.token-not-refreshed': {
    title: 'The product keeps using an expired token instead of getting a new one',
    severity: 'error',
    docs: [DOC.accessTokens, DOC.clientCreds],
    explain: (v) =>
      `The product went on using its token after it expired${v.expiredAt ? ` (at ${v.expiredAt})` : ''}${v.serverReply ? `; the server answered "${v.serverReply}"` : ''}. App-only tokens live 60 to 90 minutes (Entra ID picks the lifetime; expires_in in the token response says how long), and IMAP ends a session with "* BYE Session invalidated - AccessTokenExpired" when it runs out. The product must request a new token before expiry and log in again; nothing in the tenant is wrong.`,
    remediation: () => ({
      steps: [
        'Report it to the product\'s vendor: request a new token before the current one expires (MSAL\'s acquireToken calls do this when called before each login) and reconnect when a session is invalidated.',
        'Check for a token cache or lifetime setting in the product and keep it below the expires_in of the token response.',
        'As a stopgap, restart the product\'s mail service so it fetches a fresh token.',
      ],
      powershell: [],
    }),
  },
  'check.unexplained-failure': {
    title: 'A check failed for a reason no known cause explains',
    severity: 'error',
    docs: [DOC.exoOauth, DOC.aadsts],
    explain: (v) =>
      `${v.unexplainedChecks && v.unexplainedChecks.length > 0 ? `The check${v.unexplainedChecks.length > 1 ? 's' : ''} ${v.unexplainedChecks.join(', ')}` : 'A check'} failed, and no cause in o365doctor's catalogue explains it. What it saw: ${v.serverReply ? `"${v.serverReply}"` : 'see the evidence of the check in the report'}. Nothing here says which setting is wrong, so no change to the tenant is suggested.`,
    remediation: (v) => ({
      steps: [
        `Run the check again with --verbose to see the whole exchange${v.host ? ` with ${show(v.host, 'the server')}` : ''}.`,
        'Send the report (o365doctor check --format json) to the o365doctor maintainers; it holds no secrets.',
        'Search the server\'s exact reply in Microsoft\'s documentation; an AADSTS code can be looked up at https://login.microsoftonline.com/error.',
      ],
      powershell: [],
    }),
  },
} satisfies Partial<Record<CauseId, CatalogueEntry>>
