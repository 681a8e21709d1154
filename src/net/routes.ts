// How the doctor reaches a (host, port). Against Microsoft it is plain DNS and the system's CAs; in the lab
// every real host name is mapped to a loopback port and trusted through the lab's CA. This map and CA are the
// only lab-specific inputs of the doctor's network layer.

export interface NetworkRoute {
  /** Where to open the TCP connection. */
  connectHost: string
  connectPort: number
  /** The name to send as SNI and to verify the certificate against (the host the user typed). */
  servername: string
  /** Extra CA certificates (PEM) to trust, besides the system's. */
  ca?: string
}

export interface NetworkMap {
  /** Loopback address per `host:port` (host lower-cased). */
  routes: Record<string, {host: string; port: number}>
  /** PEM of the CA that signed the mapped hosts' certificates. */
  caPem: string
}

/** Resolves a typed (host, port). With a lab map, a (host, port) the map lacks is `undefined`: refused. */
export function routeFor(host: string, port: number, map?: NetworkMap): NetworkRoute | undefined {
  if (!map) return {connectHost: host, connectPort: port, servername: host}
  const target = map.routes[`${host.toLowerCase()}:${port}`]
  if (!target) return undefined
  return {connectHost: target.host, connectPort: target.port, servername: host, ca: map.caPem}
}

export function routeKey(host: string, port: number): string {
  return `${host.toLowerCase()}:${port}`
}
