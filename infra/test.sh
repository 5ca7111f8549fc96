#!/usr/bin/env bash
# The whole test suite, as a new user and CI run it: install, provision PostgreSQL (and Redis),
# typecheck, lint the served OpenAPI document, then every Vitest project against PGlite and PostgreSQL,
# then the unit and integration projects again on Node.js 24 (the LTS) on PGlite (TEST_NODE24=0 skips it locally).
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
log "typecheck"
"$PNPM" run typecheck
log "OpenAPI document: Redocly lint with redocly.yaml"
"$PNPM" run openapi:lint
log "tests on Node.js $(node --version) (DATABASE_URL=${DATABASE_URL:-unset})"
"$PNPM" run test:run
if [ "${TEST_NODE24:-1}" != "0" ] && [ "$(node -p 'process.versions.node.split(".")[0]')" != "24" ]; then
  ensure_node24 || die "could not install Node.js $NODE24_VERSION from the npm registry"
  # Not the browser project: it tests the front ends in Chromium, whatever runs the server. On PGlite only:
  # what differs between Node versions is Node's, not the database's, and the pass stays within CI's time.
  log "unit and integration projects on Node.js $NODE24_VERSION (PGlite)"
  started=$SECONDS
  PATH="$NODE24_BIN:$PATH" env -u DATABASE_URL node node_modules/vitest/vitest.mjs run --project unit --project integration
  log "Node.js $NODE24_VERSION run took $((SECONDS - started)) s"
fi
