// The command-line flag of each setting: how messages name a setting that came from a flag. One table for every
// command that takes settings as flags (check, evidence-script), so they cannot drift (`--clientId` was printed).
import type {SettingKey} from './types.js'

export const FLAG_OF: Record<SettingKey, string> = {
  cloud: '--cloud', tenant: '--tenant', clientId: '--client-id', clientSecret: '--client-secret', mailbox: '--mailbox',
  from: '--from', scope: '--scope', tokenUrl: '--token-url', 'smtp.host': '--smtp-host', 'smtp.port': '--smtp-port',
  'smtp.tls': '--smtp-tls', 'imap.host': '--imap-host', 'imap.port': '--imap-port', 'imap.tls': '--imap-tls',
  'pop.host': '--pop-host', 'pop.port': '--pop-port', 'pop.tls': '--pop-tls', protocols: '--protocols',
  exchangeObjectId: '--exchange-object-id', auth: '--auth', certificate: '--certificate',
  certificatePassword: '--certificate-password-stdin', federatedToken: 'federatedToken', federatedTokenFile: '--federated-token-file',
  federated: '--federated', authorityHost: 'AZURE_AUTHORITY_HOST', sendCertificateChain: 'AZURE_CLIENT_SEND_CERTIFICATE_CHAIN',
}
