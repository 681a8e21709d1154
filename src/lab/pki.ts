// The lab's own certificate authority and one server certificate for every real Microsoft 365 host name of
// every cloud, so clients verify `smtp.office365.com` etc. exactly as they would against Microsoft.
// EC P-256 keys: generating them takes a millisecond, which keeps the lab's start fast.
// @peculiar/x509 needs a Reflect polyfill (its README); reflect-metadata is the one it names.
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import {webcrypto} from 'node:crypto'
import {CLOUD_ENDPOINTS, CLOUDS} from '../core/cloud.js'
import {SMTP_HOST_ALIASES} from './lab-binding.js'
import type {LabPki, LabTlsIdentity} from './lab-types.js'

const ALGORITHM = {name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256'}
const HOUR_MS = 3600_000

/** Every host name the lab answers for: all clouds' authority, Graph and mail hosts, plus loopback names. */
export function labHostNames(extraHosts: readonly string[] = []): string[] {
  const names = new Set<string>(['localhost', ...extraHosts])
  for (const cloud of CLOUDS) {
    const e = CLOUD_ENDPOINTS[cloud]
    for (const host of [e.authorityHost, ...e.authorityAliases, e.issuerHost, e.graphHost, e.smtpHost, ...(SMTP_HOST_ALIASES[cloud] ?? []), e.imapHost, e.popHost]) {
      names.add(host)
    }
  }
  return [...names]
}

async function exportKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', key)
  return x509.PemConverter.encode(pkcs8, 'PRIVATE KEY')
}

/** @param extraHosts further names the lab serves (the scenario's external OIDC issuers) */
export async function createLabPki(now = new Date(), extraHosts: readonly string[] = []): Promise<LabPki> {
  x509.cryptoProvider.set(webcrypto as never)
  const notBefore = new Date(now.getTime() - HOUR_MS)
  const caKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=o365doctor lab CA (not Microsoft)',
    notBefore,
    notAfter: new Date(now.getTime() + 30 * 24 * HOUR_MS),
    keys: caKeys as never,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  })
  const leafKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
  const names = labHostNames(extraHosts)
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: `CN=${names[1] ?? 'localhost'}`,
    issuer: ca.subject,
    notBefore,
    notAfter: new Date(now.getTime() + 7 * 24 * HOUR_MS),
    signingKey: caKeys.privateKey as never,
    publicKey: leafKeys.publicKey as never,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.SubjectAlternativeNameExtension([
        ...names.map((value) => ({type: 'dns' as const, value})),
        {type: 'ip' as const, value: '127.0.0.1'},
      ]),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.BasicConstraintsExtension(false),
    ],
  })
  const caPem = ca.toString('pem')
  // The chain (leaf + CA) is served, as real servers do.
  const identity: LabTlsIdentity = {key: await exportKeyPem(leafKeys.privateKey), cert: `${leaf.toString('pem')}\n${caPem}`}
  return {caPem, identityFor: () => identity}
}
