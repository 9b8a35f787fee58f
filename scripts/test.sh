#!/usr/bin/env bash
# `npm test`: everything a fresh Debian machine needs, then unit and integration tests.
# Integration tests start a real test fleet (network namespaces, sshd, Go services): root only.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh
bash scripts/ensure-node-deps.sh
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$results/unit.json" || status=$?
if [ "$(id -u)" -eq 0 ]; then
  npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$results/integration.json" || status=$?
else
  echo "integration tests skipped: they need root (network namespaces)" >&2
fi
# One plain closing line over both projects.
node -e '
  const fs = require("fs"); let p = 0, f = 0, s = 0;
  for (const file of process.argv.slice(1)) {
    if (!fs.existsSync(file)) continue;
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    p += r.numPassedTests; f += r.numFailedTests; s += r.numPendingTests + (r.numTodoTests || 0);
  }
  console.log(`tests: ${p} passed, ${f} failed, ${s} skipped`);
' "$results/unit.json" "$results/integration.json"
exit "$status"
