#!/bin/bash
# Act on one host of a running test fleet:  test/fleet/ctl.sh hK ACTION [ARGS...]
#   exec CMD...      run CMD inside the host (its net, pid, mount, uts namespaces), as root
#   stop-service | start-service | hang-service (SIGSTOP) | resume-service (SIGCONT)
#   stop-sshd | start-sshd | net-down | net-up | init-pid
# FLEET_NS / FLEET_STATE select the fleet as for up.sh.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
P=${FLEET_NS:-fdt}
state=${FLEET_STATE:-$here/.state$([[ $P == fdt ]] || echo "-$P")}
[[ $# -ge 2 && $1 =~ ^h[0-9]+$ ]] || { sed -n '2,7s/^# \{0,1\}//p' "$0" >&2; exit 3; }
h=$1 action=$2; shift 2
d=$state/$h
pid=$(cat "$d/init.pid" 2>/dev/null || echo 0)
[[ $pid != 0 && -d /proc/$pid ]] || { echo "ctl.sh: $h is not running (no $d/init.pid)" >&2; exit 3; }
in_host() { nsenter -t "$pid" -n -p -m -u -- "$@"; }
signal() { in_host sh -c "kill -$1 \$(cat '$d/$2.pid') 2>/dev/null || true"; }

case $action in
  exec) in_host "$@" ;;
  stop-service) signal KILL leaky ;;
  start-service) in_host /bin/bash "$here/host.sh" start-service "$d" ;;
  hang-service) signal STOP leaky ;;
  resume-service) signal CONT leaky ;;
  stop-sshd) signal TERM sshd ;; # the listener only: open sessions stay, as with systemctl stop
  start-sshd) in_host /bin/bash "$here/host.sh" start-sshd "$d" ;;
  net-down) in_host ip link set eth0 down ;;
  net-up) in_host ip link set eth0 up ;;
  init-pid) echo "$pid" ;;
  *) echo "ctl.sh: unknown action $action" >&2; exit 3 ;;
esac
