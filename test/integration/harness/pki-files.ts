// TLS material for the real servers, written to disk. Reuses the lab's own PKI (src/lab/pki.ts) rather than the
// openssl CLI: it is in-process (EC P-256, a few ms, no extra binary), and its certificate already carries every
// real Microsoft 365 host name plus 127.0.0.1/localhost, so probes can aim at `outlook.office365.com:993` through a
// NetworkMap and verify the name exactly as they do against Microsoft.
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {createLabPki} from '../../../src/lab/pki.js'

export interface PkiFiles {
  caPem: string
  /** PEM key and chain (leaf + CA), also used by the introspection endpoint. */
  key: string
  cert: string
  caFile: string
  keyFile: string
  certFile: string
}

export async function writePki(dir: string): Promise<PkiFiles> {
  const pki = await createLabPki()
  const {key, cert} = pki.identityFor('localhost')
  const files = {caFile: join(dir, 'ca.crt'), keyFile: join(dir, 'server.key'), certFile: join(dir, 'server-chain.crt')}
  // Dovecot and Postfix read the key as root; the CA is read by Dovecot's unprivileged auth process.
  await writeFile(files.caFile, pki.caPem, {mode: 0o644})
  await writeFile(files.keyFile, key, {mode: 0o600})
  await writeFile(files.certFile, cert, {mode: 0o644})
  return {caPem: pki.caPem, key, cert, ...files}
}
