#!/bin/bash
# One test host, run inside its namespaces (net fdt-hK; pid, mount, uts from unshare).
#   host.sh init DIR           pid 1 of the host: private mounts, sshd, service, readiness, reaper
#   host.sh start-service DIR  start the leaky service (used by ctl.sh through nsenter)
#   host.sh start-sshd DIR     start sshd (used by ctl.sh through nsenter)
# DIR is test/fleet/.state/hK; DIR/host.env holds HOST ADDR PPROF SERVICE SSHD NET PYTHON LEAKY_BIN,
# DIR/leaky.args the service's arguments, one per line.
set -u
cmd=$1 dir=$2
# shellcheck source=/dev/null
source "$dir/host.env"

start_service() {
  local args=()
  readarray -t args <"$dir/leaky.args"
  setsid "$LEAKY_BIN" "${args[@]}" </dev/null >>"$dir/leaky.log" 2>&1 &
  echo $! >"$dir/leaky.pid" # pid inside the host's pid namespace
}

start_sshd() {
  setsid /usr/sbin/sshd -D -f "$dir/sshd_config" -E "$dir/sshd.log" </dev/null >/dev/null 2>&1 &
}

# Mounts only this host sees: its own /root and /tmp, no python if asked, no login records.
# A checkout that lives under /tmp or /root (CI clones anywhere) keeps that one shared, or the
# host would lose sight of its own state, binaries and scripts.
private_mounts() {
  local repo
  repo=$(cd "$dir/../../../.." && pwd)
  [[ $repo == /root/* ]] || mount --bind "$dir/root" /root
  [[ $repo == /tmp/* ]] || mount --bind "$dir/tmp" /tmp
  local f
  for f in /var/log/wtmp /var/log/btmp /var/log/lastlog /run/utmp; do
    [[ -f $f ]] && : >"$dir/${f##*/}" && mount --bind "$dir/${f##*/}" "$f"
  done
  # sshd without PAM refuses a root account whose password field starts with "!".
  if grep -q '^root:!' /etc/shadow; then
    sed 's/^root:![^:]*:/root:*:/' /etc/shadow >"$dir/shadow"
    mount --bind "$dir/shadow" /etc/shadow
  fi
  if [[ $PYTHON == none ]]; then
    for f in /usr/bin/python3*; do
      [[ -f $f && ! -L $f && $f != *-config ]] && mount --bind "$dir/../nopython" "$f"
    done
  fi
}

listening() { ss -Hltn "sport = :${1##*:}" | grep -qF " $1 "; }

wait_ready() {
  local i
  for ((i = 0; i < 200; i++)); do
    if { [[ $SSHD == stopped ]] || listening "$ADDR:22"; } &&
      { [[ $SERVICE == stopped ]] || listening "$PPROF"; }; then
      return 0
    fi
    sleep 0.05
  done
  echo "not ready after 10s: sshd=$(listening "$ADDR:22" && echo up || echo down)" \
    "service=$(listening "$PPROF" && echo up || echo down); see $dir/*.log" >"$dir/failed"
  return 1
}

case $cmd in
  start-service) start_service ;;
  start-sshd) start_sshd ;;
  init)
    hostname "$HOST"
    private_mounts
    [[ $SSHD == stopped ]] || start_sshd
    [[ $SERVICE == stopped ]] || start_service
    if wait_ready; then
      [[ $SERVICE == hung ]] && kill -STOP "$(<"$dir/leaky.pid")"
      [[ $NET == down ]] && ip link set eth0 down
      echo ok >"$dir/ready"
    fi
    # pid 1 reaps every orphan of this host (processes started later through ctl.sh too).
    while :; do wait -n 2>/dev/null || sleep 1; done
    ;;
  *) echo "host.sh: unknown command $cmd" >&2; exit 3 ;;
esac
