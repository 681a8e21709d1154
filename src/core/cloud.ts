// The Microsoft 365 endpoints of each cloud (microsoft-behaviour.md §6). One table, used by the
// doctor's defaults and static checks and by the lab, so the two can never disagree.

export const CLOUDS = ['global', 'usgov', 'usgovdod', 'china'] as const
export type Cloud = (typeof CLOUDS)[number]

export interface CloudEndpoints {
  /** Human label, as Microsoft names the environment. */
  label: string
  /** Token (authority) host MSAL talks to. */
  authorityHost: string
  /** Other names of the same authority (MSAL aliases); a token URL on one of them is not a cloud mismatch. */
  authorityAliases: string[]
  /** Issuer host of v2 metadata (differs from the authority host in China). */
  issuerHost: string
  graphHost: string
  smtpHost: string
  /** Other client-submission hosts of this cloud, each with what it needs beyond the usual setup (§8.4.2, §8.4.3). */
  smtpAlternateHosts: {host: string; note: string}[]
  imapHost: string
  popHost: string
  /** The Exchange Online resource for app-only tokens: scope is `${exchangeResource}/.default`. */
  exchangeResource: string
  /** Other Exchange Online resource URIs that name the same resource in this cloud. */
  exchangeResourceAliases: string[]
}

export const CLOUD_ENDPOINTS: Record<Cloud, CloudEndpoints> = {
  global: {
    label: 'Microsoft 365 (commercial and GCC)',
    authorityHost: 'login.microsoftonline.com',
    authorityAliases: ['login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
    issuerHost: 'login.microsoftonline.com',
    graphHost: 'graph.microsoft.com',
    smtpHost: 'smtp.office365.com',
    smtpAlternateHosts: [
      {host: 'smtp-legacy.office365.com', note: "the legacy-TLS client submission endpoint; it answers as smtp.office365.com does"},
      {host: 'smtp-hve.office365.com', note: 'High Volume Email: the sender must be an HVE account (New-MailUser -HVEAccount), and the app needs the Office 365 Exchange Online application permission Mail.Send with admin consent and must be on the account\'s allowed apps (Add-HVEAppAccess -Identity <HVE account> -AppIds <client ID>); internal recipients only'},
    ],
    imapHost: 'outlook.office365.com',
    popHost: 'outlook.office365.com',
    exchangeResource: 'https://outlook.office365.com',
    exchangeResourceAliases: ['https://outlook.office.com', 'https://ps.outlook.com'],
  },
  usgov: {
    label: 'Microsoft 365 GCC High',
    authorityHost: 'login.microsoftonline.us',
    authorityAliases: ['login.usgovcloudapi.net'],
    issuerHost: 'login.microsoftonline.us',
    graphHost: 'graph.microsoft.us',
    smtpHost: 'smtp.office365.us',
    smtpAlternateHosts: [],
    imapHost: 'outlook.office365.us',
    popHost: 'outlook.office365.us',
    exchangeResource: 'https://outlook.office365.us',
    exchangeResourceAliases: [],
  },
  usgovdod: {
    label: 'Microsoft 365 DoD',
    authorityHost: 'login.microsoftonline.us',
    authorityAliases: ['login.usgovcloudapi.net'],
    issuerHost: 'login.microsoftonline.us',
    graphHost: 'dod-graph.microsoft.us',
    // The DoD SMTP host is tagged uncertain in microsoft-behaviour.md §6.
    smtpHost: 'outlook-dod.office365.us',
    smtpAlternateHosts: [],
    imapHost: 'outlook-dod.office365.us',
    popHost: 'outlook-dod.office365.us',
    exchangeResource: 'https://outlook-dod.office365.us',
    exchangeResourceAliases: [],
  },
  china: {
    label: 'Microsoft 365 operated by 21Vianet',
    authorityHost: 'login.partner.microsoftonline.cn',
    authorityAliases: ['login.chinacloudapi.cn'],
    issuerHost: 'login.partner.microsoftonline.cn',
    graphHost: 'microsoftgraph.chinacloudapi.cn',
    smtpHost: 'smtp.partner.outlook.cn',
    smtpAlternateHosts: [],
    imapHost: 'partner.outlook.cn',
    popHost: 'partner.outlook.cn',
    exchangeResource: 'https://partner.outlook.cn',
    exchangeResourceAliases: [],
  },
}

/** Exchange Online's resource application ID (the same in every cloud). */
export const EXCHANGE_RESOURCE_APP_ID = '00000002-0000-0ff1-ce00-000000000000'
/** Microsoft Graph's resource application ID. */
export const GRAPH_RESOURCE_APP_ID = '00000003-0000-0000-c000-000000000000'

export function isCloud(value: string): value is Cloud {
  return (CLOUDS as readonly string[]).includes(value)
}

/** Every host name any cloud uses for a given role; for telling which cloud a typed host belongs to. */
export function cloudsOfHost(host: string): Cloud[] {
  const h = host.toLowerCase()
  return CLOUDS.filter((cloud) => {
    const e = CLOUD_ENDPOINTS[cloud]
    return [e.authorityHost, ...e.authorityAliases, e.issuerHost, e.graphHost, e.smtpHost, ...e.smtpAlternateHosts.map((a) => a.host),
      e.imapHost, e.popHost].includes(h)
  })
}

/** The note on an alternate SMTP submission host of this cloud (smtp-legacy, HVE), or undefined. */
export function smtpAlternateHost(cloud: Cloud, host: string): {host: string; note: string} | undefined {
  return CLOUD_ENDPOINTS[cloud].smtpAlternateHosts.find((a) => a.host === host.toLowerCase())
}

/** The clouds whose Exchange resource (or an alias of it) is this URI. */
export function cloudsOfExchangeResource(resource: string): Cloud[] {
  const r = resource.toLowerCase().replace(/\/+$/, '')
  return CLOUDS.filter((cloud) => {
    const e = CLOUD_ENDPOINTS[cloud]
    return e.exchangeResource === r || e.exchangeResourceAliases.includes(r)
  })
}

/** Authority path segments that name no tenant: they cannot issue app-only (client credentials) tokens. */
export const MULTI_TENANT_SEGMENTS = ['common', 'organizations', 'consumers'] as const

export function isMultiTenantSegment(segment: string): boolean {
  return (MULTI_TENANT_SEGMENTS as readonly string[]).includes(segment.toLowerCase())
}

/**
 * Microsoft's consumer mail domains: outlook, hotmail, live and windowslive under .com and the country domains
 * Microsoft registered for them (outlook.de, hotmail.co.uk, live.com.au …), plus msn.com and passport.com.
 * Matched on the whole domain, so contoso.outlook.com or outlook.office365.com are not consumer domains.
 */
const CONSUMER_DOMAIN = /^(?:(?:outlook|hotmail|live|windowslive)\.(?:com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})|msn\.com|passport\.com)$/

export function isConsumerDomain(domain: string): boolean {
  return CONSUMER_DOMAIN.test(domain.trim().toLowerCase())
}
