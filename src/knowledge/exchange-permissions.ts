// Exchange Online's permission IDs as Entra lists them (microsoft-behaviour.md §3.2), for reading an app
// registration's requiredResourceAccess and a service principal's appRoleAssignments.
import type {Protocol} from '../core/protocol.js'

export interface ProtocolPermissions {
  role: {name: string; id: string}
  /** The delegated permission people add by mistake instead. */
  delegated: {name: string; id: string}
}

export const EXCHANGE_PERMISSIONS: Record<Protocol, ProtocolPermissions> = {
  smtp: {role: {name: 'SMTP.SendAsApp', id: '7146a1f0-8703-45b3-9eae-527a64c00995'}, delegated: {name: 'SMTP.Send', id: '76faac2a-0f20-42f1-928a-50de5b9dbe52'}},
  imap: {role: {name: 'IMAP.AccessAsApp', id: '5e5addcd-3e8d-4e90-baf5-964efab2b20a'}, delegated: {name: 'IMAP.AccessAsUser.All', id: '195adc35-e27b-454b-a7ed-1ecdffa1c09f'}},
  pop: {role: {name: 'POP.AccessAsApp', id: 'cb842b43-da6e-4506-86fe-bb12199c656d'}, delegated: {name: 'POP.AccessAsUser.All', id: 'fb698133-92fa-453e-a9ed-688e10f2e5ac'}},
}
