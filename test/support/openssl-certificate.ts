// A client certificate made as an admin makes it, by the real openssl: a self-signed RSA-2048 certificate and key,
// exported as a PFX the Windows way (legacy 3DES/RC2) and the modern way (AES-256). For tests that need a
// third party's certificate rather than our own scenario files.
import {execFileSync} from 'node:child_process'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
})()

export interface OpensslCertificate {
  /** The new temporary folder holding every file below. */
  dir: string
  /** Names inside `dir`: the certificate (PEM), its unencrypted key (PEM), and the two PFX exports. */
  cert: 'cert.pem'
  key: 'key.pem'
  legacyPfx: 'legacy.pfx'
  aesPfx: 'aes.pfx'
  /** Runs openssl in `dir` (for further exports a test needs). */
  openssl(...args: string[]): void
}

export function makeOpensslCertificate(options: {subject: string; days: number; password: string}): OpensslCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'o365d-openssl-'))
  const openssl = (...args: string[]) => {
    execFileSync('openssl', args, {cwd: dir, stdio: 'ignore'})
  }
  const made: OpensslCertificate = {dir, cert: 'cert.pem', key: 'key.pem', legacyPfx: 'legacy.pfx', aesPfx: 'aes.pfx', openssl}
  const pass = `pass:${options.password}`
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-keyout', made.key, '-out', made.cert, '-days', String(options.days), '-nodes', '-subj', options.subject)
  openssl('pkcs12', '-export', '-in', made.cert, '-inkey', made.key, '-out', made.legacyPfx, '-passout', pass, '-legacy')
  openssl('pkcs12', '-export', '-in', made.cert, '-inkey', made.key, '-out', made.aesPfx, '-passout', pass, '-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC')
  return made
}
