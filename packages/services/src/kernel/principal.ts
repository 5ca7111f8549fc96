import type { Role } from '@cockpit/db'

/** Who is calling: a logged-in person, a department's API token or a wall screen's display key. */
export interface Principal {
  kind: 'user' | 'token'
  userId: number | null
  tokenId: number | null
  role: Role
  /** The department a reporter or token acts for. */
  departmentId: number | null
  /** A manager's or viewer's jurisdictions, their descendants included; empty for other roles (and an unscoped viewer). */
  jurisdictions: string[]
  /** For the audit log and logs: "user:admin" or "token:csk_ab12…". */
  label: string
}

export const isAdmin = (p: Principal) => p.role === 'admin'

/** An administrator acting for no person (a launcher, a bench, a test): `label` names it in the audit log. */
export const adminPrincipal = (label: string): Principal => ({
  kind: 'user',
  userId: null,
  tokenId: null,
  role: 'admin',
  departmentId: null,
  jurisdictions: [],
  label,
})
