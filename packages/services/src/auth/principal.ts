import type { Role } from '@cockpit/db'

/** Who is calling: a logged-in person or a department's API token. */
export interface Principal {
  kind: 'user' | 'token'
  userId: number | null
  tokenId: number | null
  role: Role
  /** The department a reporter or token acts for. */
  departmentId: number | null
  /** A manager's jurisdictions (their descendants included); empty for other roles. */
  jurisdictions: string[]
  /** For the audit log and logs: "user:admin" or "token:csk_ab12…". */
  label: string
}

export const isAdmin = (p: Principal) => p.role === 'admin'
