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
    return [e.authorityHost, ...e.authorityAliases, e.issuerHost, e.graphHost, e.smtpHost, e.imapHost, e.popHost].includes(h)
  })
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
