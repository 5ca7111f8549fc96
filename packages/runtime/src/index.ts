export {
  composeRuntime,
  type Runtime,
  type RuntimeAppDeps,
  type RuntimeConfig,
  type WorkerSettings,
} from './compose.js'
export { type RunningWorkers, startWorkers, type WorkerOptions } from './workers/start-workers.js'
export { configOrExit, exitWhileStarting, onStop } from './process.js'
export {
  DrainTimeoutMs,
  EnqueueTimeoutMs,
  IngestAttempts,
  IngestBackoffMs,
  LogLevel,
  OutboundAllow,
  parseEnv,
  SourceFilesDir,
  UploadParseThreads,
} from './env.js'
