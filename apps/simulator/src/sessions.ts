import type { Logger } from 'pino'
import type { Session, TaskApi } from './task-api.js'

/** A person the simulator acts as through the portal's API: the administrator, or a manager. */
export interface Person {
  username: string
  password: string
  role: 'admin' | 'manager'
}

export interface Sessions {
  /** The administrator's session, or null (no administrator given, or the login is refused). */
  admin(): Promise<Session | null>
  /** Managers' sessions, the most local first (fewest jurisdictions), so a city's manager decides a city's claims. */
  managers(): Promise<Session[]>
  /** Forgets a session the API no longer accepts (401): the next call logs in again. */
  drop(session: Session): void
}

/**
 * Logs people in when first needed and keeps their sessions (the API's sessions last hours of real
 * time). A refused login (wrong password, disabled account) is not tried again; a failed one is.
 */
export function createSessions(api: TaskApi, people: readonly Person[], logger: Logger): Sessions {
  const open = new Map<string, Session>()
  const refused = new Set<string>()

  async function sessionOf(p: Person): Promise<Session | null> {
    const known = open.get(p.username)
    if (known) return known
    if (refused.has(p.username)) return null
    const out = await api.login(p.username, p.password)
    if (out.kind === 'ok') {
      open.set(p.username, out.value)
      return out.value
    }
    if (out.kind === 'refused') {
      refused.add(p.username)
      logger.info(
        { username: p.username, status: out.status, message: out.message },
        'simulator login refused; not acting as this person',
      )
    }
    return null
  }

  return {
    async admin() {
      const admin = people.find((p) => p.role === 'admin')
      return admin ? sessionOf(admin) : null
    },
    async managers() {
      const out: Session[] = []
      for (const p of people.filter((x) => x.role === 'manager')) {
        const s = await sessionOf(p)
        if (s) out.push(s)
      }
      return out.sort((a, b) => a.jurisdictions.length - b.jurisdictions.length || a.username.localeCompare(b.username))
    },
    drop(session) {
      open.delete(session.username)
    },
  }
}
