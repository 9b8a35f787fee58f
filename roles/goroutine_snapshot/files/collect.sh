# fleet-diag node-side collector (fleet-diag-collector).
# POSIX sh and common tools only (curl or wget, ps, ss or netstat, gzip, base64): nothing to install.
# Run as: sh -c "$(cat collect.sh)" fleet-diag-collector[:TAG] URL SAMPLES INTERVAL TIMEOUT CAP FULL PROCESS [SPOOL]
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

# fetch PATH OUTFILE: bounded HTTP GET of URL+PATH; on failure, reason in $work/err.
fetch() {
  : > "$work/err"
  if command -v curl >/dev/null 2>&1; then
    curl -sS -f --connect-timeout "$tmo" --max-time "$tmo" -o "$2" "$url$1" 2> "$work/err"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -T "$tmo" -t 1 -O "$2" "$url$1" 2> "$work/err"
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
  if fetch "/debug/pprof/goroutine?debug=1" "$work/d1"; then
    total=$(head -n 1 "$work/d1" | sed -n 's/^goroutine profile: total \([0-9][0-9]*\).*/\1/p')
    if [ -z "$total" ]; then
      echo "@@fd error $i pprof answered but not with a goroutine profile: $(head -c 200 "$work/d1" | tr -c '[:print:]' ' ')"
    else
      echo "@@fd total $i $total"
      emit debug1 "$i" "$work/d1" gz
    fi
  else
    echo "@@fd error $i fetch $url/debug/pprof/goroutine failed: $(oneline "$work/err")"
  fi
  if [ -n "$pid" ]; then echo "@@fd threads $i $(threads_of "$pid")"; fi
  echo "@@fd sockets $i $(sockets)"
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
echo "@@fd done"
}

if [ -n "$spool" ] && mkdir -p -m 700 "$HOME/.fleet-diag" 2>/dev/null; then
  collect | tee "$HOME/.fleet-diag/$spool"
else
  collect
fi
