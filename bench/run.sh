#!/usr/bin/env bash
# Benchmarks: bench/run.sh collect|parse|aggregate|verdicts|all   (npm run bench, bench:collect, bench:parse, bench:aggregate, bench:verdicts)
#   collect  bench/collect/run.ts: whole `fleet-diag run` against a plain parallel ssh loop
#            on test fleets (root; BENCH_SIZES, BENCH_ROUNDS; see bench/README.md)
#   parse    bench/parse/run.sh, when present
#   aggregate bench/aggregate/run.ts: `fleet-diag aggregate` of 1,000 simulated hosts (time, peak RSS)
#   verdicts bench/verdicts/run.ts: regimes (leaks, bursts, ramps, pools, churn) run BENCH_RUNS
#            times each through the analysis, verdict counts, precision and recall
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

collect() { node_modules/.bin/tsx bench/collect/run.ts; }
aggregate() { node_modules/.bin/tsx bench/aggregate/run.ts; }
verdicts() { node_modules/.bin/tsx bench/verdicts/run.ts; }
parse() {
  if [[ -f bench/parse/run.sh ]]; then bash bench/parse/run.sh
  else echo "bench: no parse benchmark yet (bench/parse/run.sh)" >&2; fi
}

case ${1:-all} in
  collect) collect ;;
  aggregate) aggregate ;;
  parse) parse ;;
  verdicts) verdicts ;;
  all) collect; parse; aggregate; verdicts ;;
  *) echo "usage: bench/run.sh collect|parse|aggregate|verdicts|all" >&2; exit 3 ;;
esac
