// HTTPS_PROXY / NO_PROXY for the token and Graph requests, as curl and most HTTP clients read them. The mail
// protocols never go through an HTTP proxy (products connect to 587/993/995 directly).
import {HttpsProxyAgent} from 'https-proxy-agent'

export interface ProxyChoice {
  agent: HttpsProxyAgent<string>
  /** The proxy URL without credentials: safe to print. */
  display: string
}

/** The proxy for (host, port), or undefined when none is configured or NO_PROXY exempts the host. */
export function proxyFor(host: string, port: number, env: NodeJS.ProcessEnv): ProxyChoice | undefined {
  const raw = env.HTTPS_PROXY ?? env.https_proxy ?? env.ALL_PROXY ?? env.all_proxy
  if (!raw || exempt(host, port, env.NO_PROXY ?? env.no_proxy ?? '')) return undefined
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`)
  } catch {
    return undefined
  }
  const display = `${url.protocol}//${url.host}`
  // One connection per request: nothing pooled stays open after the check.
  return {agent: new HttpsProxyAgent(url.href, {keepAlive: false}), display}
}

/** NO_PROXY: comma/space separated host suffixes, optional :port, `*` for all. */
export function exempt(host: string, port: number, noProxy: string): boolean {
  const h = host.toLowerCase()
  for (const entry of noProxy.split(/[\s,]+/).filter(Boolean)) {
    if (entry === '*') return true
    const [name = '', p] = entry.toLowerCase().split(/:(?=\d+$)/)
    if (p && Number(p) !== port) continue
    const suffix = name.replace(/^\*?\.?/, '')
    if (h === suffix || h.endsWith(`.${suffix}`)) return true
  }
  return false
}
