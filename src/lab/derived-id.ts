// Stable GUIDs for objects a scenario need not spell out (a default object ID, the Exchange resource's service
// principal in this tenant, an appRoleAssignment's id): the same scenario always yields the same IDs.
import {createHash} from 'node:crypto'

export function derivedGuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex')
  // Shaped like a random (version 4, RFC 4122 variant) GUID, as Entra's object IDs are.
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}
