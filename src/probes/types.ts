// What a protocol probe reports: the server's own words, the stage it failed at, and a redacted transcript.
// Probes never decide causes; the diagnosis does, from these facts (so `explain` and `check` agree).
import type {TranscriptLine} from '../core/check.js'
import type {Protocol} from '../core/protocol.js'

/** Where in the conversation a probe stopped. */
export type ProbeStage =
  | 'dns' // the name did not resolve
  | 'connect' // TCP refused, unreachable or timed out
  | 'tls' // TLS handshake or certificate failure (incl. TLS mode mismatch)
  | 'greeting' // no or unexpected banner
  | 'starttls' // STARTTLS not offered or refused
  | 'capability' // XOAUTH2 not offered
  | 'auth' // the XOAUTH2 login was refused
  | 'mailbox' // logged in, but a mailbox command failed (IMAP "authenticated but not connected")
  | 'send' // MAIL FROM / RCPT / DATA refused (SendAsDenied etc.)

export interface ProbeError {
  stage: ProbeStage
  /** Library or system code: ENOTFOUND, ECONNREFUSED, ETIMEDOUT, EAUTH, ERR_SSL_WRONG_VERSION_NUMBER… */
  code?: string
  /** Numeric server reply code where the protocol has one (SMTP 535, …). */
  responseCode?: number
  /** The server's own reply line(s), exactly as received (never contains a secret: servers do not echo them). */
  serverText?: string
  /** The command that got the reply (redacted), e.g. `AUTH XOAUTH2`. */
  command?: string
  /** A one-line description for people. */
  message: string
  /** True when the failure is a TLS mode mismatch (plaintext where TLS was expected, or the reverse). */
  tlsModeMismatch?: boolean
  /**
   * A SASL error challenge the server sent before its final reply (`334 <b64>` / `+ <b64>`, as Dovecot, Postfix
   * and Google do; Exchange does not), decoded: usually JSON like {status:'401', schemes:'bearer', scope:'mail'}.
   */
  challenge?: Record<string, unknown> | string
}

export interface TlsFacts {
  protocol?: string // TLSv1.2, TLSv1.3
  cipher?: string
  authorized: boolean
  authorizationError?: string
  subject?: string
  issuer?: string
  validTo?: string
}

export interface ProbeResult {
  protocol: Protocol
  host: string
  port: number
  ok: boolean
  durationMs: number
  /** Present when ok is false. */
  error?: ProbeError
  greeting?: string
  capabilities?: string[]
  tls?: TlsFacts
  /** True when the server offered STARTTLS (SMTP). */
  starttlsOffered?: boolean
  /** SMTP with --send-test: the message was accepted (proves Send As). */
  sent?: boolean
  transcript: TranscriptLine[]
}
