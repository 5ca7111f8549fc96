import type { ChangeEvent } from '@cockpit/contracts'
import type { Database, DbHealth } from '@cockpit/db'
import type { OutboundPolicy, Principal } from '@cockpit/services/kernel'
import type { EventHub } from '@cockpit/services/messaging'
import type { QueueProbe } from '@cockpit/services/ops'
import type { ParsePool } from '@cockpit/tabular'
import type { PlanReadPool } from '@cockpit/plan-import'
import type { Queue } from 'bullmq'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { ApiMetrics } from './metrics.js'
import type { SnapshotOptions } from './read-snapshots.js'
import type { TokenCacheOptions } from './token-cache.js'

/** What every handler can reach: passed in once, never read from process.env. */
export interface AppDeps {
  db: Kysely<Database>
  dbKind: 'pglite' | 'postgres'
  /** Whether the database server is reachable, as the pool sees it (absent: health pings instead). */
  dbHealth?: DbHealth
  /** Redis, worker heartbeats and queue backlog for /api/v1/health (absent: the instance runs without a queue). */
  probeQueues?: () => Promise<QueueProbe>
  /** A waiting job older than this makes health degraded (default 60 s). */
  queueLagLimitMs?: number
  logger: Logger
  /** Worker threads that read uploaded files (preview, evidence), so a large file never stalls other callers. */
  parsePool: ParsePool
  /** Worker threads that read uploaded plan documents (规划导入); absent: read in-process (scripts, small tests). */
  planReadPool?: PlanReadPool
  /** The current instant; tests pin it. */
  now: () => Date
  version: string
  /** Hands a stored submission to the ingest queue (may throw when Redis is away). */
  enqueueIngest: (submissionId: string) => Promise<void>
  /** Queues shown on the admin-only bull-board at /admin/queues (absent: no board). */
  queues?: Queue[]
  /** Live changes for the SSE stream (absent: /api/v1/events answers 503) and for rebuilding read snapshots. */
  events?: EventHub
  /** How long shared read snapshots may live and how many are kept (default DEFAULT_SNAPSHOT_OPTIONS). */
  snapshots?: SnapshotOptions
  /** How long a Bearer token's caller is remembered (default DEFAULT_TOKEN_CACHE; ttlMs 0 turns it off). */
  tokenCache?: TokenCacheOptions
  /**
   * Called after a write in the API commits status changes (a review approval): publishes them and
   * queues the alert evaluation, as the ingest worker does after ingest. Absent: the periodic runs catch up.
   */
  onChanges?: (changes: ChangeEvent[]) => Promise<void>
  /** Cookies get the Secure flag when the API is served over HTTPS. */
  secureCookies: boolean
  /** Product seconds per real second (1 = real time; a demo calendar runs faster). Screens extrapolate with it. */
  clockRate?: number
  /** Where pull sources and notification channels may point (absent: public addresses only). */
  outbound?: OutboundPolicy
  /** The one directory csv-file sources may read (absent or null: csv-file sources are refused). */
  sourceFilesDir?: string | null
  /** The folder of shipped boundary files (`<adcode>.geojson`); absent: seeds/geo; null: none (schematic or approved only). */
  geoDir?: string | null
  /** Built front ends to serve: URL prefix → directory of static files (e.g. '/screen' → apps/screen/dist). */
  staticSites?: { prefix: string; dir: string }[]
  /** What /api/v1/metrics serves (absent: 404 there) and where request latency is recorded. */
  metrics?: ApiMetrics
  /** Digest of the scraper's METRICS_TOKEN (absent: /api/v1/metrics for administrators only). */
  metricsTokenDigest?: Buffer | null
  /** True once the process is draining (SIGTERM): /api/v1/health/ready answers 503 so balancers stop sending. */
  draining?: () => boolean
}

export interface AppEnv {
  Variables: {
    requestId: string
    deps: AppDeps
    principal: Principal | null
    csrfToken: string | null
    /** The caller presented the METRICS_TOKEN (admitted to /api/v1/metrics only). */
    metricsScraper: boolean
  }
}
