#!/usr/bin/env bash
# The whole test suite, as a new user and CI run it: install, provision PostgreSQL (and Redis), format and
# lint (Biome), typecheck, lint the served OpenAPI document, then every Vitest project against PGlite and
# PostgreSQL, then the unit project and the Node-sensitive integration files again on Node.js 24 (the LTS) on
# PGlite (TEST_NODE24=0 skips it locally).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
install_deps
cd "$ROOT"
if ! ensure_postgres; then
  [ "${CI:-}" = "true" ] && die "PostgreSQL is required in CI"
  log "WARNING: no PostgreSQL available: database tests run on PGlite only"
fi
if ! ensure_postgres_binaries; then
  [ "${CI:-}" = "true" ] && die "PostgreSQL's initdb is required in CI (fault tests)"
  log "WARNING: no initdb: the fault tests on a server of their own are skipped"
fi
if ! ensure_redis; then
  [ "${CI:-}" = "true" ] && die "Redis is required in CI"
  log "WARNING: no Redis available"
fi
if ! ensure_chromium; then
  [ "${CI:-}" = "true" ] && die "Chromium is required in CI (browser tests)"
  log "WARNING: no Chromium: the browser tests will fail"
fi
# Integration files run again on Node.js 24 (see below); a name here that matches no file fails the run.
NODE_SENSITIVE_TESTS=(
  apps/api/src/app.int.test.ts                  # Hono on node:http, request ids, errors
  apps/api/src/events.int.test.ts               # SSE streams
  apps/api/src/http-caching.int.test.ts         # zlib, ETag/304
  apps/api/src/upload-parse-pool.int.test.ts    # worker threads, resource limits
  apps/api/src/uploads.int.test.ts              # multipart streams, exceljs
  apps/api/src/evidence.int.test.ts             # file streams, magic bytes
  apps/api/src/login-security.int.test.ts       # crypto (scrypt), timing
  apps/launcher/src/faults.int.test.ts          # child processes, sockets, Redis loss
  apps/api/src/generated-client.int.test.ts     # fetch against a loopback server
  packages/notify/src/email.int.test.ts         # SMTP sockets
  packages/notify/src/outbound/guarded-fetch.int.test.ts  # undici, DNS pinning
  packages/db/src/migrate.int.test.ts           # PGlite (WASM) on this Node
)
for f in "${NODE_SENSITIVE_TESTS[@]}"; do [ -f "$f" ] || die "NODE_SENSITIVE_TESTS names $f, which does not exist"; done
log "format and lint (Biome: biome.json)"
"$PNPM" run lint
log "typecheck"
"$PNPM" run typecheck
log "OpenAPI document: Redocly lint with redocly.yaml"
"$PNPM" run openapi:lint
log "tests on Node.js $(node --version) (DATABASE_URL=${DATABASE_URL:-unset})"
# Each file's duration goes to test-artifacts/vitest-timings.json too: what to shard or trim when the suite grows.
"$PNPM" run test:run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest-timings.json
if [ "${TEST_NODE24:-1}" != "0" ] && [ "$(node -p 'process.versions.node.split(".")[0]')" != "24" ]; then
  ensure_node24 || die "could not install Node.js $NODE24_VERSION from the npm registry"
  # The unit project, and the integration files that lean on what changes between Node versions (HTTP server
  # and fetch, streams and SSE, worker threads, zlib, crypto, child processes, timers): the rest of the
  # integration project is SQL and domain logic already run above, and running all of it twice cost CI 17
  # minutes. Not the browser project: it tests the front ends in Chromium, whatever runs the server. On PGlite
  # only: what differs between Node versions is Node's, not the database's.
  log "unit project and Node-sensitive integration files on Node.js $NODE24_VERSION (PGlite)"
  started=$SECONDS
  PATH="$NODE24_BIN:$PATH" env -u DATABASE_URL node node_modules/vitest/vitest.mjs run --project unit
  PATH="$NODE24_BIN:$PATH" env -u DATABASE_URL node node_modules/vitest/vitest.mjs run --project integration \
    "${NODE_SENSITIVE_TESTS[@]}"
  log "Node.js $NODE24_VERSION run took $((SECONDS - started)) s"
fi
