#!/usr/bin/env bash
# One command on a fresh machine: install everything, then start the API on the embedded database
# (PGlite under ./data) with the five plans seeded. DATABASE_URL selects a PostgreSQL server instead.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
install_deps
cd "$ROOT"
exec "$PNPM" run serve
