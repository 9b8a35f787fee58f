#!/usr/bin/env bash
# Remove the test fleet: every host's processes, every namespace of this fleet ($FLEET_NS-*, default fdt-*). Idempotent.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ns=${FLEET_NS:-fdt}
state=${FLEET_STATE:-$here/.state-$ns}
[ "$ns" = fdt ] && state=${FLEET_STATE:-$here/.state}
for pidf in "$state"/h*/unshare.pid; do
  [ -f "$pidf" ] || continue
  kill -KILL "$(cat "$pidf")" 2>/dev/null
  rm -f "$pidf"
done
# Anything still running inside a test namespace (sessions, services) goes too.
for n in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$ns-"); do
  for p in $(ip netns pids "$n" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
done
sleep 0.1
for n in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$ns-"); do
  ip netns del "$n" 2>/dev/null
done
for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | grep "^${ns}v" | cut -d@ -f1); do ip link del "$link" 2>/dev/null; done
exit 0
