// Permission IDs as Entra lists them: Exchange Online's app roles and delegated scopes (microsoft-behaviour.md
// §3.2) and the Microsoft Graph ones a mail product is likely to add. A name not listed gets a stable derived ID.

import {derivedGuid} from '../derived-id.js'
import type {PermissionApi, PermissionType} from '../scenario/types.js'

interface PermissionDef {
  id: string
  description: string
}

const EXCHANGE_ROLES: Record<string, PermissionDef> = {
  'IMAP.AccessAsApp': {id: '5e5addcd-3e8d-4e90-baf5-964efab2b20a', description: 'Read and write access to mailboxes via IMAP.'},
  'POP.AccessAsApp': {id: 'cb842b43-da6e-4506-86fe-bb12199c656d', description: 'Read and write access to mailboxes via POP.'},
  'SMTP.SendAsApp': {id: '7146a1f0-8703-45b3-9eae-527a64c00995', description: 'Send emails from mailboxes using SMTP AUTH.'},
  full_access_as_app: {id: 'dc890d15-9560-4a4c-9b7f-a736ec74ec40', description: 'Use Exchange Web Services with full access to all mailboxes'},
  'Exchange.ManageAsApp': {id: 'dc50a0fb-09a3-484d-be87-e023b12c6440', description: 'Manage Exchange As Application'},
  'Mail.Send': {id: 'b633e1c5-b582-4048-a93e-9f11b44c7e96', description: 'Send mail as any user'},
  'Mail.Read': {id: '810c84a8-4a9e-49e6-bf7d-12d183f40d01', description: 'Read mail in all mailboxes'},
  'Mail.ReadWrite': {id: 'e2a3a72e-5f79-4c64-b1b1-878b674786c9', description: 'Read and write mail in all mailboxes'},
}

const EXCHANGE_SCOPES: Record<string, PermissionDef> = {
  'IMAP.AccessAsUser.All': {id: '195adc35-e27b-454b-a7ed-1ecdffa1c09f', description: 'Read and write access to mailboxes via IMAP.'},
  'POP.AccessAsUser.All': {id: 'fb698133-92fa-453e-a9ed-688e10f2e5ac', description: 'Read and write access to mailboxes via POP.'},
  'SMTP.Send': {id: '76faac2a-0f20-42f1-928a-50de5b9dbe52', description: 'Send emails from mailboxes using SMTP AUTH.'},
  'EWS.AccessAsUser.All': {id: '3b5f3d61-589b-4a3c-a359-5dd4b5ee5bd5', description: 'Access mailboxes as the signed-in user via Exchange Web Services'},
}

// Microsoft Graph's well-known IDs.
const GRAPH_ROLES: Record<string, PermissionDef> = {
  'Application.Read.All': {id: '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', description: 'Read all applications'},
  'Application.ReadWrite.All': {id: '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', description: 'Read and write all applications'},
  'Directory.Read.All': {id: '7ab1d382-f21e-4acd-a863-ba3e13f7da61', description: 'Read directory data'},
  'Mail.Send': {id: 'b633e1c5-b582-4048-a93e-9f11b44c7e96', description: 'Send mail as any user'},
  'Mail.Read': {id: '810c84a8-4a9e-49e6-bf7d-12d183f40d01', description: 'Read mail in all mailboxes'},
  'User.Read.All': {id: 'df021288-bdef-4463-88db-98f22de89214', description: 'Read all users\' full profiles'},
}

const GRAPH_SCOPES: Record<string, PermissionDef> = {
  'User.Read': {id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', description: 'Sign in and read user profile'},
  'Mail.Send': {id: 'e383f46e-2787-4529-855e-0e479a3ffac0', description: 'Send mail as a user'},
}

/** Graph application roles that let a caller read any application or service principal. */
export const GRAPH_READ_ALL_ROLES = ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All']

function table(api: PermissionApi, type: PermissionType): Record<string, PermissionDef> {
  if (api === 'exchange') return type === 'application' ? EXCHANGE_ROLES : EXCHANGE_SCOPES
  return type === 'application' ? GRAPH_ROLES : GRAPH_SCOPES
}

export function permissionId(api: PermissionApi, type: PermissionType, name: string): string {
  return table(api, type)[name]?.id ?? derivedGuid(api, type, name)
}

/** The resource service principal's `appRoles` (application permissions it offers). */
export function resourceAppRoles(api: PermissionApi) {
  return Object.entries(table(api, 'application')).map(([value, def]) => ({
    allowedMemberTypes: ['Application'],
    description: def.description,
    displayName: def.description,
    id: def.id,
    isEnabled: true,
    origin: 'Application',
    value,
  }))
}

export function resourceScopes(api: PermissionApi) {
  return Object.entries(table(api, 'delegated')).map(([value, def]) => ({
    adminConsentDescription: def.description,
    adminConsentDisplayName: def.description,
    id: def.id,
    isEnabled: true,
    type: 'User',
    userConsentDescription: def.description,
    userConsentDisplayName: def.description,
    value,
  }))
}
