// What every hand-written test server shares (the fault servers, the probes' scripted server): listen on a free
// loopback port, count connections, split the byte stream into lines, switch a socket to TLS, and on close leave
// nothing behind (open sockets destroyed, timers stopped) so a test file always ends.
import net from 'node:net'
import tls from 'node:tls'

export interface LoopbackServer {
  port: number
  /** TCP connections accepted so far. */
  connections: number
  close(): Promise<void>
}

/** Starts `server` on 127.0.0.1; `close` also destroys the open sockets and clears `timers` (the server's own). */
export async function listenOnLoopback(server: net.Server, timers: Set<NodeJS.Timeout> = new Set()): Promise<LoopbackServer> {
  const sockets = new Set<net.Socket>()
  const result: LoopbackServer = {port: 0, connections: 0, close: async () => undefined}
  server.on('connection', (socket: net.Socket) => {
    result.connections++
    sockets.add(socket)
    socket.on('error', () => undefined)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  result.port = (server.address() as net.AddressInfo).port
  result.close = () => new Promise<void>((ok) => {
    for (const t of timers) clearInterval(t)
    for (const s of sockets) s.destroy()
    server.close(() => ok())
  })
  return result
}

/** A `data` listener that calls `onLine` for every complete line, without its CR LF (or LF). */
export function lineReader(encoding: BufferEncoding, onLine: (line: string) => void): (chunk: Buffer) => void {
  let buf = ''
  return (chunk) => {
    buf += chunk.toString(encoding)
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i).replace(/\r$/, '')
      buf = buf.slice(i + 1)
      onLine(line)
    }
  }
}

/** The server side of TLS over `socket` (implicit TLS, or after STARTTLS); a failed handshake is the client's news. */
export function serverTls(socket: net.Socket, identity: {key: string; cert: string}): tls.TLSSocket {
  const secured = new tls.TLSSocket(socket, {isServer: true, key: identity.key, cert: identity.cert})
  secured.on('error', () => undefined)
  return secured
}
