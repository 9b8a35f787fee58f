# fleet-diag node-side collector (fleet-diag-collector).
# POSIX sh and common tools only (curl or wget, ps, ss or netstat, gzip, base64): nothing to install.
# Run as: sh -c "$(cat collect.sh)" fleet-diag-collector[:TAG] URL SAMPLES INTERVAL TIMEOUT CAP FULL PROCESS [SPOOL [CAPTURES [ATTACH]]]
#   TAG       names this run's collector on this host ([A-Za-z0-9_-]): its processes carry it in
#             their command line and its work directory in its name, so stop.sh ends this run's
#             collector and no other
#   URL       pprof base URL (default http://127.0.0.1:6060), data, never evaluated
#   SAMPLES   goroutine profiles to take, INTERVAL seconds apart
#   TIMEOUT   seconds each fetch may take
#   CAP       take debug=2 stacks only when the cheap profile shows at most CAP goroutines
#   FULL      1 lifts CAP
#   PROCESS   optional pattern (pgrep -f) for the Go process; default: the listener on URL's port
#   SPOOL     optional name: output is also kept in ~/.fleet-diag/SPOOL while the collector runs,
#             so a driver that was interrupted can still fetch the samples taken so far (stop.sh).
#             Removed when the collector ends, also when its node-side `timeout` ends it (TERM);
#             kept after INT or HUP (a driver's stop, a dropped terminal) for stop.sh to fetch.
#             '' for none.
#   CAPTURES  optional on-demand profiles after the samples, e.g. heap,allocs,cpu=10,trace=5:
#             each fetched once, bounded by its seconds plus TIMEOUT, sent as it comes (not gzipped
#             again: pprof's profiles already are; a trace is).
#   ATTACH    optional seconds: where pprof does not answer, attach Delve (dlv) to the process for
#             at most that long per sample, list its goroutines, detach and check the process
#             still runs (0 or absent: never attach).
# Output is a line protocol on stdout: "@@fd KEY ..." records; file payloads as base64 between
# "@@fd file KIND SAMPLE ENC" and "@@fd end". The controller reads it (src/collect/).
# Keep this file free of template syntax: it travels through Ansible variables as data.

url=${1:-http://127.0.0.1:6060}
samples=${2:-1}
interval=${3:-5}
tmo=${4:-20}
cap=${5:-10000}
full=${6:-0}
pattern=${7:-}
spool=${8:-}
captures=${9:-}
case $captures in *[!a-z0-9=,]*) captures='' ;; esac
attach=${10:-0}
case $attach in ''|*[!0-9]*) attach=0 ;; esac
case $spool in *[!A-Za-z0-9_-]*) spool='' ;; esac
tag=''
case $0 in fleet-diag-collector:*) tag=${0#fleet-diag-collector:} ;; esac
case $tag in *[!A-Za-z0-9_-]*) tag='' ;; esac

case $url in
  http://*|https://*) ;;
  *) echo "@@fd fatal config pprof URL must start with http:// or https://"; exit 0 ;;
esac
if printf '%s' "$url" | grep -q '[^][A-Za-z0-9.:/_~%+=@-]'; then
  echo "@@fd fatal config pprof URL contains characters that are not allowed"; exit 0
fi
url=${url%/}

work=$(mktemp -d "${TMPDIR:-/tmp}/fleet-diag.${tag:-run}.XXXXXX" 2>/dev/null || echo "${TMPDIR:-/tmp}/fleet-diag.${tag:-run}.$$")
mkdir -p "$work" || { echo "@@fd fatal node cannot create a temporary directory"; exit 0; }
keep_spool=0
cleanup() {
  rm -rf "$work"
  if [ -n "$spool" ] && [ "$keep_spool" = 0 ]; then rm -f "$HOME/.fleet-diag/$spool"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'keep_spool=1; exit 130' INT
trap 'keep_spool=1; exit 129' HUP

now_ms() {
  t=$(date +%s%3N 2>/dev/null)
  case $t in
    *N*|'') echo "$(date +%s)000" ;;
    *) echo "$t" ;;
  esac
}

oneline() { tr '\r\n' '  ' < "$1" | cut -c1-300; }

# fetch PATH OUTFILE [SECONDS]: bounded HTTP GET of URL+PATH (SECONDS: default TIMEOUT); on
# failure, reason in $work/err.
fetch() {
  : > "$work/err"
  if command -v curl >/dev/null 2>&1; then
    curl -sS -f --connect-timeout "$tmo" --max-time "${3:-$tmo}" -o "$2" "$url$1" 2> "$work/err"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -T "${3:-$tmo}" -t 1 -O "$2" "$url$1" 2> "$work/err"
  else
    echo "neither curl nor wget is installed on the node" > "$work/err"
    return 127
  fi
}

# emit KIND SAMPLE FILE ENC: ENC gz (gzip then base64) or raw (already compressed, base64 only)
emit() {
  if [ "$4" = gz ] && command -v gzip >/dev/null 2>&1; then
    echo "@@fd file $1 $2 gz"
    gzip -c < "$3" | base64
  else
    echo "@@fd file $1 $2 raw"
    base64 < "$3"
  fi
  echo "@@fd end"
}

self_pid() {
  # Our own process chain carries the pattern in its argv: skip anything that is the collector.
  for p in "$@"; do
    if [ -r "/proc/$p/cmdline" ] && tr '\0' ' ' < "/proc/$p/cmdline" | grep -q 'fleet-diag-collector'; then
      continue
    fi
    echo "$p"
    return 0
  done
}

find_pid() {
  if [ -n "$pattern" ]; then
    self_pid $(pgrep -f -- "$pattern" 2>/dev/null)
    return 0
  fi
  hostport=${url#*://}
  hostport=${hostport%%/*}
  port=${hostport##*:}
  case $port in
    ''|*[!0-9]*) case $url in https://*) port=443 ;; *) port=80 ;; esac ;;
  esac
  if command -v ss >/dev/null 2>&1; then
    ss -ltnpH "sport = :$port" 2>/dev/null | sed -n 's/.*pid=\([0-9][0-9]*\).*/\1/p' | head -n 1
  elif command -v netstat >/dev/null 2>&1; then
    netstat -ltnp 2>/dev/null | awk -v p=":$port" '$4 ~ p"$" { split($7, a, "/"); print a[1]; exit }'
  fi
}

threads_of() {
  n=''
  if command -v ps >/dev/null 2>&1; then
    n=$(ps -T -p "$1" 2>/dev/null | sed 1d | wc -l | tr -d ' ')
  fi
  if [ -z "$n" ] || [ "$n" = 0 ]; then
    [ -d "/proc/$1/task" ] && n=$(ls "/proc/$1/task" | wc -l | tr -d ' ')
  fi
  echo "$n"
}

sockets() {
  if command -v ss >/dev/null 2>&1; then
    printf 'ss'
    ss -tanH 2>/dev/null | awk '{ c[$1]++ } END { for (s in c) printf " %s=%d", s, c[s] }'
    echo
  elif command -v netstat >/dev/null 2>&1; then
    printf 'netstat'
    netstat -tan 2>/dev/null | awk '$1 ~ /^tcp/ { c[$6]++ } END { for (s in c) printf " %s=%d", s, c[s] }'
    echo
  else
    echo none
  fi
}

# memstats SAMPLE: runtime.MemStats, the trailer of the heap profile at debug=1 (heap and stacks
# in use, GC count, recent GC pauses); only the trailer travels. Where the heap profile is not
# served the sample has none (the report says null), and the first sample says why.
memstats() {
  if fetch "/debug/pprof/heap?debug=1" "$work/heap"; then
    sed -n '/^# runtime.MemStats/,$p' "$work/heap" > "$work/ms"
    rm -f "$work/heap"
    if [ -s "$work/ms" ]; then emit memstats "$1" "$work/ms" gz; return 0; fi
    [ "$1" = 0 ] && echo "@@fd note 0 memory statistics unavailable: the heap profile has no runtime.MemStats trailer"
  elif [ "$1" = 0 ]; then
    echo "@@fd note 0 memory statistics unavailable: fetch $url/debug/pprof/heap failed: $(oneline "$work/err")"
  fi
  return 0
}

# capture_all: the on-demand profiles of CAPTURES, one after another (a CPU profile and a trace
# at once would each slow the service and skew the other).
capture_all() {
  for c in $(echo "$captures" | tr ',' ' '); do
    name=${c%%=*}
    secs=0
    case $c in *=*) secs=${c#*=} ;; esac
    case $secs in ''|*[!0-9]*) secs=0 ;; esac
    enc=raw
    case $name in
      heap|allocs|block|mutex|threadcreate|goroutineleak) path="/debug/pprof/$name" ;;
      cpu) path="/debug/pprof/profile?seconds=$secs" ;;
      trace) path="/debug/pprof/trace?seconds=$secs"; enc=gz ;;
      *) echo "@@fd warn capture $name: not a profile this collector knows"; continue ;;
    esac
    if fetch "$path" "$work/cap" $((secs + tmo)); then
      emit "capture.$name" 0 "$work/cap" "$enc"
    else
      echo "@@fd warn capture $name: fetch $url$path failed: $(oneline "$work/err")"
    fi
    rm -f "$work/cap"
  done
}

# attach_dump SAMPLE: the goroutines of $pid through Delve, for a service without pprof. The
# process is stopped while Delve reads it: bounded by ATTACH seconds (then Delve is killed), and
# the time it took is reported as the pause. Delve's own exit asks whether to kill the process:
# the answer is always no. On failure the reason is in $attach_err.
attach_dump() {
  attach_err=''
  if ! command -v dlv >/dev/null 2>&1; then attach_err='Delve (dlv) is not installed on the node'; return 1; fi
  if [ -z "$pid" ]; then attach_err='no process found to attach to (set fleet_diag_process)'; return 1; fi
  printf 'goroutines -t 64\n' > "$work/dlv-init"
  t0=$(now_ms)
  printf 'exit\nn\n' | timeout -k 2 "$attach" dlv attach "$pid" --init "$work/dlv-init" --allow-non-terminal-interactive=true > "$work/dlv" 2>&1
  rc=$?
  t1=$(now_ms)
  # A debugger killed mid-attach can leave the process stopped: make sure it runs.
  state=$(sed -n 's/^[0-9]* (.*) \([A-Za-z]\) .*/\1/p' "/proc/$pid/stat" 2>/dev/null)
  if [ "$state" = T ] || [ "$state" = t ]; then kill -CONT "$pid" 2>/dev/null; state=$(sed -n 's/^[0-9]* (.*) \([A-Za-z]\) .*/\1/p' "/proc/$pid/stat" 2>/dev/null); fi
  if kill -0 "$pid" 2>/dev/null; then alive=yes; else alive=no; fi
  echo "@@fd attach $1 $((t1 - t0)) $rc $alive ${state:-?} $pid"
  if [ "$rc" = 0 ] && grep -q 'Goroutine [0-9]* - ' "$work/dlv"; then
    emit delve "$1" "$work/dlv" gz
    return 0
  fi
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then attach_err="Delve did not finish within ${attach}s and was killed"
  else attach_err="Delve could not attach (exit $rc): $(grep -v '^Type ' "$work/dlv" | oneline /dev/stdin)"; fi
  return 1
}

# full_stacks SAMPLE TOTAL: debug=2 stacks (goroutine ids and wait minutes) when TOTAL is within
# the cap: each such dump pauses the service about in proportion to its goroutines, so the cap
# bounds every pause, the first sample's as the last one's.
full_stacks() {
  if [ "$full" = 1 ] || [ "$2" -le "$cap" ]; then
    if fetch "/debug/pprof/goroutine?debug=2" "$work/d2"; then emit debug2 "$1" "$work/d2" gz; fi
  else
    echo "@@fd note $1 debug=2 skipped: $2 goroutines is above the cap of $cap (use --full-stacks)"
  fi
}

collect() {
echo "@@fd hello 1 samples=$samples interval=$interval"
pid=$(find_pid)
if [ -n "$pid" ]; then echo "@@fd pid $pid"; else echo "@@fd warn no process found for the service (threads unknown)"; fi

i=0
while [ "$i" -lt "$samples" ]; do
  echo "@@fd sample $i $(now_ms)"
  total=''
  if fetch "/debug/pprof/goroutine?debug=1" "$work/d1"; then
    total=$(head -n 1 "$work/d1" | sed -n 's/^goroutine profile: total \([0-9][0-9]*\).*/\1/p')
    if [ -z "$total" ]; then
      echo "@@fd error $i pprof answered but not with a goroutine profile: $(head -c 200 "$work/d1" | tr -c '[:print:]' ' ')"
    else
      echo "@@fd total $i $total"
      emit debug1 "$i" "$work/d1" gz
    fi
  elif [ "$attach" -gt 0 ]; then
    why=$(oneline "$work/err")
    if attach_dump "$i"; then
      echo "@@fd note $i no pprof answer ($why): goroutines read through Delve"
    else
      echo "@@fd error $i fetch $url/debug/pprof/goroutine failed: $why; --attach: $attach_err"
    fi
  else
    echo "@@fd error $i fetch $url/debug/pprof/goroutine failed: $(oneline "$work/err")"
  fi
  if [ -n "$pid" ]; then echo "@@fd threads $i $(threads_of "$pid")"; fi
  echo "@@fd sockets $i $(sockets)"
  memstats "$i"
  last=$((samples - 1))
  if [ "$i" -eq "$last" ] && [ -n "${total:-}" ]; then
    if fetch "/debug/pprof/goroutine" "$work/pb"; then emit pprof "$i" "$work/pb" raw; fi
    full_stacks "$i" "$total"
    # Go's own leak detector (Go 1.26 with GOEXPERIMENT=goroutineleakprofile, default from 1.27):
    # its goroutines are proven leaked. Elsewhere a 404: one failed request and nothing said.
    if fetch "/debug/pprof/goroutineleak?debug=1" "$work/gl" && head -n 1 "$work/gl" | grep -q '^goroutineleak profile: total'; then
      emit goroutineleak "$i" "$work/gl" gz
    fi
  elif [ "$i" -eq 0 ] && [ -n "${total:-}" ]; then
    # The first sample's ids against the last one's tell which goroutines stayed (survivors).
    full_stacks "$i" "$total"
  fi
  i=$((i + 1))
  if [ "$i" -lt "$samples" ]; then sleep "$interval"; fi
done
if [ -n "$captures" ]; then capture_all; fi
echo "@@fd done"
}

if [ -n "$spool" ] && mkdir -p -m 700 "$HOME/.fleet-diag" 2>/dev/null; then
  collect | tee "$HOME/.fleet-diag/$spool"
else
  collect
fi
