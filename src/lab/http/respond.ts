// Small HTTP helpers shared by the lab's identity and Graph handlers: body reading, the scenario's latency,
// and JSON replies.

import {randomUUID} from 'node:crypto'
import type {IncomingMessage, ServerResponse} from 'node:http'

const MAX_BODY = 64 * 1024

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) {
        reject(new Error('request body too large'))
        req.destroy()
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {'Content-Type': 'application/json; charset=utf-8', ...headers, 'Content-Length': Buffer.byteLength(text)})
  res.end(text)
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {'Content-Type': contentType, ...headers, 'Content-Length': Buffer.byteLength(text)})
  res.end(text)
}

export function newId(): string {
  return randomUUID()
}

/** A client-sent GUID header (client-request-id), else undefined. Anything else is not echoed. */
export function clientRequestId(req: IncomingMessage, bodyValue?: string): string | undefined {
  const raw = (req.headers['client-request-id'] as string | undefined) ?? bodyValue
  return raw && /^[0-9a-f-]{36}$/i.test(raw) ? raw.toLowerCase() : undefined
}
