#!/bin/bash
# Remove the test fleet: kill every process in the $FLEET_NS-* (default fdt-*) namespaces (and any stray process
# started from .state), then delete the namespaces. Idempotent. Logs stay in .state/hK/.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
P=${FLEET_NS:-fdt}
state=${FLEET_STATE:-$here/.state$([[ $P == fdt ]] || echo "-$P")}

namespaces=$(ip netns list 2>/dev/null | awk -v p="$P" '$1 ~ "^" p "-(h[0-9]+|ctl)$" { print $1 }')
victims() {
  local ns
  for ns in $namespaces; do ip netns pids "$ns" 2>/dev/null; done
  pgrep -f -- "$state/" || true # e.g. a namespace deleted by hand while its processes ran on
}
for _ in 1 2 3 4 5 6 7 8 9 10; do
  pids=$(victims | sort -u | grep -vx "$$" || true)
  [[ -z $pids ]] && break
  kill -KILL $pids 2>/dev/null
  sleep 0.1
done
[[ -n ${pids:-} ]] && echo "down.sh: still alive: $pids" >&2
for ns in $namespaces; do ip netns del "$ns" 2>/dev/null; done
rm -f "$state"/h[0-9]*/{ready,failed,init.pid} 2>/dev/null
count=$(wc -w <<<"$namespaces")
echo "down.sh: removed $count namespaces${namespaces:+ (${P}-*)}"
exit 0
