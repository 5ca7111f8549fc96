#!/usr/bin/env bash
# One command on a fresh machine: install everything, then start the API on the embedded database
# (PGlite under ./data) with the five plans seeded, its own redis-server, the workers and the demo
# simulator. DATABASE_URL / REDIS_URL select a PostgreSQL / Redis server instead.
# With options (`npm start -- --api 2 --workers 2`): the API and the workers as separate processes
# against PostgreSQL (DATABASE_URL, required) and Redis (apps/launcher/src/scale-out.ts).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
install_deps
[ -n "${REDIS_URL:-}" ] || ensure_redis_binary
cd "$ROOT"
# node itself (not pnpm) so a SIGTERM to this process reaches the supervisor, which drains every process.
if [ "$#" -gt 0 ]; then exec node --import tsx apps/launcher/src/scale-out.ts "$@"; fi
log "building the web front ends"
"$PNPM" run build:web >/dev/null || die "building the front ends failed"
exec "$PNPM" run serve
