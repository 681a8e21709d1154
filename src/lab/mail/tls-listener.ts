// Implicit-TLS listener for the IMAP (993) and POP (995) servers. It accepts TCP, waits the modelled latency,
// then expects a TLS ClientHello, as Exchange does: a client that speaks plaintext first gets no greeting and
// its handshake fails. Sockets are tracked so close() ends every one of them, handshaking or not.

import net, {type AddressInfo} from 'node:net'
import tls from 'node:tls'
import {DEFAULT_BINDING, listenOn, type LabService, type ListenAddress} from '../lab-binding.js'
import type {LabTlsIdentity} from '../lab-types.js'
import {pause} from './timing.js'
import type {ListeningServer} from './types.js'

export interface TlsListenerOptions {
  label: string
  service: LabService
  bind?: ListenAddress
  identity: LabTlsIdentity
  latencyMs: number
  signal: AbortSignal
  log: (line: string) => void
  /** Called once the handshake is done; owns the socket from then on. */
  onSecure(socket: tls.TLSSocket): void
}

const IDLE_TIMEOUT_MS = 10 * 60_000

export async function startTlsListener(opts: TlsListenerOptions): Promise<ListeningServer> {
  const secureContext = tls.createSecureContext({key: opts.identity.key, cert: opts.identity.cert, minVersion: 'TLSv1.2'})
  const sockets = new Set<net.Socket>()
  const track = (socket: net.Socket): void => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  }
  // pauseOnConnect: nothing is read until the TLS socket takes the connection over, so an early ClientHello
  // (sent while the latency pause runs) is not lost.
  const server = net.createServer({pauseOnConnect: true}, (raw) => {
    track(raw)
    raw.on('error', () => undefined)
    void pause(opts.latencyMs, opts.signal).then(() => {
      if (raw.destroyed || opts.signal.aborted) return raw.destroy()
      const socket = new tls.TLSSocket(raw, {isServer: true, secureContext})
      track(socket)
      socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy())
      socket.on('error', (err: Error) => {
        opts.log(`${opts.label} TLS error from ${raw.remoteAddress}: ${err.message}`)
        socket.destroy()
      })
      socket.once('secure', () => opts.onSecure(socket))
    })
  })
  const bind = opts.bind ?? DEFAULT_BINDING[opts.service]
  await listenOn(server, opts.service, bind)
  const port = (server.address() as AddressInfo).port
  opts.log(`${opts.label} listening on ${bind.host}:${port}`)
  return {
    port,
    openSockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
}
