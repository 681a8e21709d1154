// Dovecot and Postfix configuration for one run, from templates (../shared/spec/real-test-servers.md, the forms
// verified there). Everything lives under the run directory `root`: we never touch /etc/dovecot or /etc/postfix.
import {join} from 'node:path'

export interface StackPaths {
  root: string
  dovecotDir: string
  /** Fresh per run: a stale anvil-auth-penalty socket from an earlier run stalls auth for ~5 s. */
  dovecotBase: string
  dovecotState: string
  dovecotConf: string
  dovecotLog: string
  oauth2Conf: string
  mailDir: string
  postfixEtc: string
  postfixSpool: string
  postfixData: string
  postfixLog: string
}

export function stackPaths(root: string): StackPaths {
  const dovecotDir = join(root, 'dovecot')
  const postfixDir = join(root, 'postfix')
  return {
    root,
    dovecotDir,
    dovecotBase: join(dovecotDir, 'run'),
    dovecotState: join(dovecotDir, 'state'),
    dovecotConf: join(dovecotDir, 'dovecot.conf'),
    dovecotLog: join(dovecotDir, 'dovecot.log'),
    oauth2Conf: join(dovecotDir, 'oauth2.conf.ext'),
    mailDir: join(root, 'mail'),
    postfixEtc: join(postfixDir, 'etc'),
    postfixSpool: join(postfixDir, 'spool'),
    postfixData: join(postfixDir, 'data'),
    postfixLog: join(postfixDir, 'maillog'),
  }
}

export interface Ports {
  imaps: number
  pop3s: number
  submission: number
}

export interface TlsFiles {
  caFile: string
  certFile: string
  keyFile: string
}

// The 2.3 parser rejects one-line blocks, hence the layout. Only XOAUTH2 is offered: imapflow would otherwise pick
// OAUTHBEARER, and Microsoft 365 offers only XOAUTH2 too.
export function dovecotConf(p: StackPaths, ports: Ports, tls: TlsFiles): string {
  return `# written by test/integration/harness (one run)
base_dir = ${p.dovecotBase}
state_dir = ${p.dovecotState}
instance_name = o365doctor-test-${ports.imaps}
protocols = imap pop3 lmtp
listen = 127.0.0.1
log_path = ${p.dovecotLog}
auth_verbose = yes
ssl = required
ssl_cert = <${tls.certFile}
ssl_key = <${tls.keyFile}
auth_mechanisms = xoauth2
auth_failure_delay = 0
mail_location = maildir:${p.mailDir}/%u
passdb {
  driver = oauth2
  mechanisms = xoauth2
  args = ${p.oauth2Conf}
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${p.mailDir}/%u allow_all_users=yes
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = ${ports.imaps}
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
  inet_listener pop3s {
    port = ${ports.pop3s}
    ssl = yes
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0666
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0666
  }
}
# No socket = no per-IP auth penalty (2 s, 4 s, 8 s… after failures).
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`
}

/** Introspection mode: tokens stay realistic (roles arrays, no email claim); the authority decides. */
export function oauth2Conf(introspectionUrl: string, tls: TlsFiles): string {
  return `introspection_mode = post
introspection_url = ${introspectionUrl}
tls_ca_cert_file = ${tls.caFile}
username_attribute = email
username_format = %d
active_attribute = active
active_value = true
`
}

// line_length_limit: the default 2048 truncates `AUTH XOAUTH2 <b64>` of a real-size token.
export function postfixMainCf(p: StackPaths, domain: string, tls: TlsFiles): string {
  return `# written by test/integration/harness (one run)
compatibility_level = 3.6
queue_directory = ${p.postfixSpool}
data_directory = ${p.postfixData}
maillog_file_prefixes = ${p.root}
maillog_file = ${p.postfixLog}
myhostname = smtp.test.invalid
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mydestination =
alias_maps =
alias_database =
line_length_limit = 65536
virtual_mailbox_domains = ${domain}
virtual_transport = lmtp:unix:${join(p.dovecotBase, 'lmtp')}
default_transport = discard:
relay_transport = discard:
smtpd_tls_cert_file = ${tls.certFile}
smtpd_tls_key_file = ${tls.keyFile}
smtpd_sasl_type = dovecot
smtpd_sasl_path = ${join(p.dovecotBase, 'auth-postfix')}
smtpd_relay_restrictions = permit_sasl_authenticated, reject
`
}

// Every service unchrooted, so the absolute socket paths above work.
export function postfixMasterCf(submissionPort: number): string {
  return `127.0.0.1:${submissionPort} inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_auth_only=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
pickup unix n - n 60 1 pickup
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
tlsmgr unix - - n 1000? 1 tlsmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
lmtp unix - - n - - lmtp
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
`
}
