// Shapes of the values a customer types. Kept loose where Microsoft is loose (domains), strict where it is
// strict (GUIDs).

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i
const ADDRESS = /^[^\s@<>()",;:]+@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/i

export const isGuid = (value: string): boolean => GUID.test(value)
export const isDomain = (value: string): boolean => DOMAIN.test(value)
export const isMailAddress = (value: string): boolean => ADDRESS.test(value)

/** Placeholders left in from a product's template: {TENANT}, #TenantID#, <tenant-id>, [tenant], %TENANT%, $tenant. */
export const PLACEHOLDER = /\{[^}]*\}|#[A-Za-z_]+#|<[^>]*>|\[[A-Za-z_ -]+\]|%[A-Za-z_]+%|\$\{?[A-Za-z_]+\}?/
