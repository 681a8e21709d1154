// Catalogue entries for the app's credentials other than a plain client secret: client certificates (the signed
// client assertion), federated identity credentials, and a secret whose characters products tend to mangle.
// Facts: microsoft-behaviour.md §8.1 (certificates) and §8.2 (federation).

import type {CatalogueEntry, FixValues} from '../catalogue.js'
import type {CauseId} from '../../core/cause-ids.js'
import type {Remediation} from '../../core/cause.js'
import {appIdFilter, connectGraph, psArg, psQuote, show} from '../powershell.js'
import {appName, DOC, endpoints, ids, tenantOf, withCode} from './common.js'

/** The audience Entra ID recommends for every federated identity credential. */
const FIC_AUDIENCE = 'api://AzureADTokenExchange'

/** "certificate with thumbprint X (SHA-256 Y)", or a neutral phrase when neither is known. */
function certificateName(v: FixValues): string {
  if (!v.thumbprintSha1 && !v.thumbprintSha256) return 'the certificate'
  const parts = [v.thumbprintSha1 ? `thumbprint ${v.thumbprintSha1}` : undefined, v.thumbprintSha256 ? `SHA-256 ${v.thumbprintSha256}` : undefined]
  return `the certificate (${parts.filter(Boolean).join(', ')})`
}

function portalCertificates(v: FixValues): string {
  return `Microsoft Entra admin center > App registrations > ${appName(v)} > Certificates & secrets > Certificates`
}

/** Graph PowerShell: the app with its keyCredentials (a single-object read returns the keys themselves too). */
function loadApp(v: FixValues): string[] {
  return [
    connectGraph(v.cloud, tenantOf(v), ['Application.ReadWrite.All']),
    `$app = Get-MgApplication -ApplicationId (Get-MgApplication -Filter ${appIdFilter(v.clientId)}).Id -Property 'id,keyCredentials'`,
  ]
}

/** Lists the registered certificates with their SHA-1 thumbprints (customKeyIdentifier holds the raw 20 bytes). */
const LIST_KEYS =
  "$app.KeyCredentials | Select-Object 'DisplayName','StartDateTime','EndDateTime',@{n = 'Thumbprint'; e = { [System.BitConverter]::ToString($_.CustomKeyIdentifier) -replace '-', '' }}"

/**
 * Adds `$cert` (public part only) to the app. Update-MgApplication replaces the whole list, so the keys to keep
 * are passed along: all of them, or only the unexpired ones.
 */
function uploadCert(keep: 'all' | 'unexpired'): string {
  const kept = keep === 'all' ? '@($app.KeyCredentials)' : '@($app.KeyCredentials | Where-Object EndDateTime -gt (Get-Date))'
  return `Update-MgApplication -ApplicationId $app.Id -KeyCredentials (${kept} + @(@{ type = 'AsymmetricX509Cert'; usage = 'Verify'; key = $cert.RawData; displayName = $cert.Subject }))`
}

/** A new self-signed certificate, uploaded, and exported with its key for the product (never printed). */
function newCertificate(v: FixValues, keep: 'all' | 'unexpired'): string[] {
  return [
    ...loadApp(v),
    `$cert = New-SelfSignedCertificate -Subject ${psQuote(`CN=${v.appDisplayName ?? 'mail'} (o365doctor)`)} -CertStoreLocation 'Cert:\\CurrentUser\\My' -KeyExportPolicy Exportable -KeySpec Signature -KeyAlgorithm RSA -KeyLength 2048 -HashAlgorithm SHA256 -NotAfter (Get-Date).AddMonths(12)`,
    uploadCert(keep),
    "Export-PfxCertificate -Cert $cert -FilePath 'mail-o365doctor.pfx' -Password (Read-Host -AsSecureString 'Password for the .pfx')   # for the product only; keep it private",
    '$cert.Thumbprint   # the SHA-1 thumbprint the product asks for',
  ]
}

function newCertificateFix(v: FixValues, why: string, keep: 'all' | 'unexpired'): Remediation {
  return {
    steps: [
      `Create a new certificate (${why}); the PowerShell below makes a self-signed one valid for 12 months, or use one from your own CA.`,
      `Upload only its public part (.cer, .crt or .pem without the key): ${portalCertificates(v)} > Upload certificate. Entra ID never needs the private key.`,
      'Give the product the certificate with its private key (the .pfx or PEM) and the new thumbprint, restart it, and check that mail works.',
      'Then delete the old certificate from the app, and put the new expiry date in a calendar.',
    ],
    powershell: newCertificate(v, keep),
  }
}

/** Differences between the presented federated token and the closest registered credential, in words. */
function federationDifferences(v: FixValues): string[] {
  const c = v.closestCredential
  if (!c) return []
  const out: string[] = []
  const differ = (what: string, presented: string | undefined, registered: string | undefined): void => {
    if (presented === undefined || registered === undefined || presented === registered) return
    const caseOnly = presented.toLowerCase() === registered.toLowerCase()
    out.push(`${what} "${registered}" ≠ presented "${presented}"${caseOnly ? ' (only the case differs; matching is case-sensitive)' : ''}`)
  }
  differ('issuer', v.federatedIssuer, c.issuer)
  differ('subject', v.federatedSubject, c.subject)
  if (v.federatedAudience !== undefined && c.audiences && !c.audiences.includes(v.federatedAudience)) {
    out.push(`audience ${c.audiences.map((a) => `"${a}"`).join(', ')} ≠ presented "${v.federatedAudience}"`)
  }
  return out
}

const HAZARD_EFFECT: Record<string, string> = {
  '#': 'starts a comment in .env files and shells, cutting the rest off',
  $: 'starts a variable in shells, in .env files that expand variables and in PowerShell double quotes',
  '!': 'triggers history expansion in interactive bash',
  '%': 'starts an escape in URL/form encoding and a variable in Windows batch files',
  '+': 'means a space in form encoding',
  '&': 'separates fields in form encoding and ends a command in shells',
  '"': 'ends a double-quoted value',
  "'": 'ends a single-quoted value',
  '`': 'is the escape character in PowerShell and starts a command in POSIX shells',
  '\\': 'is an escape character in .env files, JSON and shells',
}

function hazardList(v: FixValues): string {
  const names = v.secretHazards ?? []
  if (names.length === 0) return 'characters that are often mangled (such as #, $, !, %, +, &, quotes or spaces at either end)'
  return names.map((n) => (HAZARD_EFFECT[n] ? `"${n}" (${HAZARD_EFFECT[n]})` : `${n}`)).join(', ')
}

export const CREDENTIAL_CAUSES = {
  'config.client-certificate': {
    title: 'The configured client certificate cannot be used as it is',
    severity: 'error',
    docs: [DOC.certCredentials, DOC.credentials],
    explain: (v) =>
      `The client certificate ${show(v.certificatePath, 'configured')} ${v.certificateProblem ?? 'cannot be used: it is unreadable, its password is wrong, it has no private key, the key does not belong to the certificate, or it has expired'}${v.certificateExpires ? ` (its expiry: ${v.certificateExpires})` : ''}. The product signs its token request (the client assertion) with the private key and names ${certificateName(v)} by its thumbprint, so without a matching, valid key pair no token can be requested.`,
    remediation: (v) => {
      const fix = newCertificateFix(v, 'if the key is lost or the certificate expired', 'unexpired')
      return {
        steps: [
          `Give the product one file with both the certificate and its private key (PEM with CERTIFICATE and PRIVATE KEY blocks, or a .pfx and its password). "openssl x509 -in ${show(v.certificatePath, 'file')} -noout -subject -enddate -fingerprint -sha1" shows the certificate without printing the key.`,
          ...fix.steps,
        ],
        powershell: fix.powershell,
      }
    },
  },
  'config.secret-encoding-hazard': {
    title: 'The client secret holds characters that products and config files often mangle',
    severity: 'warning',
    docs: [DOC.credentials, DOC.clientCreds],
    explain: (v) =>
      `The client secret contains ${hazardList(v)}. Entra ID accepts it as it is; the risk is that the product receives something else, because a .env file, shell, config parser or form encoder changed it, and then the token request fails with AADSTS7000215 (invalid client secret). The secret itself is not shown here.`,
    remediation: () => ({
      steps: [
        ".env file: put the value in single quotes (CLIENT_SECRET='…'); most .env parsers then take it literally, including # and $.",
        "POSIX shell (bash, sh): single quotes; a single quote inside is written '\\'' .",
        "PowerShell: single quotes; a single quote inside is doubled ('').",
        'URL or form encoding (a hand-built token request body): percent-encode the value: % → %25, + → %2B, & → %26, # → %23, space → %20. HTTP libraries do this when given the value as a form field.',
        'Check that no spaces or line breaks were copied at either end. If the product cannot quote at all, create a new client secret until one without these characters comes up.',
      ],
      powershell: [],
    }),
  },
  'token.certificate-not-registered': {
    title: "The certificate the product signs with is not one of the app's certificates",
    severity: 'error',
    docs: [DOC.certCredentials, DOC.keyCredential, DOC.aadsts],
    explain: (v) =>
      `${withCode(v, 'AADSTS700027')}: Entra ID did not find ${certificateName(v)} among the certificates of app ${appName(v)}${v.registeredThumbprints && v.registeredThumbprints.length > 0 ? ` (registered: ${v.registeredThumbprints.join(', ')})` : ''}, or the signature did not verify with it. Entra ID identifies the key only by the thumbprint in the assertion header: a certificate never uploaded or uploaded to another app, a wrongly encoded x5t#S256 thumbprint, or a private key that belongs to another certificate all give this error.${ids(v)}`,
    remediation: (v) => ({
      steps: [
        `Compare the product's thumbprint${v.thumbprintSha1 ? ` (${v.thumbprintSha1})` : ''} with the Thumbprint column under ${portalCertificates(v)}.`,
        `Not listed: upload the public part of the product's certificate there (Upload certificate), never its private key${v.certificatePath ? ` — "${/\.(pfx|p12)$/i.test(v.certificatePath) ? `openssl pkcs12 -in ${v.certificatePath} -nokeys -clcerts -out mailer.cer` : `openssl x509 -in ${v.certificatePath} -out mailer.cer`}" writes only the certificate` : ''}.`,
        'Listed: the product\'s private key does not belong to that certificate, or the product encodes the thumbprint wrongly; configure the matching key pair, or update the product.',
      ],
      powershell: [
        ...loadApp(v),
        LIST_KEYS,
        `$cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new(${psArg(v.publicCertificatePath, 'path to the public certificate (.cer), no private key')})`,
        `$cert.Thumbprint   # must be ${v.thumbprintSha1 ?? "the product's thumbprint"}`,
        uploadCert('all'),
      ],
    }),
  },
  'token.certificate-expired': {
    title: "The app's registered certificate has expired",
    severity: 'error',
    docs: [DOC.certCredentials, DOC.keyCredential, DOC.updateMgApplication],
    explain: (v) =>
      `${withCode(v, 'AADSTS700027')} "The key used is expired": ${certificateName(v)} registered on app ${appName(v)} expired${v.certificateExpires ? ` on ${v.certificateExpires}` : ''}, so Entra ID no longer accepts assertions signed with it. A new certificate has to be made and uploaded; the old one cannot be extended.${ids(v)}`,
    remediation: (v) => newCertificateFix(v, 'the expired one cannot be renewed in place', 'unexpired'),
  },
  'token.assertion-invalid': {
    title: "The client assertion's time window, issuer/subject or audience is wrong",
    severity: 'error',
    docs: [DOC.certCredentials, DOC.aadsts],
    explain: (v) => {
      const code = v.aadstsCode?.replace(/^AADSTS/i, '')
      const tokenUrl = `https://${endpoints(v).authorityHost}/${show(tenantOf(v), 'tenant ID')}/oauth2/v2.0/token`
      const clock =
        v.clockOffsetSeconds !== undefined && v.clockOffsetSeconds !== 0
          ? ` The product's clock is ${Math.abs(v.clockOffsetSeconds)} seconds ${v.clockOffsetSeconds > 0 ? 'ahead of' : 'behind'} Entra ID's.`
          : ''
      const why: Record<string, string> = {
        '700024': `the assertion is not within its valid time range (nbf to exp): the product's clock is off, or a federated token it forwards has expired.${clock}`,
        '700021': `the assertion's iss/sub is not the client ID ${show(v.clientId, 'client ID')}.`,
        '50048': 'the assertion\'s sub differs from its iss; both must be the client ID.',
        '700023': `the assertion's aud is not the token endpoint called; it must be exactly ${tokenUrl}, as one string.`,
        '50027': 'the assertion is not a well-formed JWT (an aud given as an array is a known case).',
      }
      const detail =
        (code && why[code]) ??
        `one of its checks failed: time window (nbf/exp and the product's clock), iss and sub (both the client ID), or aud (exactly ${tokenUrl}).${clock}`
      return `${withCode(v, 'Entra ID refused the client assertion')}: ${detail} The assertion is the JWT the product signs with its certificate; Entra ID checks these claims before it looks at permissions.${ids(v)}`
    },
    remediation: (v) => ({
      steps: [
        "Synchronise the product server's clock with NTP (Windows: w32tm /resync; Linux: chrony or systemd-timesyncd).",
        `Check the assertion the product builds: iss = sub = ${show(v.clientId, 'client ID')}; aud = https://${endpoints(v).authorityHost}/${show(tenantOf(v), 'tenant ID')}/oauth2/v2.0/token as one string; nbf = now, exp 5 to 10 minutes later.`,
        'For a federated assertion (a token from GitHub, Kubernetes or another identity provider), make the product fetch a fresh one for every request instead of reusing an old one.',
        'If the product builds the assertion through MSAL or Azure Identity, update the library; hand-built assertions are the usual source of these errors.',
      ],
      powershell: ['w32tm /stripchart /computer:time.windows.com /samples:3 /dataonly   # the offset of this machine\'s clock (Windows)'],
    }),
  },
  'token.federation-mismatch': {
    title: "No federated identity credential matches the presented token's issuer, subject or audience",
    severity: 'error',
    docs: [DOC.workloadFederation, DOC.federationTrust, DOC.federationConsiderations],
    explain: (v) => {
      const diffs = federationDifferences(v)
      const closest = v.closestCredential
      const closestText = closest
        ? ` The closest registered credential${closest.name ? ` "${closest.name}"` : ''} differs in: ${diffs.length > 0 ? diffs.join('; ') : 'nothing visible here (it may still be propagating; retry in a few minutes)'}.`
        : ''
      return `${withCode(v, 'AADSTS70021')}: app ${appName(v)} has no federated identity credential matching the presented token: issuer "${show(v.federatedIssuer, 'issuer')}", subject "${show(v.federatedSubject, 'subject')}", audience "${show(v.federatedAudience, 'audience')}".${closestText} Entra ID compares all three exactly and case-sensitively (AADSTS7002138 when only the case differs); a trailing slash on the issuer or another branch or environment in the subject is enough to miss.${ids(v)}`
    },
    remediation: (v) => {
      const audience = v.federatedAudience ?? FIC_AUDIENCE
      return {
        steps: [
          `${portalCertificates(v).replace(/Certificates$/, 'Federated credentials')} > Add credential (or edit the closest one): Issuer exactly ${show(v.federatedIssuer, 'issuer of the presented token')}, Subject identifier exactly ${show(v.federatedSubject, 'subject of the presented token')}, Audience ${audience}.`,
          `Entra ID recommends the audience ${FIC_AUDIENCE}; if the workload requests another one, prefer changing the workload's audience and the credential together.`,
          'A new or changed credential can take a few minutes to apply; retry before digging further.',
        ],
        powershell: [
          connectGraph(v.cloud, tenantOf(v), ['Application.ReadWrite.All']),
          `$app = Get-MgApplication -Filter ${appIdFilter(v.clientId)}`,
          "Get-MgApplicationFederatedIdentityCredential -ApplicationId $app.Id | Format-List 'Name','Issuer','Subject','Audiences'",
          `New-MgApplicationFederatedIdentityCredential -ApplicationId $app.Id -Name 'mail-o365doctor' -Issuer ${psArg(v.federatedIssuer, 'issuer of the presented token')} -Subject ${psArg(v.federatedSubject, 'subject of the presented token')} -Audiences @(${psQuote(audience)})`,
        ],
      }
    },
  },
  'graph.certificate-expiring': {
    title: 'A certificate of the app expires soon',
    severity: 'warning',
    docs: [DOC.certCredentials, DOC.keyCredential, DOC.updateMgApplication],
    explain: (v) =>
      `${certificateName(v).replace(/^the/, 'The')} of app ${appName(v)} expires ${v.certificateExpires ? `on ${v.certificateExpires}` : 'soon'}. From then on Entra ID refuses the product's token requests with AADSTS700027 "The key used is expired" and mail stops; add a new certificate before that day.`,
    remediation: (v) => newCertificateFix(v, 'before the current one expires', 'all'),
  },
} satisfies Partial<Record<CauseId, CatalogueEntry>>
