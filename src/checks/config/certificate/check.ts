// config.certificate: the client certificate the product is configured with can sign a client assertion:
// readable, the password right, a private key that belongs to the certificate, not expired. Shows both
// thumbprints exactly as the Entra portal lists them, so the engineer can compare with "Certificates & secrets".
import {buildCause} from '../../../diagnosis/catalogue.js'
import type {Check} from '../../check.js'
import {fixValuesFromSettings} from '../fix-values.js'
import {outcomeFromCauses} from '../outcome.js'
import {loadClientCertificate, thumbprints} from './load.js'

export const configCertificate: Check = {
  id: 'config.certificate',
  title: 'Client certificate can sign the token request',
  applies: ({settings}) => settings.certificate !== undefined,
  async run({settings, options}) {
    const file = settings.certificate!.file
    const result = loadClientCertificate(file, settings.certificate!.password)
    const now = options.now()
    let problem: string | undefined
    let evidence: Record<string, unknown> = {file}
    if (result.ok) {
      const c = result.loaded
      evidence = {
        file, format: c.format, subject: c.subject, thumbprintSha1: c.thumbprintSha1, thumbprintSha256: c.thumbprintSha256,
        notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString(), keyType: c.keyType,
      }
      if (c.notAfter.getTime() <= now.getTime()) problem = `expired on ${c.notAfter.toISOString()}`
      else if (c.notBefore.getTime() > now.getTime()) problem = `is not valid before ${c.notBefore.toISOString()}`
      if (!problem) {
        const days = Math.floor((c.notAfter.getTime() - now.getTime()) / 86_400_000)
        return {
          status: 'pass',
          summary: `${c.subject}: thumbprint ${c.thumbprintSha1} (SHA-256 ${c.thumbprintSha256}), valid until ${c.notAfter.toISOString().slice(0, 10)} (${days} days), private key matches`,
          evidence,
        }
      }
    } else {
      problem = result.problem
      if (result.certificate) {
        const t = thumbprints(result.certificate)
        evidence = {file, subject: result.certificate.subject.replace(/\n/g, ', '), thumbprintSha1: t.sha1, thumbprintSha256: t.sha256, notAfter: new Date(result.certificate.validTo).toISOString()}
      }
    }
    return outcomeFromCauses([buildCause('config.client-certificate', {
      confidence: 'certain',
      summary: `The client certificate ${file} ${problem}`,
      evidence,
      checks: ['config.certificate'],
    }, {
      ...fixValuesFromSettings(settings), certificatePath: file, certificateProblem: problem,
      thumbprintSha1: evidence.thumbprintSha1 as string | undefined, thumbprintSha256: evidence.thumbprintSha256 as string | undefined,
      certificateExpires: evidence.notAfter as string | undefined,
    })], '', evidence)
  },
}
