# Shared by scripts/demo and scripts/test: a project virtual environment and the local services.
# Everything installs from the project's own files (setup.cfg), so a fresh clone needs nothing else.

VENV="${FRONTDESK_VENV:-.venv}"

ensure_venv() {  # ensure_venv [extra]  — create .venv and install the project when setup.cfg changed
  local extra="${1:-}" want
  if [ ! -x "$VENV/bin/python" ]; then
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
      || { echo "Frontdesk needs Python 3.11 or newer (python3 is $(python3 --version))" >&2; exit 1; }
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
  fi
  want="$(cat setup.cfg pyproject.toml | sha256sum | cut -c1-16)-${extra}"
  if [ "$(cat "$VENV/.frontdesk-installed" 2>/dev/null)" != "$want" ]; then
    echo "Installing Frontdesk and its dependencies into $VENV ..."
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".${extra:+[$extra]}"
    echo "$want" > "$VENV/.frontdesk-installed"
  fi
}

ensure_node_packages() {  # install the browser packages (package-lock.json), copy what the pages load, bundle the widget
  local want vendor="frontdesk/static/vendor"
  command -v npm >/dev/null || {
    echo "Frontdesk needs Node.js and npm for the browser packages (socket.io-client, twilio-video, chart.js, axe-core)." >&2
    echo "Install them (e.g. 'apt-get install nodejs npm', or from https://nodejs.org) and run this again." >&2
    exit 1
  }
  want="$(cat package.json package-lock.json | sha256sum | cut -c1-16)"
  if [ "$(cat node_modules/.frontdesk-installed 2>/dev/null)" != "$want" ]; then
    echo "Installing the browser packages into node_modules ..."
    npm ci --no-audit --no-fund
    echo "$want" > node_modules/.frontdesk-installed
  fi
  mkdir -p "$vendor"
  cp node_modules/socket.io-client/dist/socket.io.esm.min.js "$vendor/socket.io.esm.min.js"  # the console and widget import it
  cp node_modules/socket.io-client/dist/socket.io.min.js "$vendor/socket.io.min.js"  # for widgets cached from before
  cp node_modules/axe-core/axe.min.js "$vendor/axe.min.js"
  cp node_modules/twilio-video/dist/twilio-video.min.js "$vendor/twilio-video.min.js"
  cp node_modules/chart.js/dist/chart.umd.min.js "$vendor/chart.umd.min.js"
  npm run --silent build  # webchat/src -> webchat/static/widget.js and widget-video.js (esbuild, package.json)
}

ensure_postgres() {  # start the machine's PostgreSQL if it is down
  pg_isready -q -h 127.0.0.1 -p 5432 && return 0
  command -v pg_ctlcluster >/dev/null || { echo "PostgreSQL is not running and pg_ctlcluster is missing" >&2; return 1; }
  echo "Starting PostgreSQL ..."
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 1; done
  echo "PostgreSQL did not start" >&2; return 1
}

ensure_redis() {  # start the machine's Redis if it is down
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0
  command -v redis-server >/dev/null || { echo "Redis is not running and redis-server is missing" >&2; return 1; }
  echo "Starting Redis ..."
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0; sleep 1; done
  echo "Redis did not start" >&2; return 1
}

ensure_haproxy() {  # Debian's HAProxy, the proxy in front of several servers (scripts/cluster, tests)
  command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] && return 0
  echo "Installing Debian's HAProxy ..."
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq haproxy >/dev/null
}

ensure_chromium() {  # Debian's Chromium for the browser tests (Playwright never downloads its own)
  [ -x "${FRONTDESK_CHROMIUM:-/usr/bin/chromium}" ] && return 0
  echo "Installing Debian's Chromium for the browser tests ..."
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}
