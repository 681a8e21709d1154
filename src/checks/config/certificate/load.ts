// Loads the product's client certificate as the product would: a PEM file with the certificate and its private key
// (optionally encrypted), or a PFX/P12 (Windows exports it with legacy 3DES/RC2 or with AES-256). Never throws:
// what is wrong comes back in words for config.client-certificate. The private key leaves only as a Secret.
import {createHash, createPrivateKey, createPublicKey, X509Certificate, type KeyObject} from 'node:crypto'
import {closeSync, openSync, readSync, statSync} from 'node:fs'
import forge from 'node-forge'
import {Secret} from '../../../core/secret.js'

/** A certificate file is a few KB; anything far larger is not one. */
const MAX_BYTES = 1024 * 1024

export interface LoadedCertificate {
  format: 'pem' | 'pfx'
  /** The leaf certificate (the one the private key belongs to). */
  certificate: X509Certificate
  /** Every certificate in the file, leaf first, as PEM (msal-node's x5c input). */
  chainPem: string
  /** PKCS#8 PEM of the private key. */
  privateKey: Secret
  /** As the Entra portal shows them: uppercase hex, no separators. */
  thumbprintSha1: string
  thumbprintSha256: string
  notBefore: Date
  notAfter: Date
  subject: string
  keyType: string
}

export type CertificateLoad =
  | {ok: true; loaded: LoadedCertificate}
  /** `problem` completes "The client certificate <file> …"; the thumbprints are there when a certificate was read. */
  | {ok: false; problem: string; certificate?: X509Certificate}

export function thumbprints(certificate: X509Certificate): {sha1: string; sha256: string} {
  return {
    sha1: createHash('sha1').update(certificate.raw).digest('hex').toUpperCase(),
    sha256: createHash('sha256').update(certificate.raw).digest('hex').toUpperCase(),
  }
}

export function loadClientCertificate(file: string, password?: Secret): CertificateLoad {
  let bytes: Buffer
  try {
    bytes = readBounded(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)'
      : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EFBIG' ? `is larger than ${MAX_BYTES / 1024} KB; it is not a certificate file` : `cannot be read (${code ?? 'error'})`
    return {ok: false, problem: why}
  }
  const text = bytes.toString('latin1')
  if (text.includes('-----BEGIN ')) return loadPem(text, password)
  if (bytes[0] === 0x30) return loadPfx(bytes, password)
  return {ok: false, problem: 'is neither PEM (-----BEGIN CERTIFICATE-----) nor PFX/P12'}
}

function readBounded(file: string): Buffer {
  const size = statSync(file).size
  if (size > MAX_BYTES) throw Object.assign(new Error('too large'), {code: 'EFBIG'})
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.alloc(size)
    let read = 0
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, null)
      if (n === 0) break
      read += n
    }
    return buffer.subarray(0, read)
  } finally {
    closeSync(fd)
  }
}

/** PEM blocks whose label matches, in order. Linear: a BEGIN without its END ends the scan (the rest is broken). */
function pemBlocks(text: string, labels: RegExp): string[] {
  const out: string[] = []
  let at = 0
  while (out.length < 64) {
    const begin = text.indexOf('-----BEGIN ', at)
    if (begin < 0) break
    const labelEnd = text.indexOf('-----', begin + 11)
    if (labelEnd < 0 || labelEnd - begin > 60) break
    const label = text.slice(begin + 11, labelEnd)
    const endMarker = `-----END ${label}-----`
    const end = text.indexOf(endMarker, labelEnd + 5)
    if (end < 0) break
    if (labels.test(label)) out.push(text.slice(begin, end + endMarker.length))
    at = end + endMarker.length
  }
  return out
}

function loadPem(text: string, password?: Secret): CertificateLoad {
  const certs: X509Certificate[] = []
  for (const block of pemBlocks(text, /^(X509 |TRUSTED )?CERTIFICATE$/)) {
    try {
      certs.push(new X509Certificate(block))
    } catch {
      return {ok: false, problem: 'holds a CERTIFICATE block that is not a valid X.509 certificate'}
    }
  }
  const keys = pemBlocks(text, /^(ENCRYPTED |RSA |EC )?PRIVATE KEY$/)
  if (certs.length === 0) {
    return {ok: false, problem: keys.length > 0 ? 'holds a private key but no certificate (-----BEGIN CERTIFICATE-----); put both in one file' : 'holds no PEM certificate'}
  }
  if (keys.length === 0) return {ok: false, problem: 'has no private key: it holds only the certificate (the public part you upload to Entra ID); the product needs the file with the key', certificate: certs[0]}
  let key: KeyObject
  try {
    key = createPrivateKey({key: keys[0]!, format: 'pem', passphrase: password?.reveal()})
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    const message = (error as Error).message
    const encrypted = /^-----BEGIN ENCRYPTED|Proc-Type: 4,ENCRYPTED/.test(keys[0]!)
    if (!password && (encrypted || code === 'ERR_MISSING_PASSPHRASE' || /passphrase/i.test(message))) {
      return {ok: false, problem: 'has an encrypted private key and no password was given (--certificate-password-stdin or AZURE_CLIENT_CERTIFICATE_PASSWORD)', certificate: certs[0]}
    }
    // A wrong password sometimes passes the padding check and fails later as garbage: for an encrypted key, any
    // failure with a password given means the password.
    if (password && (encrypted || /decrypt|bad|passphrase/i.test(`${code} ${message}`))) return {ok: false, problem: 'could not be decrypted: the password is wrong', certificate: certs[0]}
    return {ok: false, problem: 'has a private key that cannot be read (not a valid PEM key)', certificate: certs[0]}
  }
  return complete('pem', certs, key)
}

function loadPfx(bytes: Buffer, password?: Secret): CertificateLoad {
  let p12: forge.pkcs12.Pkcs12Pfx
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')))
    try {
      p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password?.reveal() ?? '')
    } catch (error) {
      const message = (error as Error).message
      if (/MAC could not be verified|Invalid password|decrypt/i.test(message)) {
        return {ok: false, problem: password ? 'could not be opened: the PFX password is wrong' : 'is a password-protected PFX and no password was given (--certificate-password-stdin or AZURE_CLIENT_CERTIFICATE_PASSWORD)'}
      }
      return {ok: false, problem: `is a PFX/P12 that cannot be read (${message.split('\n')[0]!.slice(0, 120)})`}
    }
  } catch {
    return {ok: false, problem: 'is neither PEM nor a valid PFX/P12 file'}
  }
  const certs: X509Certificate[] = []
  for (const bag of p12.getBags({bagType: forge.pki.oids.certBag!})[forge.pki.oids.certBag!] ?? []) {
    try {
      const der = bag.cert ? forge.asn1.toDer(forge.pki.certificateToAsn1(bag.cert)).getBytes() : undefined
      const raw = der ?? (bag.asn1 ? certDerFromBag(bag.asn1) : undefined)
      if (raw) certs.push(new X509Certificate(Buffer.from(raw, 'binary')))
    } catch {
      // A certificate forge cannot decode (non-RSA): skipped; Entra ID accepts RSA only (§8.1.2).
    }
  }
  const keyBags = [
    ...(p12.getBags({bagType: forge.pki.oids.pkcs8ShroudedKeyBag!})[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({bagType: forge.pki.oids.keyBag!})[forge.pki.oids.keyBag!] ?? []),
  ]
  if (certs.length === 0) return {ok: false, problem: keyBags.length > 0 ? 'holds a private key but no (RSA) certificate' : 'holds no certificate'}
  const bagKey = keyBags.find((b) => b.key)?.key
  if (!bagKey) {
    return {ok: false, problem: keyBags.length > 0 ? 'holds a private key that is not RSA; Entra ID client assertions need an RSA key' : 'has no private key (exported without it: choose "Yes, export the private key")', certificate: certs[0]}
  }
  const key = createPrivateKey(forge.pki.privateKeyToPem(bagKey as forge.pki.rsa.PrivateKey))
  return complete('pfx', certs, key)
}

/** certBag value: [0] EXPLICIT OCTET STRING holding the DER certificate. */
function certDerFromBag(asn1: forge.asn1.Asn1): string | undefined {
  const value = (asn1.value as forge.asn1.Asn1[])[1]
  const octet = (value?.value as forge.asn1.Asn1[] | undefined)?.[0]
  return typeof octet?.value === 'string' ? octet.value : undefined
}

function complete(format: 'pem' | 'pfx', certs: X509Certificate[], key: KeyObject): CertificateLoad {
  const spki = (k: KeyObject): Buffer => k.export({type: 'spki', format: 'der'})
  const publicDer = spki(createPublicKey(key))
  const leaf = certs.find((c) => spki(c.publicKey).equals(publicDer))
  if (!leaf) return {ok: false, problem: 'has a private key that does not belong to its certificate (the key pair does not match)', certificate: certs[0]}
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') {
    return {ok: false, problem: `has a ${key.asymmetricKeyType ?? 'non-RSA'} key; Entra ID client assertions need an RSA key`, certificate: leaf}
  }
  const {sha1, sha256} = thumbprints(leaf)
  const chain = [leaf, ...certs.filter((c) => c !== leaf)]
  return {
    ok: true,
    loaded: {
      format, certificate: leaf, chainPem: chain.map((c) => c.toString()).join(''),
      privateKey: new Secret(key.export({type: 'pkcs8', format: 'pem'}) as string),
      thumbprintSha1: sha1, thumbprintSha256: sha256,
      notBefore: new Date(leaf.validFrom), notAfter: new Date(leaf.validTo), subject: leaf.subject.replace(/\n/g, ', '),
      keyType: key.asymmetricKeyType ?? 'unknown',
    },
  }
}
