/** The jurisdictions a manager is scoped to (their descendants included). */
export interface UserJurisdictionsTable {
  user_id: number
  jurisdiction_code: string
}
