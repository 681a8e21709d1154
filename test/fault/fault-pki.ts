// Certificates for the fault servers: a CA of their own (a subject name distinct from the lab CA's, so both can be
// trusted at once), leaves for every real host name, and an expired variant.
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import {webcrypto} from 'node:crypto'
import {labHostNames} from '../../src/lab/pki.js'
import type {LabTlsIdentity} from '../../src/lab/lab-types.js'

const ALGORITHM = {name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256'}
const DAY_MS = 24 * 3600_000

async function keyPem(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY')
}

/** A CA named `name` valid from `notBefore` to `notAfter`, and one leaf for every lab host name with the same window. */
export async function makeCa(name: string, notBefore: Date, notAfter: Date): Promise<{caPem: string; identity: LabTlsIdentity}> {
  x509.cryptoProvider.set(webcrypto as never)
  const caKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '11', name: `CN=${name}`, notBefore, notAfter, keys: caKeys as never, signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  })
  const leafKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
  const names = labHostNames()
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '12', subject: `CN=${names[1] ?? 'localhost'}`, issuer: ca.subject, notBefore, notAfter,
    signingKey: caKeys.privateKey as never, publicKey: leafKeys.publicKey as never, signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.SubjectAlternativeNameExtension(names.map((value) => ({type: 'dns' as const, value}))),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.BasicConstraintsExtension(false),
    ],
  })
  const caPem = ca.toString('pem')
  return {caPem, identity: {key: await keyPem(leafKeys.privateKey), cert: `${leaf.toString('pem')}\n${caPem}`}}
}

export {DAY_MS}
