#!/usr/bin/env bash
# `npm run demo`: start the example leaking Go service on 127.0.0.1:6060 and run
# `fleet-diag run --inventory local` against it through Ansible's local connection.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh
bash scripts/ensure-node-deps.sh
bash scripts/start-example.sh
trap 'bash scripts/stop-example.sh' EXIT
echo "example service leaking goroutines on 127.0.0.1:6060; letting it run a few seconds…" >&2
sleep 3
set +e
# The demo's own run directory, made afresh each time (fleet-diag refuses to write into a used one).
rm -rf runs/demo-latest
node bin/fleet-diag.js run --inventory local --samples 3 --interval 3s --out runs/demo-latest "$@"
code=$?
set -e
echo "fleet-diag exited with $code (see README: exit codes)" >&2
