#!/usr/bin/env bash
# The public stuck set (issue 18): backtraces of real blocking bugs from GoBench's GoReal suite
# (timmyyuan/gobench, each README quoting the bug's PR and the trace of the project's own test).
# GoBench states no licence, so the traces are not in this repository: this script clones
# GoBench at the commit measured and cuts each trace out of its README into DIR, beside a copy
# of bench/stuck/public-SOURCES.tsv (URL, named site, notes). Nothing is built or run.
#   bench/stuck/get-public.sh DIR          (GOBENCH_GIT=… clones another copy of it)
#   FLEET_DIAG_STUCK_PUBLIC=DIR npx vitest run --project unit test/unit/analysis/suspects.test.ts
#   FLEET_DIAG_STUCK_PUBLIC=DIR node_modules/.bin/tsx bench/stuck/measure.ts
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=${1:?usage: bench/stuck/get-public.sh DIR}
commit=2e91eb1
mkdir -p "$dir"
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
git clone --quiet "${GOBENCH_GIT:-https://github.com/timmyyuan/gobench}" "$src/gobench"
git -C "$src/gobench" checkout --quiet "$commit"
tail -n +2 "$here/public-SOURCES.tsv" | cut -f1 | while read -r file; do
  name=${file#goreal-}; name=${name%.txt}
  readme="$src/gobench/gobench/goreal/blocking/${name%%-*}/${name#*-}/README.md"
  # The first fenced block after "## Backtrace".
  awk '/^## Backtrace/{b=1;next} b&&/^```/{if(inb){exit}else{inb=1;next}} inb{print}' "$readme" > "$dir/$file"
done
cp "$here/public-SOURCES.tsv" "$dir/SOURCES.tsv"
echo "$(ls "$dir" | grep -c '\.txt$') traces in $dir"
