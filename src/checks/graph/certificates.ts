// graph.certificates: the certificate the product signs with is registered on the app (keyCredentials) and does
// not expire within the warning window (the same window as secrets). Other certificates are listed only.
import {buildCause} from '../../diagnosis/catalogue.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from '../config/fix-values.js'
import {presentedCredential} from '../token/acquire.js'
import {graphFacts} from './facts.js'

const DAY_MS = 86_400_000

/** customKeyIdentifier (standard base64 of the SHA-1 bytes) as the portal's hex thumbprint; undefined if not 20 bytes. */
export function thumbprintOfKeyIdentifier(customKeyIdentifier: string | null | undefined): string | undefined {
  if (!customKeyIdentifier) return undefined
  const bytes = Buffer.from(customKeyIdentifier, 'base64')
  return bytes.length === 20 ? bytes.toString('hex').toUpperCase() : undefined
}

export const graphCertificates: Check = {
  id: 'graph.certificates',
  title: 'Client certificate is registered and not about to expire',
  needs: ['graph.access'],
  applies: ({settings}) => settings.certificate !== undefined,
  async run(ctx) {
    const {settings, options} = ctx
    const app = graphFacts(ctx)?.application
    if (!app?.keyCredentials) return {status: 'warn', summary: 'not checked: the app registration could not be read (Application.Read.All would allow it)'}
    const mine = presentedCredential(ctx)
    const thumbprint = mine?.ok ? mine.certificate?.thumbprintSha1 : undefined
    const now = options.now().getTime()
    const certificates = app.keyCredentials.filter((k) => (k.usage ?? 'Verify') === 'Verify').map((k) => ({
      keyId: k.keyId, displayName: k.displayName ?? undefined, thumbprint: thumbprintOfKeyIdentifier(k.customKeyIdentifier),
      endDateTime: k.endDateTime ?? undefined,
      daysLeft: k.endDateTime ? Math.floor((Date.parse(k.endDateTime) - now) / DAY_MS) : undefined,
    }))
    const inUse = certificates.find((c) => c.thumbprint !== undefined && c.thumbprint === thumbprint)
    const evidence = {thumbprintSha1: thumbprint, certificates, warningDays: options.secretWarningDays}
    if (!inUse) {
      // The token was issued, so Entra ID accepted the certificate some other way (subject name/issuer trust).
      return {status: 'pass', summary: `the certificate ${thumbprint ?? ''} is not among the ${certificates.length} registered; Entra ID accepted it anyway (subject name / issuer trust?)`, evidence}
    }
    if (inUse.daysLeft !== undefined && inUse.daysLeft <= options.secretWarningDays) {
      return {
        status: 'warn', summary: `the certificate in use expires in ${inUse.daysLeft} days (${inUse.endDateTime})`, evidence,
        causes: [buildCause('graph.certificate-expiring', {
          confidence: 'certain', summary: `The client certificate expires in Entra ID in ${inUse.daysLeft} days, on ${inUse.endDateTime?.slice(0, 10)}`,
          evidence, checks: ['graph.certificates'],
        }, {
          ...fixValuesFromSettings(settings), appDisplayName: app.displayName, thumbprintSha1: thumbprint,
          thumbprintSha256: mine?.ok ? mine.certificate?.thumbprintSha256 : undefined, certificateExpires: inUse.endDateTime,
          registeredThumbprints: certificates.flatMap((c) => (c.thumbprint ? [c.thumbprint] : [])),
        })],
      }
    }
    return {status: 'pass', summary: `the certificate in use (${thumbprint}) is registered; expires in ${inUse.daysLeft ?? '?'} days`, evidence}
  },
}
