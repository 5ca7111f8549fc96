import { z } from 'zod'

// The variables every process (API, worker, launcher) reads alike: one definition each, one wording of errors.

const positiveInt = (name: string, min: number, max: number) =>
  z.coerce
    .number({ message: `${name} must be a number` })
    .int()
    .min(min)
    .max(max)

export const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')
/** Loopback/private ranges or host names pull sources and channels may reach anyway, e.g. "10.20.0.0/16,data.intranet". */
export const OutboundAllow = z.string().optional()
/** The one directory csv-file sources may read (each process says what unset means). */
export const SourceFilesDir = z.string().min(1).optional()
/** Worker threads that read uploaded files (xlsx/CSV, evidence documents) off the event loop. */
export const UploadParseThreads = positiveInt('UPLOAD_PARSE_THREADS', 1, 16).optional()
/** On SIGTERM: how long running requests or jobs may take to finish before they are cut off (and retried, for jobs). */
export const DrainTimeoutMs = positiveInt('DRAIN_TIMEOUT_MS', 0, 600_000).default(20_000)
/** How long a request waits for Redis to take a job or an event; after that the stored row is acknowledged and the sweeper enqueues it. */
export const EnqueueTimeoutMs = positiveInt('ENQUEUE_TIMEOUT_MS', 50, 10_000).default(500)
/** Retries of a submission's ingest job (exponential from INGEST_BACKOFF_MS); the sweeper catches anything beyond. */
export const IngestAttempts = z.coerce.number().int().min(1).max(50).default(8)
export const IngestBackoffMs = z.coerce.number().int().min(10).max(600_000).default(500)

/** Parses the environment, or throws one message naming every wrong variable and why. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const parsed = schema.safeParse(env)
  if (!parsed.success)
    throw new Error(
      `invalid configuration:\n  ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ')}`,
    )
  return parsed.data
}
