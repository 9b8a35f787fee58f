#!/usr/bin/env bash
# Makes sure the system packages fleet-diag needs are there. As root it installs what is
# missing (Debian/Ubuntu); otherwise it prints the one command to run and fails.
# Usage: scripts/ensure-system.sh [extra-debian-package...]
set -euo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have ansible-playbook || need+=(ansible-core)
have go || need+=(golang-go)
have sshd || [ -x /usr/sbin/sshd ] || need+=(openssh-server)
have ssh || need+=(openssh-client)
have dot || need+=(graphviz)
have ip || need+=(iproute2)
have curl || need+=(curl)
have ps || need+=(procps)
# ansible-runner (AWX's engine) for the test that runs playbooks/collect.yml as AWX would.
have ansible-runner || need+=(python3-ansible-runner)
# Debian's Chromium for the HTML report's browser test (driven by playwright-core; no browser
# download). Root installs it; without root the test is skipped, saying so.
if [ ! -x "${FLEET_DIAG_CHROMIUM:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" -eq 0 ]; then need+=(chromium)
  else echo "note: chromium is missing, so the HTML report's browser test will be skipped (sudo apt-get install -y chromium)" >&2
  fi
fi
# Delve for run --attach's test (a service without pprof); optional for users.
if ! have dlv; then
  if [ "$(id -u)" -eq 0 ]; then need+=(delve)
  else echo "note: delve is missing, so the run --attach test will be skipped (sudo apt-get install -y delve)" >&2
  fi
fi
for extra in "$@"; do
  dpkg -s "$extra" >/dev/null 2>&1 || need+=("$extra")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "fleet-diag needs: ${need[*]}" >&2
  echo "run: sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "installing: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
