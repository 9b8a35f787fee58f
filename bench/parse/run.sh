#!/usr/bin/env bash
# Parse benchmark (issue 3): a real Go program parks N goroutines (default 100,000) and writes
# its debug=2 dump (~28 MB); then, alternating runs, we time as whole processes
#   scanner       a plain Go line scanner grouping the goroutines by stack (the baseline)
#   parse-merge   node: parseDumpFile, equal stacks merged while streaming, groups printed
#   parse-exact   node: parseDumpFile, one record per goroutine, grouped afterwards
#   analyze-json  fleet-diag analyze --json (the CLI as a user runs it)
# and print min/median times and ratios to the scanner. Target: analyze-json ≤ 3× the scanner.
#
#   bash bench/parse/run.sh [N] [RUNS]      (env SKIP_CLI=1 to leave the CLI out)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
N=${1:-100000}
RUNS=${2:-11}
WORK=$ROOT/bench/.work/parse
mkdir -p "$WORK"

echo "# building the Go generator and scanner ($(go version | cut -d' ' -f3))"
(cd bench/parse/gen && go build -o "$WORK/gen" .)
(cd bench/parse/scanner && go build -o "$WORK/scanner" .)

DUMP=$WORK/goroutines-$N.txt
if [ ! -s "$DUMP" ]; then
  echo "# generating $DUMP"
  "$WORK/gen" -n "$N" > "$DUMP.tmp" && mv "$DUMP.tmp" "$DUMP"
fi
echo "# dump: $(wc -c < "$DUMP") bytes, $(grep -c '^goroutine ' "$DUMP") goroutine headers"

echo "# bundling the parse driver"
node_modules/.bin/esbuild bench/parse/parse-file.ts --bundle --platform=node --format=esm --target=node20 \
  --outfile="$WORK/parse-file.mjs" --log-level=warning

CMDS=("scanner=$WORK/scanner $DUMP" "node-startup=node -e 0" "parse-merge=node $WORK/parse-file.mjs $DUMP merge" "parse-exact=node $WORK/parse-file.mjs $DUMP exact")
if [ "${SKIP_CLI:-0}" != 1 ]; then
  echo "# building the CLI as npm run build does, into $WORK/cli (dist/ is left alone)"
  rm -rf "$WORK/cli"
  node scripts/bundle.mjs "$WORK/cli/bundle"
  # packageRoot is two levels above the bundle: give it the package's data folders.
  for d in patterns schema roles; do [ -e "$ROOT/$d" ] && ln -sfn "$ROOT/$d" "$WORK/$d"; done
  ln -sfn "$ROOT/node_modules" "$WORK/node_modules"
  printf "import('./cli/bundle/main.js');\n" > "$WORK/fleet-diag.mjs"
  if [ -e "$WORK/cli/bundle/main.js" ]; then
    CMDS+=("analyze-json=node $WORK/fleet-diag.mjs analyze --json $DUMP")
  else
    echo "  (no CLI build: analyze-json left out)"
  fi
fi

echo "# cross-check: the scanner and the parser find the same goroutines and groups"
"$WORK/scanner" "$DUMP" > "$WORK/scanner.json"
node "$WORK/parse-file.mjs" "$DUMP" merge > "$WORK/parse.json" 2>/dev/null
node -e '
const [a, b] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
const counts = (j) => j.groups.map((g) => g.count).sort((x, y) => y - x).join(",");
if (a.total !== b.total || counts(a) !== counts(b)) {
  console.error(`MISMATCH: scanner total ${a.total} groups ${counts(a)}; parser total ${b.total} groups ${counts(b)}`);
  process.exit(1);
}
console.log(`  ok: ${a.total} goroutines in ${a.groups.length} groups (${counts(a)})`);
' "$WORK/scanner.json" "$WORK/parse.json"

echo "# timing, $RUNS alternating runs each (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
node bench/parse/compare.mjs "$RUNS" "${CMDS[@]}"
