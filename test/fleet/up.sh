#!/bin/bash
# Start a test fleet of N hosts: test/fleet/up.sh N [SPEC...]   (see README.md)
#
# Host hK: network namespace $FLEET_NS-hK at 10.$FLEET_NET.0.(10+K)/24 (veth into bridge br0 of
# the controller namespace $FLEET_NS-ctl, 10.$FLEET_NET.0.1), its own pid/mount/uts namespaces,
# sshd on ADDR:22, the leaky service on its own 127.0.0.1:6060. Nothing in the root namespace.
# FLEET_NS (default fdt), FLEET_NET (default 213), FLEET_STATE (default .state or .state-$FLEET_NS).
#
# SPEC: [hK= | hA-B=]key:value,key:value...  (no prefix: every host; later keys win; hK:key=value too)
#   leak:KIND[+KIND] rate:N initial:N max:N pool:N churn:N threads:N thread-rate:N pprof:ADDR
#                     (every leaky flag works: key:value becomes -key=value; default pool:10,churn:5)
#   service:up|stopped|hung  sshd:up|stopped  net:up|down  python:yes|none  (off = stopped/down)
#   var.NAME:VALUE    extra inventory variable;   @FILE  SPEC lines from FILE (# comments)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
P=${FLEET_NS:-fdt} # namespace prefix
octet=${FLEET_NET:-213}
state=${FLEET_STATE:-$here/.state$([[ $P == fdt ]] || echo "-$P")}
fixture=$here/../fixtures/leaky
net=10.$octet.0
ctl=$P-ctl

die() { echo "up.sh: $*" >&2; exit 3; }
usage() { sed -n '2,15s/^# \{0,1\}//p' "$0" >&2; exit 3; }

[[ $# -ge 1 && $1 =~ ^[0-9]+$ ]] || usage
n=$1; shift
((n >= 1 && n <= 240)) || die "N must be 1..240"
[[ $P =~ ^[a-z][a-z0-9]{0,7}$ ]] || die "FLEET_NS must be a short lowercase name"
[[ $octet =~ ^[0-9]+$ ]] && ((octet <= 255)) || die "FLEET_NET must be 0..255"
[[ $EUID -eq 0 ]] || die "must run as root (namespaces, sshd)"
started=$(date +%s%N)

# --- specs -----------------------------------------------------------------------------
all_spec=",pool:10,churn:5"
declare -A host_spec=()
add_spec() {
  local s=$1 a b k
  [[ $s =~ [[:space:]\"\\\'] ]] && die "spec '$s': no spaces or quotes"
  if [[ $s =~ ^h([0-9]+)(-([0-9]+))?[:=](.*)$ ]]; then
    a=${BASH_REMATCH[1]} b=${BASH_REMATCH[3]:-${BASH_REMATCH[1]}}
    for ((k = a; k <= b; k++)); do host_spec[$k]+=",${BASH_REMATCH[4]}"; done
  else
    all_spec+=",$s"
  fi
}
for arg; do
  if [[ $arg == @* ]]; then
    [[ -f ${arg#@} ]] || die "no spec file ${arg#@}"
    while read -r line; do
      line=${line%%#*}; line=${line//[[:space:]]/}
      [[ -n $line ]] && add_spec "$line"
    done <"${arg#@}"
  else
    add_spec "$arg"
  fi
done

# --- clean slate, binary, shared files ----------------------------------------------------
FLEET_NS=$P FLEET_STATE=$state "$here/down.sh" >/dev/null
mkdir -p "$state/bin" /run/sshd
chmod 755 /run/sshd
hash=$(cat "$fixture/go.mod" "$fixture/main.go" | sha256sum | cut -c1-16)
bin=$state/bin/leaky-$hash
if [[ ! -x $bin ]]; then
  (cd "$fixture" && CGO_ENABLED=0 go build -trimpath -o "$bin.tmp" .) || die "go build failed"
  mv "$bin.tmp" "$bin"
fi
ln -sfn "leaky-$hash" "$state/bin/leaky" # started as .../leaky so its name is "leaky"
mapfile -t leaky_flags < <("$bin" -h 2>&1 | sed -n 's/^  -\([a-z-]*\).*/\1/p')
# A misbehaving pprof endpoint for fault tests (fault:hang|html|garbage|slow|flaky, delay:DUR, fail:N).
bad_fixture=$here/../fixtures/badpprof
bad_hash=$(cat "$bad_fixture/go.mod" "$bad_fixture/main.go" | sha256sum | cut -c1-16)
bad_bin=$state/bin/badpprof-$bad_hash
if [[ ! -x $bad_bin ]]; then
  (cd "$bad_fixture" && CGO_ENABLED=0 go build -trimpath -o "$bad_bin.tmp" .) || die "go build of badpprof failed"
  mv "$bad_bin.tmp" "$bad_bin"
fi

rm -rf "$state"/h[0-9]* "$state"/{inventory.ini,known_hosts,ssh_config,hosts.json,id_ed25519,id_ed25519.pub}
ssh-keygen -q -t ed25519 -N '' -C fleet-test -f "$state/id_ed25519"
cp "$state/id_ed25519.pub" "$state/authorized_keys"
printf '#!/bin/sh\necho "python3: not found" >&2\nexit 127\n' >"$state/nopython"
chmod 755 "$state/nopython"

# --- resolve every host's spec before starting anything ---------------------------------
declare -A H_SERVICE H_SSHD H_NET H_PYTHON H_ARGS H_VARS H_PPROF H_BIN
for ((k = 1; k <= n; k++)); do
  service=up sshd=up netstate=up python=yes pprof=127.0.0.1:6060 fault='' badargs=''
  declare -A flags=() vars=()
  IFS=, read -ra items <<<"$all_spec${host_spec[$k]:-}"
  for item in "${items[@]}"; do
    [[ -z $item ]] && continue
    [[ $item =~ ^([a-z][a-z0-9._-]*)[:=](.*)$ ]] || die "h$k: '$item' is not key:value"
    key=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]}
    case $val in on) val=up ;; off) val=$([[ $key == net ]] && echo down || echo stopped) ;; esac
    case $key in
      service) [[ $val =~ ^(up|stopped|hung)$ ]] || die "h$k: service:up|stopped|hung"; service=$val ;;
      sshd) [[ $val =~ ^(up|stopped)$ ]] || die "h$k: sshd:up|stopped"; sshd=$val ;;
      net) [[ $val =~ ^(up|down)$ ]] || die "h$k: net:up|down"; netstate=$val ;;
      python) [[ $val =~ ^(yes|none)$ ]] || die "h$k: python:yes|none"; python=$val ;;
      var.*) vars[${key#var.}]=$val ;;
      fault) [[ $val =~ ^(hang|html|garbage|slow|flaky)$ ]] || die "h$k: fault:hang|html|garbage|slow|flaky"; fault=$val ;;
      delay | fail) badargs+=$'\n'"-$key=$val" ;;
      *)
        [[ " ${leaky_flags[*]} " == *" $key "* ]] || die "h$k: unknown key '$key' (leaky flags: ${leaky_flags[*]})"
        [[ $key == leak ]] && val=${val//+/,}
        [[ $key == pprof ]] && pprof=$val
        flags[$key]=$val
        ;;
    esac
  done
  args="-pprof=$pprof" v=""
  for key in "${!flags[@]}"; do [[ $key != pprof ]] && args+=$'\n'"-$key=${flags[$key]}"; done
  for key in "${!vars[@]}"; do v+=" $key=${vars[$key]}"; done
  H_BIN[$k]=$state/bin/leaky
  if [[ -n $fault ]]; then args="-pprof=$pprof"$'\n'"-mode=$fault$badargs"; H_BIN[$k]=$bad_bin; fi
  H_SERVICE[$k]=$service H_SSHD[$k]=$sshd H_NET[$k]=$netstate H_PYTHON[$k]=$python
  H_ARGS[$k]=$args H_VARS[$k]=$v H_PPROF[$k]=$pprof
  unset flags vars
done

# --- controller namespace with the bridge -------------------------------------------------
ip netns add $ctl
ip -n $ctl link set lo up
ip -n $ctl link add br0 type bridge
ip -n $ctl addr add "$net.1/24" dev br0
ip -n $ctl link set br0 up

# --- hosts, in parallel -------------------------------------------------------------------
start_host() {
  local k=$1 h=h$1 ns=$P-h$1 addr=$net.$((10 + $1)) d=$state/h$1
  mkdir -p "$d/root" "$d/tmp"
  chmod 700 "$d/root"; chmod 1777 "$d/tmp"
  ssh-keygen -q -t ed25519 -N '' -C "$h" -f "$d/ssh_host_ed25519_key"
  cat >"$d/sshd_config" <<EOF
ListenAddress $addr:22
HostKey $d/ssh_host_ed25519_key
PidFile $d/sshd.pid
AuthorizedKeysFile $state/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
UseDNS no
MaxStartups 200
MaxSessions 200
PrintMotd no
PrintLastLog no
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
  cat >"$d/host.env" <<EOF
HOST=$h
ADDR=$addr
PPROF=${H_PPROF[$k]}
SERVICE=${H_SERVICE[$k]}
SSHD=${H_SSHD[$k]}
NET=${H_NET[$k]}
PYTHON=${H_PYTHON[$k]}
LEAKY_BIN=${H_BIN[$k]}
EOF
  printf '%s\n' "${H_ARGS[$k]}" >"$d/leaky.args"
  ip netns add "$ns"
  ip -n $ctl link add "vh$k" type veth peer name eth0 netns "$ns"
  ip -n $ctl link set "vh$k" master br0 up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$addr/24" dev eth0
  ip -n "$ns" link set eth0 up
  setsid ip netns exec "$ns" unshare --pid --fork --mount-proc --uts --kill-child \
    /bin/bash "$here/host.sh" init "$d" </dev/null >"$d/init.log" 2>&1 &
}
pids=()
for ((k = 1; k <= n; k++)); do start_host "$k" & pids+=($!); done
for p in "${pids[@]}"; do wait "$p" || die "starting a host failed (see $state/h*/init.log)"; done

# --- shared client files --------------------------------------------------------------------
inv=$state/inventory.ini
{
  echo "# generated by test/fleet/up.sh $n $* -- hosts h1..h$n"
  echo "[fleet]"
  for ((k = 1; k <= n; k++)); do
    echo "h$k ansible_host=$net.$((10 + k)) ansible_user=root ansible_ssh_private_key_file=$state/id_ed25519" \
      "ansible_ssh_common_args='-o UserKnownHostsFile=$state/known_hosts -o StrictHostKeyChecking=yes -o GlobalKnownHostsFile=/dev/null'" \
      "ansible_python_interpreter=/usr/bin/python3${H_VARS[$k]}"
  done
} >"$inv"
for ((k = 1; k <= n; k++)); do
  echo "h$k,$net.$((10 + k)) $(cut -d' ' -f1,2 "$state/h$k/ssh_host_ed25519_key.pub")"
done >"$state/known_hosts"
{
  for ((k = 1; k <= n; k++)); do printf 'Host h%d\n  HostName %s\n' "$k" "$net.$((10 + k))"; done
  cat <<EOF
Host *
  User root
  IdentityFile $state/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $state/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 5
EOF
} >"$state/ssh_config"

# --- wait until every host is ready ---------------------------------------------------------
deadline=$((SECONDS + 20))
for ((k = 1; k <= n; k++)); do
  d=$state/h$k
  until [[ -f $d/ready || -f $d/failed ]]; do
    ((SECONDS < deadline)) || { echo "h$k: no readiness after 20s" >"$d/failed"; break; }
    sleep 0.05
  done
  if [[ -f $d/failed ]]; then
    echo "up.sh: h$k failed: $(<"$d/failed")" >&2
    tail -n 5 "$d"/*.log >&2 || true
    echo "up.sh: the fleet is left up for inspection; test/fleet/down.sh removes it" >&2
    exit 1
  fi
done

# outer pid of each host's pid 1 (for nsenter), then a machine-readable description
init_pid() {
  local p
  for p in $(ip netns pids "$P-h$1"); do
    awk '/^NSpid:/ { exit !(NF == 3 && $3 == 1) }' "/proc/$p/status" 2>/dev/null && { echo "$p"; return; }
  done
  echo 0
}
{
  echo "["
  for ((k = 1; k <= n; k++)); do
    pid=$(init_pid "$k")
    echo "$pid" >"$state/h$k/init.pid"
    args=$(sed 's/.*/"&"/' "$state/h$k/leaky.args" | paste -sd,)
    printf '  {"name":"h%d","address":"%s","netns":"%s","pprof":"%s","service":"%s","sshd":"%s","net":"%s","python":"%s","initPid":%d,"dir":"%s","args":[%s]}%s\n' \
      "$k" "$net.$((10 + k))" "$P-h$k" "${H_PPROF[$k]}" "${H_SERVICE[$k]}" "${H_SSHD[$k]}" "${H_NET[$k]}" "${H_PYTHON[$k]}" \
      "$pid" "$state/h$k" "$args" "$([[ $k -lt $n ]] && echo ,)"
  done
  echo "]"
} >"$state/hosts.json"

ms=$((($(date +%s%N) - started) / 1000000))
printf 'up.sh: %d hosts up in %d.%03ds (%s-h1..%s-h%d, %s.11..%s.%d); inventory %s\n' \
  "$n" $((ms / 1000)) $((ms % 1000)) "$P" "$P" "$n" "$net" "$net" $((10 + n)) "$inv"
