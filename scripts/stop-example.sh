#!/usr/bin/env bash
# Stop the example service started by scripts/start-example.sh (idempotent).
set -uo pipefail
cd "$(dirname "$0")/.."
pidf=.fleet/example.pid
[[ -f $pidf ]] || { echo "stop-example: not running" >&2; exit 0; }
pid=$(cat "$pidf")
if [[ $(cat "/proc/$pid/comm" 2>/dev/null) == leaky ]]; then
  kill "$pid"
  for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  echo "stop-example: stopped pid $pid" >&2
else
  echo "stop-example: pid $pid is not the example service any more; nothing to stop" >&2
fi
rm -f "$pidf"
