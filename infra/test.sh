#!/usr/bin/env bash
# The whole test suite, as a new user and CI run it: install, provision PostgreSQL (and Redis),
# typecheck, then every Vitest project against PGlite and PostgreSQL.
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
log "tests (DATABASE_URL=${DATABASE_URL:-unset})"
"$PNPM" run test:run
