#!/usr/bin/env bash
# npm dependencies and the build, only when missing or stale.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund >&2
fi
if [ ! -f dist/bundle/main.js ] || [ -n "$(find src -newer dist/bundle/main.js -name '*.ts' -print -quit)" ]; then
  npm run --silent build >&2
fi
