#!/usr/bin/env bash
# npm dependencies and the build, only when missing or stale.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # package.json's allowScripts says which install scripts run (npm 11): esbuild's; not ssh2's
  # and cpu-features' optional native builds (ssh2 uses Node's own crypto without them).
  echo "installing node dependencies (npm ci)…" >&2
  npm ci --no-audit --no-fund >&2
fi
if [ ! -f dist/bundle/main.js ] || [ -n "$(find src -newer dist/bundle/main.js -name '*.ts' -print -quit)" ]; then
  echo "building fleet-diag (npm run build)…" >&2
  npm run --silent build >&2
fi
