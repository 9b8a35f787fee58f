# fleet-diag node-side stop: ends ONE run's collector on this node, removes what it left there,
# and prints what it had spooled (the samples taken so far).
# Run as: sh -c "$(cat stop.sh)" fleet-diag-stop TAG
#   TAG   the run's collector tag ([A-Za-z0-9_-]): the collector runs as `fleet-diag-collector:TAG`,
#         spools to ~/.fleet-diag/TAG and works in $TMPDIR/fleet-diag.TAG.*. Collectors of other runs
#         (other tags) on the same node are never touched.
# Under Ansible's async, the collector runs below async_wrapper.py (a supervisor that sleeps 5 s
# between checks, and its child): both are ended too, with the job's temporary directory and
# status file, so nothing of the run is left on the node once this returns.
# POSIX sh, ps and pgrep; keep this file free of template syntax (it travels as data).

tag=${1:-}
case $tag in ''|*[!A-Za-z0-9_-]*) echo "@@fd stop: no valid tag"; exit 0 ;; esac
spool="$HOME/.fleet-diag/$tag"

# Take the spool first: the collector removes its spool under that name when it ends.
if [ -f "$spool" ]; then mv -f "$spool" "$spool.stopped" 2>/dev/null; fi

# This run's collector: its script's first line and its $0 (and the `timeout` in front of it) carry
# the tag, then a space, a newline, a quote or the end.
pat="fleet-diag-[c]ollector:$tag([[:space:]]|'|\$)"
pids=$(pgrep -f -- "$pat" 2>/dev/null)

# async_wrapper.py ancestors of those processes (the job's child, then its supervisor): one ps.
wrappers=''
if [ -n "$pids" ]; then
  wrappers=$(ps -e -o pid= -o ppid= -o args= 2>/dev/null | awk -v pids="$(echo $pids)" '
    { p = $1; parent[p] = $2; $1 = ""; $2 = ""; args[p] = $0 }
    END {
      n = split(pids, P, " ")
      for (i = 1; i <= n; i++) {
        q = P[i]
        for (hops = 0; (q in parent) && parent[q] > 1 && hops < 64; hops++) {
          q = parent[q]
          if (args[q] ~ /async_wrapper/ && !(q in seen)) { seen[q] = 1; printf "%s ", q }
        }
      }
    }')
fi

jobs=''
tmpdirs=''
for w in $wrappers; do
  # async_wrapper.py JID TIME_LIMIT MODULE ARGSFILE: the job id and the module's temporary directory.
  set -- $(ps -o args= -p "$w" 2>/dev/null)
  while [ $# -gt 0 ]; do
    case $1 in *async_wrapper*) break ;; esac
    shift
  done
  if [ $# -ge 4 ]; then
    case $2 in *[!A-Za-z0-9_]*|'') ;; *) jobs="$jobs $2" ;; esac
    d=${4%/*}
    case $d in */ansible-tmp-*) tmpdirs="$tmpdirs $d" ;; esac
  fi
done

# The wrappers first (so none writes a job result after it is removed), then the collector:
# TERM lets `timeout` pass the signal to the collector's whole group and the collector's trap
# remove its work directory.
if [ -n "$wrappers" ]; then kill $wrappers 2>/dev/null; fi
if [ -n "$pids" ]; then kill $pids 2>/dev/null; fi

# Up to 2 s for them to end (a zombie has ended: it only waits for its parent), then KILL the rest.
left=''
n=0
while [ "$n" -lt 20 ]; do
  left=$(pgrep -f -- "$pat" 2>/dev/null)
  for w in $wrappers; do
    case $(ps -o stat= -p "$w" 2>/dev/null) in ''|Z*) ;; *) left="$left $w" ;; esac
  done
  [ -z "$left" ] && break
  sleep 0.1 2>/dev/null || sleep 1
  n=$((n + 1))
done
if [ -n "$left" ]; then kill -9 $left 2>/dev/null; fi

for d in $tmpdirs; do rm -rf "$d"; done
for j in $jobs; do rm -f "$HOME/.ansible_async/$j".* 2>/dev/null; done
rm -rf "${TMPDIR:-/tmp}/fleet-diag.$tag".* 2>/dev/null

if [ -f "$spool.stopped" ]; then
  cat "$spool.stopped"
  rm -f "$spool.stopped"
fi
rm -f "$spool"
exit 0
