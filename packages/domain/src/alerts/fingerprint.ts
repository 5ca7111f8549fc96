// FNV-1a 64-bit (http://www.isthe.com/chongo/tech/comp/fnv/): tiny, pure and identical everywhere, so the
// package stays client-safe (no node:crypto) and a browser computes the same fingerprint as the worker.
// It is an identity key, not a defence: nobody gains anything by forging a collision.
const FNV64_OFFSET = 0xcbf29ce484222325n
const FNV64_PRIME = 0x100000001b3n
const MASK64 = 0xffffffffffffffffn

/** FNV-1a 64 of the UTF-8 bytes of text, as 16 lower-case hex digits. */
export const fnv1a64 = (text: string): string => {
  let hash = FNV64_OFFSET
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * FNV64_PRIME) & MASK64
  }
  return hash.toString(16).padStart(16, '0')
}

/**
 * The stable identity of one alert series: rule × indicator × jurisdiction. The parts are hashed as a JSON
 * array so that no choice of separator can make ('1', '23') and ('12', '3') collide, and ids are taken as
 * strings so that 7 and '7' (a bigint column read as text) name the same series.
 */
export const alertFingerprint = (key: {
  ruleId: number | string
  indicatorId: number | string
  jurisdictionCode: string
}): string => fnv1a64(JSON.stringify([String(key.ruleId), String(key.indicatorId), key.jurisdictionCode]))

/**
 * The identity of an alert series about a task or milestone: rule × task × its plan's jurisdiction. The
 * array has four parts where an indicator's has three, so no task series can share an indicator's.
 */
export const taskAlertFingerprint = (key: {
  ruleId: number | string
  taskId: number | string
  jurisdictionCode: string
}): string => fnv1a64(JSON.stringify([String(key.ruleId), 'task', String(key.taskId), key.jurisdictionCode]))
