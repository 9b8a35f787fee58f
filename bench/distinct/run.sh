#!/usr/bin/env bash
# Memory and time of dumps whose stacks are all distinct (issue 21): for each size, one dump
# (bench/distinct/gen.ts) through `analyze`, `analyze --json` and `aggregate` of a host holding
# it (the run path's report building), each as a whole process under /usr/bin/time -v: peak
# RSS and wall time. Hold the bench lock:
#   flock /tmp/fleet-diag-integration.lock bash bench/distinct/run.sh [SIZES_MB] [CLI]
# SIZES_MB defaults to "40 100"; CLI to bin/fleet-diag.js (the current dist/).
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${1:-40 100}
CLI=${2:-bin/fleet-diag.js}
WORK=bench/.work/distinct
mkdir -p "$WORK"
measure() { # name, command...
  local name=$1; shift
  local out=$WORK/out.txt err=$WORK/time.txt rc=0
  /usr/bin/time -v "$@" > "$out" 2> "$err" || rc=$?
  local rss wall cpu
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$err")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$err")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.1f", u+s}' "$err")
  printf '%-18s %6s MB RSS  wall %8s  cpu %6s s  exit %s  stdout %s bytes\n' "$name" "$rss" "$wall" "$cpu" "$rc" "$(wc -c < "$out")"
}
for mb in $SIZES; do
  dump=$WORK/d$mb.txt
  [ -s "$dump" ] || node_modules/.bin/tsx bench/distinct/gen.ts "$dump" "$mb" >/dev/null
  [ -d "$WORK/host-$mb" ] || node_modules/.bin/tsx bench/distinct/host-dir.ts "$dump" "$WORK/host-$mb" >/dev/null
  echo "# $mb MB: $(wc -c < "$dump") bytes, $(grep -c '^goroutine ' "$dump") goroutines, load $(cut -d' ' -f1-3 /proc/loadavg)"
  measure analyze node "$CLI" analyze "$dump"
  measure analyze-json node "$CLI" analyze --json "$dump"
  rm -rf "$WORK/agg-out"
  measure aggregate node "$CLI" aggregate --out "$WORK/agg-out" --json "$WORK/host-$mb"
done
