#!/usr/bin/env bash
# `npm test`: everything a fresh Debian machine needs, then unit and integration tests.
# Integration tests start a real test fleet (network namespaces, sshd, Go services): root only.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh
bash scripts/ensure-node-deps.sh
npx vitest run --project unit
if [ "$(id -u)" -eq 0 ]; then
  npx vitest run --project integration
else
  echo "integration tests skipped: they need root (network namespaces)" >&2
fi
