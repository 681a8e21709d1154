// `decode`: a JWT access token or an XOAUTH2 string (base64, with or without `AUTH XOAUTH2 `) in; its format
// problems, claims and the claims.* causes out. No signature check (Exchange tokens carry a header nonce that
// makes them unverifiable by anyone but Exchange anyway). Never echoes the token: 8 characters and "…" at most.

import {InvalidTokenError, jwtDecode, type JwtHeader} from 'jwt-decode'
import type {Cause} from '../core/cause.js'
import {preview} from '../core/redact.js'
import {judgeClaims, type ClaimsExpectations, type TokenClaims} from './judge-claims.js'
import {decodeXoauth2Base64, parseXoauth2} from './xoauth2.js'

export interface DecodeResult {
  kind: 'jwt' | 'xoauth2' | 'unknown'
  /** The first characters of what was given. */
  inputPreview: string
  xoauth2?: {user?: string; wellFormed: boolean}
  tokenPreview?: string
  /** JOSE header without anything secret (there is nothing secret in it; the signature is never shown). */
  header?: Record<string, unknown>
  claims?: TokenClaims
  /** Token-level format problems (not a JWT, cannot be decoded). */
  problems: string[]
  notes: string[]
  causes: Cause[]
  expiresAt?: string
  verdict: 'pass' | 'warn' | 'fail'
}

const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/

function verdictOf(causes: Cause[], problems: string[]): DecodeResult['verdict'] {
  if (problems.length > 0 || causes.some((c) => c.severity === 'error')) return 'fail'
  return causes.some((c) => c.severity === 'warning') ? 'warn' : 'pass'
}

function decodeJwt(token: string, result: DecodeResult, expect: ClaimsExpectations): void {
  result.tokenPreview = preview(token)
  if (!JWT_SHAPE.test(token)) {
    result.problems.push(
      token.split('.').length === 5
        ? 'This is an encrypted token (JWE, five parts); Exchange access tokens are signed JWTs with three parts.'
        : 'The token is not a JWT (three base64url parts separated by dots, starting "eyJ"). It may be truncated, or be a client secret or an ID rather than a token.',
    )
    return
  }
  try {
    result.header = {...jwtDecode<JwtHeader & Record<string, unknown>>(token, {header: true})}
    result.claims = jwtDecode<TokenClaims>(token)
  } catch (e) {
    result.problems.push(`The token cannot be decoded: ${e instanceof InvalidTokenError ? e.message.replace(/: .*$/, '') : 'invalid JSON'}.`)
    return
  }
  const j = judgeClaims(result.claims, expect)
  result.notes.push(...j.notes)
  result.causes.push(...j.causes)
  if (j.expiresAt) result.expiresAt = j.expiresAt
}

/** Decode and judge a token or XOAUTH2 string. */
export function decodeInput(raw: string, expect: ClaimsExpectations = {}): DecodeResult {
  const input = raw.trim().replace(/^(?:Authorization:\s*)?Bearer\s+/i, '')
  const result: DecodeResult = {kind: 'unknown', inputPreview: preview(input), problems: [], notes: [], causes: [], verdict: 'pass'}

  if (input.startsWith('eyJ')) {
    result.kind = 'jwt'
    decodeJwt(input, result, expect)
  } else {
    const decoded = decodeXoauth2Base64(input) ?? (/user=|auth=/i.test(input) ? input : undefined)
    if (decoded === undefined) {
      result.problems.push('This is neither a JWT access token (starts "eyJ") nor an XOAUTH2 string (base64 of "user=…^Aauth=Bearer …^A^A").')
    } else {
      result.kind = 'xoauth2'
      const parts = parseXoauth2(decoded)
      result.xoauth2 = {wellFormed: parts.problems.length === 0}
      if (parts.user !== undefined) result.xoauth2.user = parts.user
      result.problems.push(...parts.problems.map((p) => `XOAUTH2: ${p}`))
      if (decoded === input) result.problems.push('The XOAUTH2 string must be sent base64-encoded; this one is plain text.')
      const mailbox = expect.mailbox ?? parts.user
      if (parts.token) decodeJwt(parts.token, result, {...expect, mailbox})
    }
  }
  result.verdict = verdictOf(result.causes, result.problems)
  return result
}
