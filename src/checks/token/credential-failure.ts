// Reads Entra's refusals of a client assertion (certificate, §8.1.7) or a federated token (§8.2.4) into a cause
// and the values its explanation needs. Pure: text in, decision out. Texts differ across years; the decision
// rests on the code and a few stable phrases, and every variant without a known phrase falls back to its code.
import type {CauseId} from '../../core/cause-ids.js'
import type {FixValues} from '../../diagnosis/catalogue.js'

export interface CredentialFailure {
  cause: CauseId
  /** One line for the check's summary. */
  summary: string
  values: Partial<FixValues>
  /** For token.federation-mismatch: which claim matched no credential, when the code says so. */
  field?: 'issuer' | 'subject' | 'audience'
  caseOnly?: boolean
}

const ASSERTION_CODES = new Set(['700024', '700021', '700023', '50027', '50048', '5002738', '5002730'])
const FEDERATION_FIELD: Record<string, CredentialFailure['field']> = {
  '700211': 'issuer', '700212': 'audience', '700213': 'subject', '7002138': 'subject',
}

/**
 * @param now our clock when Entra's reply arrived (700024 reveals Entra's; the difference is the clock offset)
 */
export function credentialFailureOf(aadsts: string | undefined, description: string, now: Date): CredentialFailure | undefined {
  if (!aadsts) return undefined
  // Legacy wrappers (AADSTS70002: … AADSTS50012: …) carry the real reason in the inner text.
  if (aadsts === '700027' || (['70002', '50012'].includes(aadsts) && /Client assertion contains an invalid signature/i.test(description))) {
    const thumbprint = description.match(/Thumbprint of key used by client: '([0-9A-Fa-f]{40}|[0-9A-Fa-f]{64})'/)?.[1]?.toUpperCase()
    const values: Partial<FixValues> = thumbprint ? (thumbprint.length === 40 ? {thumbprintSha1: thumbprint} : {thumbprintSha256: thumbprint}) : {}
    if (/The key used is expired/i.test(description)) {
      const end = description.match(/Found key 'Start=[^,']{1,40}, End=([^,']{1,40})/)?.[1]
      const expires = end ? usDate(end) : undefined
      return {cause: 'token.certificate-expired', summary: `the app's certificate has expired in Entra ID${expires ? ` (${expires})` : ''}`, values: {...values, ...(expires ? {certificateExpires: expires} : {})}}
    }
    if (/Key was found, but use of the key to verify the signature failed|did not match the expected signature/i.test(description)) {
      return {cause: 'token.certificate-not-registered', summary: 'the certificate is registered, but the signature does not verify: the private key does not match it', values: {...values, certificateProblem: 'key does not match'}}
    }
    return {cause: 'token.certificate-not-registered', summary: 'the certificate the assertion names is not registered on the app', values}
  }
  if (ASSERTION_CODES.has(aadsts) || (['70002', '50012'].includes(aadsts) && /Client assertion/i.test(description))) {
    const values: Partial<FixValues> = {}
    const current = description.match(/Current time: (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,7})?Z)/)?.[1]
    let summary = 'the client assertion was refused'
    if (current) {
      const offset = Math.round((now.getTime() - Date.parse(current)) / 1000)
      values.clockOffsetSeconds = Math.abs(offset) < 5 ? 0 : offset
      summary = `the client assertion is outside its valid time range${values.clockOffsetSeconds ? `; this machine's clock is ${Math.abs(offset)} s ${offset > 0 ? 'ahead of' : 'behind'} Entra ID's` : ''}`
    } else if (aadsts === '700024') {
      summary = 'the client assertion is outside its valid time range'
    }
    return {cause: 'token.assertion-invalid', summary, values}
  }
  if (aadsts === '70021' || FEDERATION_FIELD[aadsts]) {
    const field = FEDERATION_FIELD[aadsts]
    const caseOnly = aadsts === '7002138' || /matches with case-insensitive comparison/i.test(description)
    // 70021 (older) names all three presented claims; the newer codes name one.
    const presented: Partial<FixValues> = {}
    const older = (label: string) => description.match(new RegExp(`Assertion ${label}: '([^']{0,600})'`))?.[1]
    const one = description.match(/presented assertion (issuer|subject|audience) '([^']{0,600})'/)
    if (older('Issuer') !== undefined) presented.federatedIssuer = older('Issuer')
    if (older('Subject') !== undefined) presented.federatedSubject = older('Subject')
    if (older('Audience') !== undefined) presented.federatedAudience = older('Audience')
    if (one) presented[one[1] === 'issuer' ? 'federatedIssuer' : one[1] === 'subject' ? 'federatedSubject' : 'federatedAudience'] = one[2]
    const what = field ? `its ${field}${caseOnly ? ' (differs only in case; matching is case-sensitive)' : ''}` : 'its issuer, subject or audience'
    return {cause: 'token.federation-mismatch', summary: `no federated identity credential of the app matches the presented token: ${what}`, values: presented, field, caseOnly}
  }
  return undefined
}

/** Entra's key dates ("06/29/2023 21:13:15", US order, UTC) as ISO. */
function usDate(text: string): string | undefined {
  const m = text.trim().match(/^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d\d):(\d\d)$/)
  if (!m) return undefined
  return new Date(Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]))).toISOString()
}

export interface RegisteredFederatedCredential {
  name?: string
  issuer?: string
  subject?: string
  audiences?: string[]
}

/**
 * The registered credential closest to the presented claims: most fields equal, then the smallest edit distance
 * of the subject (case-folded first, so a case-only difference wins). Bounded: fields are ≤600 characters.
 */
export function closestFederatedCredential(presented: {issuer?: string; subject?: string; audience?: string}, registered: RegisteredFederatedCredential[]): RegisteredFederatedCredential | undefined {
  let best: {c: RegisteredFederatedCredential; score: number} | undefined
  for (const c of registered) {
    let score = 0
    if (c.issuer === presented.issuer) score += 3000
    if (presented.audience !== undefined && c.audiences?.includes(presented.audience)) score += 2000
    if (c.subject === presented.subject) score += 1000
    else if (c.subject && presented.subject) {
      score += c.subject.toLowerCase() === presented.subject.toLowerCase() ? 900 : Math.max(0, 800 - distance(c.subject.slice(0, 600), presented.subject.slice(0, 600)))
    }
    if (!best || score > best.score) best = {c, score}
  }
  return best?.c
}

/** Levenshtein distance, O(n·m) on bounded strings. */
function distance(a: string, b: string): number {
  let prev = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    prev = cur
  }
  return prev[b.length]!
}
