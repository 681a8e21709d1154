// The Exchange evidence file: what an Exchange admin's read-only script (evidence-script) or the lab
// (`lab evidence`) collected about the app and its mailboxes, as one versioned JSON document. This module
// defines the format, parses and validates it (tolerating ConvertTo-Json's quirks) and answers the questions
// the `exchange.evidence` check asks of it. Format (version 1):
//
//   {
//     "o365doctorEvidence": 1,                      // format version; anything else is refused
//     "collectedAt": "2025-01-31T09:00:00.000Z",   // when the script ran
//     "organization": "contoso.onmicrosoft.com",   // -Organization it connected to
//     "appId": "<client ID>",                      // the app the evidence is about
//     "servicePrincipals": [ Get-ServicePrincipal, filtered to AppId: {AppId, ObjectId, DisplayName, Identity, Sid} ],
//     "mailboxes": [ {
//         "address": "sender@contoso.com",
//         "casMailbox": Get-CASMailbox {Identity, PrimarySmtpAddress, ImapEnabled, PopEnabled,
//                                       SmtpClientAuthenticationDisabled (true | false | null)} | null,
//         "mailboxPermissions": [ Get-MailboxPermission {Identity, User, AccessRights: [..], IsInherited, Deny} ],
//         "recipientPermissions": [ Get-RecipientPermission {Identity, Trustee, AccessControlType, AccessRights: [..]} ],
//         "recipient": Get-EXORecipient / Get-Recipient {Identity, PrimarySmtpAddress, RecipientType,
//                                       RecipientTypeDetails} | null       (optional: older files lack it)
//     } ],
//     "transportConfig": Get-TransportConfig {SmtpClientAuthenticationDisabled} | null,
//     "rbac": { "available": bool,                 // RBAC for Applications cmdlets present
//               "roleAssignments": [ Get-ManagementRoleAssignment -RoleAssigneeType ServicePrincipal
//                                    {Name, Role, RoleAssignee, RoleAssigneeType, CustomResourceScope, Enabled} ],
//               "authorization": [ Test-ServicePrincipalAuthorization -Resource <mailbox>
//                                  {mailbox, RoleName, GrantedPermissions, AllowedResourceScope, ScopeType, InScope} ] },
//     "errors": [ {cmdlet, target, message} ]     // a cmdlet that failed (e.g. mailbox not found)
//   }
import {LIMITS, readBoundedText} from '../input/bounded-read.js'
import {InputError} from '../core/input-error.js'

export const EVIDENCE_FORMAT_VERSION = 1

export interface EvidenceServicePrincipal {
  AppId: string
  ObjectId: string
  DisplayName?: string
  Identity?: string
  Sid?: string
}

export interface EvidenceCasMailbox {
  Identity?: string
  PrimarySmtpAddress?: string
  ImapEnabled?: boolean
  PopEnabled?: boolean
  /** null: follows the organisation (Get-TransportConfig). */
  SmtpClientAuthenticationDisabled: boolean | null
}

export interface EvidenceMailboxPermission {
  Identity?: string
  User: string
  AccessRights: string[]
  IsInherited: boolean
  Deny: boolean
}

export interface EvidenceRecipientPermission {
  Identity?: string
  Trustee: string
  AccessControlType: string
  AccessRights: string[]
}

export interface EvidenceRecipient {
  Identity?: string
  PrimarySmtpAddress?: string
  RecipientType?: string
  /** UserMailbox, SharedMailbox, MailUser, RemoteUserMailbox, GuestMailUser, … (microsoft-behaviour.md §8.5). */
  RecipientTypeDetails?: string
}

export interface EvidenceMailbox {
  address: string
  casMailbox: EvidenceCasMailbox | null
  mailboxPermissions: EvidenceMailboxPermission[]
  recipientPermissions: EvidenceRecipientPermission[]
  /** What Exchange says the address is; absent in files from before this field existed. */
  recipient?: EvidenceRecipient | null
}

export interface EvidenceRoleAssignment {
  Name?: string
  Role: string
  RoleAssignee?: string
  RoleAssigneeType?: string
  CustomResourceScope?: string | null
  Enabled?: boolean
}

export interface EvidenceAuthorization {
  mailbox: string
  RoleName: string
  GrantedPermissions: string[]
  AllowedResourceScope?: string | null
  ScopeType?: string | null
  InScope: boolean
}

export interface EvidenceRbac {
  available: boolean
  roleAssignments: EvidenceRoleAssignment[]
  authorization: EvidenceAuthorization[]
}

export interface EvidenceError {
  cmdlet: string
  target?: string
  message: string
}

export interface ExchangeEvidence {
  o365doctorEvidence: typeof EVIDENCE_FORMAT_VERSION
  collectedAt: string
  organization?: string
  appId: string
  servicePrincipals: EvidenceServicePrincipal[]
  mailboxes: EvidenceMailbox[]
  transportConfig: {SmtpClientAuthenticationDisabled: boolean | null} | null
  rbac: EvidenceRbac
  errors: EvidenceError[]
}

/** The evidence as handed to the checks, with where it came from (for messages). */
export interface LoadedExchangeEvidence {
  source: string
  evidence: ExchangeEvidence
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing. ConvertTo-Json quirks tolerated: a one-element array may arrive as the element itself, an empty one as
// null; an enum array as one comma-separated string ("FullAccess, ReadPermission"); Windows PowerShell 5.1 writes a
// UTF-8 byte order mark.

class Reader {
  constructor(private readonly source: string) {}

  fail(path: string, message: string): never {
    throw new InputError(this.source, `${path}: ${message}`)
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'expected an object')
    return value as Record<string, unknown>
  }

  array(value: unknown, _path: string): unknown[] {
    if (value === undefined || value === null) return []
    return Array.isArray(value) ? value : [value]
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(path, 'expected a non-empty string')
    return value
  }

  optString(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined
    // A SecurityIdentifier serialised whole: {"Value": "S-1-5-…", …}.
    if (typeof value === 'object' && typeof (value as {Value?: unknown}).Value === 'string') return (value as {Value: string}).Value
    if (typeof value !== 'string') this.fail(path, 'expected a string')
    return value
  }

  bool(value: unknown, path: string, fallback?: boolean): boolean {
    if (value === undefined && fallback !== undefined) return fallback
    // A boolean that went through [string] on the way reads "True" / "False".
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true'
    if (typeof value !== 'boolean') this.fail(path, 'expected true or false')
    return value
  }

  nullableBool(value: unknown, path: string): boolean | null {
    if (value === undefined || value === null) return null
    return this.bool(value, path)
  }

  optBool(value: unknown, path: string): boolean | undefined {
    return value === undefined || value === null ? undefined : this.bool(value, path)
  }

  rights(value: unknown, path: string): string[] {
    return this.array(value, path)
      .flatMap((v, i) => {
        if (typeof v !== 'string') this.fail(`${path}[${i}]`, 'expected a string (an access right such as "FullAccess")')
        return v.split(',')
      })
      .map((r) => r.trim())
      .filter(Boolean)
  }
}

export function parseExchangeEvidence(text: string, source: string): ExchangeEvidence {
  const r = new Reader(source)
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new InputError(source, `not JSON (${(error as Error).message}); expected the file the evidence script writes`)
  }
  const top = r.object(raw, '$')
  const version = top.o365doctorEvidence
  if (version === undefined) r.fail('$', 'no "o365doctorEvidence" key: this is not an o365doctor evidence file (make one with "o365doctor evidence-script")')
  if (version !== EVIDENCE_FORMAT_VERSION) r.fail('o365doctorEvidence', `format version ${JSON.stringify(version)} is not supported (this o365doctor reads ${EVIDENCE_FORMAT_VERSION})`)
  const collectedAt = r.string(top.collectedAt, 'collectedAt')
  if (Number.isNaN(Date.parse(collectedAt))) r.fail('collectedAt', `"${collectedAt}" is not a date`)

  const servicePrincipals = r.array(top.servicePrincipals, 'servicePrincipals').map((v, i) => {
    const p = `servicePrincipals[${i}]`
    const o = r.object(v, p)
    return dropUndefined<EvidenceServicePrincipal>({
      AppId: r.string(o.AppId, `${p}.AppId`), ObjectId: r.string(o.ObjectId, `${p}.ObjectId`),
      DisplayName: r.optString(o.DisplayName, `${p}.DisplayName`), Identity: r.optString(o.Identity, `${p}.Identity`),
      Sid: r.optString(o.Sid, `${p}.Sid`),
    })
  })

  const mailboxes = r.array(top.mailboxes, 'mailboxes').map((v, i): EvidenceMailbox => {
    const p = `mailboxes[${i}]`
    const o = r.object(v, p)
    let casMailbox: EvidenceCasMailbox | null = null
    if (o.casMailbox !== undefined && o.casMailbox !== null) {
      const c = r.object(o.casMailbox, `${p}.casMailbox`)
      casMailbox = dropUndefined<EvidenceCasMailbox>({
        Identity: r.optString(c.Identity, `${p}.casMailbox.Identity`),
        PrimarySmtpAddress: r.optString(c.PrimarySmtpAddress, `${p}.casMailbox.PrimarySmtpAddress`),
        ImapEnabled: r.optBool(c.ImapEnabled, `${p}.casMailbox.ImapEnabled`),
        PopEnabled: r.optBool(c.PopEnabled, `${p}.casMailbox.PopEnabled`),
        SmtpClientAuthenticationDisabled: r.nullableBool(c.SmtpClientAuthenticationDisabled, `${p}.casMailbox.SmtpClientAuthenticationDisabled`),
      })
    }
    let recipient: EvidenceRecipient | null | undefined
    if (o.recipient === null) recipient = null
    else if (o.recipient !== undefined) {
      const c = r.object(o.recipient, `${p}.recipient`)
      recipient = dropUndefined<EvidenceRecipient>({
        Identity: r.optString(c.Identity, `${p}.recipient.Identity`),
        PrimarySmtpAddress: r.optString(c.PrimarySmtpAddress, `${p}.recipient.PrimarySmtpAddress`),
        RecipientType: r.optString(c.RecipientType, `${p}.recipient.RecipientType`),
        RecipientTypeDetails: r.optString(c.RecipientTypeDetails, `${p}.recipient.RecipientTypeDetails`),
      })
    }
    return {
      ...(recipient !== undefined ? {recipient} : {}),
      address: r.string(o.address, `${p}.address`),
      casMailbox,
      mailboxPermissions: r.array(o.mailboxPermissions, `${p}.mailboxPermissions`).map((e, j) => {
        const q = `${p}.mailboxPermissions[${j}]`
        const m = r.object(e, q)
        return dropUndefined<EvidenceMailboxPermission>({
          Identity: r.optString(m.Identity, `${q}.Identity`), User: r.string(m.User, `${q}.User`),
          AccessRights: r.rights(m.AccessRights, `${q}.AccessRights`),
          IsInherited: r.bool(m.IsInherited, `${q}.IsInherited`, false), Deny: r.bool(m.Deny, `${q}.Deny`, false),
        })
      }),
      recipientPermissions: r.array(o.recipientPermissions, `${p}.recipientPermissions`).map((e, j) => {
        const q = `${p}.recipientPermissions[${j}]`
        const m = r.object(e, q)
        return dropUndefined<EvidenceRecipientPermission>({
          Identity: r.optString(m.Identity, `${q}.Identity`), Trustee: r.string(m.Trustee, `${q}.Trustee`),
          AccessControlType: r.optString(m.AccessControlType, `${q}.AccessControlType`) ?? 'Allow',
          AccessRights: r.rights(m.AccessRights, `${q}.AccessRights`),
        })
      }),
    }
  })

  let transportConfig: ExchangeEvidence['transportConfig'] = null
  if (top.transportConfig !== undefined && top.transportConfig !== null) {
    const t = r.object(top.transportConfig, 'transportConfig')
    transportConfig = {SmtpClientAuthenticationDisabled: r.nullableBool(t.SmtpClientAuthenticationDisabled, 'transportConfig.SmtpClientAuthenticationDisabled')}
  }

  const rbacRaw = top.rbac === undefined || top.rbac === null ? {} : r.object(top.rbac, 'rbac')
  const rbac: EvidenceRbac = {
    available: r.bool(rbacRaw.available, 'rbac.available', false),
    roleAssignments: r.array(rbacRaw.roleAssignments, 'rbac.roleAssignments').map((v, i) => {
      const p = `rbac.roleAssignments[${i}]`
      const o = r.object(v, p)
      return dropUndefined<EvidenceRoleAssignment>({
        Name: r.optString(o.Name, `${p}.Name`), Role: r.string(o.Role, `${p}.Role`),
        RoleAssignee: r.optString(o.RoleAssignee, `${p}.RoleAssignee`), RoleAssigneeType: r.optString(o.RoleAssigneeType, `${p}.RoleAssigneeType`),
        CustomResourceScope: r.optString(o.CustomResourceScope, `${p}.CustomResourceScope`) ?? null,
        Enabled: r.optBool(o.Enabled, `${p}.Enabled`),
      })
    }),
    authorization: r.array(rbacRaw.authorization, 'rbac.authorization').map((v, i) => {
      const p = `rbac.authorization[${i}]`
      const o = r.object(v, p)
      return dropUndefined<EvidenceAuthorization>({
        mailbox: r.string(o.mailbox, `${p}.mailbox`), RoleName: r.string(o.RoleName, `${p}.RoleName`),
        GrantedPermissions: r.rights(o.GrantedPermissions, `${p}.GrantedPermissions`),
        AllowedResourceScope: r.optString(o.AllowedResourceScope, `${p}.AllowedResourceScope`) ?? null,
        ScopeType: r.optString(o.ScopeType, `${p}.ScopeType`) ?? null,
        InScope: r.bool(o.InScope, `${p}.InScope`),
      })
    }),
  }

  const errors = r.array(top.errors, 'errors').map((v, i) => {
    const o = r.object(v, `errors[${i}]`)
    return dropUndefined<EvidenceError>({
      cmdlet: r.string(o.cmdlet, `errors[${i}].cmdlet`), target: r.optString(o.target, `errors[${i}].target`),
      message: r.optString(o.message, `errors[${i}].message`) ?? '',
    })
  })

  return {
    o365doctorEvidence: EVIDENCE_FORMAT_VERSION, collectedAt, ...(typeof top.organization === 'string' ? {organization: top.organization} : {}),
    appId: r.string(top.appId, 'appId'), servicePrincipals, mailboxes, transportConfig, rbac, errors,
  }
}

/** Reads and validates an evidence file; any problem is an InputError naming the flag and the file. */
export function readExchangeEvidence(path: string, flag = '--exchange-evidence'): LoadedExchangeEvidence {
  const source = `${flag} ${path}`
  let text: string
  try {
    text = readBoundedText(path, LIMITS.evidence)
  } catch (error) {
    const code = (error as {code?: string}).code
    throw new InputError(source, code ? `cannot read the file (${code})` : (error as Error).message)
  }
  return {source: path, evidence: parseExchangeEvidence(text, source)}
}

function dropUndefined<T>(o: Record<string, unknown>): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k]
  return o as T
}

// ---------------------------------------------------------------------------------------------------------------
// Questions the check asks. Exchange compares names case-insensitively.

const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase()

export function servicePrincipalsFor(e: ExchangeEvidence, appId: string): EvidenceServicePrincipal[] {
  return e.servicePrincipals.filter((sp) => same(sp.AppId, appId))
}

/** The names a permission entry may show for a service principal (User / Trustee column). */
export function principalNames(sp: EvidenceServicePrincipal): string[] {
  return [sp.DisplayName, sp.ObjectId, sp.Identity, sp.Sid].filter((n): n is string => Boolean(n))
}

export function findEvidenceMailbox(e: ExchangeEvidence, address: string): {mailbox: EvidenceMailbox; index: number} | undefined {
  const index = e.mailboxes.findIndex((m) => same(m.address, address) || same(m.casMailbox?.PrimarySmtpAddress, address))
  return index < 0 ? undefined : {mailbox: e.mailboxes[index]!, index}
}

/** RecipientTypeDetails of recipients that have an Exchange Online mailbox an app can log in to. */
const EXO_MAILBOX_TYPES = ['UserMailbox', 'SharedMailbox', 'RoomMailbox', 'EquipmentMailbox', 'LinkedMailbox', 'SchedulingMailbox']

/** True when Exchange lists the address as a recipient without an Exchange Online mailbox (MailUser, RemoteUserMailbox, …). */
export function recipientWithoutMailbox(recipient: EvidenceRecipient | null | undefined): boolean {
  const details = recipient?.RecipientTypeDetails
  return details !== undefined && !EXO_MAILBOX_TYPES.some((t) => same(t, details))
}

const hasRight = (rights: string[], right: string): boolean => rights.some((r) => same(r, right))

/** An allowing FullAccess entry for one of `names`, and no denying one. */
export function hasFullAccess(mailbox: EvidenceMailbox, names: string[]): boolean {
  const entries = mailbox.mailboxPermissions.filter((p) => hasRight(p.AccessRights, 'FullAccess') && names.some((n) => same(n, p.User)))
  return entries.some((p) => !p.Deny) && !entries.some((p) => p.Deny)
}

/** An Allow Send As entry on the mailbox for one of `trustees`, and no Deny one. */
export function hasSendAs(mailbox: EvidenceMailbox, trustees: string[]): boolean {
  const entries = mailbox.recipientPermissions.filter((p) => hasRight(p.AccessRights, 'SendAs') && trustees.some((t) => same(t, p.Trustee)))
  return entries.some((p) => same(p.AccessControlType, 'Allow')) && !entries.some((p) => same(p.AccessControlType, 'Deny'))
}

/** RBAC for Applications grants SMTP.SendAsApp for this mailbox (Test-ServicePrincipalAuthorization, else an unscoped assignment). */
export function rbacCoversSmtp(e: ExchangeEvidence, address: string): boolean {
  const smtp = (s: string): boolean => /SMTP\.SendAsApp/i.test(s)
  const tested = e.rbac.authorization.filter((a) => same(a.mailbox, address) && (smtp(a.RoleName) || a.GrantedPermissions.some(smtp)))
  if (tested.length > 0) return tested.some((a) => a.InScope)
  return e.rbac.roleAssignments.some((a) => smtp(a.Role) && a.Enabled !== false && !a.CustomResourceScope)
}
