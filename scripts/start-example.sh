#!/usr/bin/env bash
# Start the example leaking Go service (test/fixtures/leaky) on 127.0.0.1:6060 for the demo:
# a chan-receive leak of 10 goroutines a second, a stable pool of 50 workers, some churn.
# Pid and log in .fleet/; scripts/stop-example.sh stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
addr=127.0.0.1:6060
mkdir -p .fleet/bin

if [[ -f .fleet/example.pid ]] && [[ $(cat "/proc/$(cat .fleet/example.pid)/comm" 2>/dev/null) == leaky ]]; then
  echo "start-example: already running (pid $(cat .fleet/example.pid)); scripts/stop-example.sh stops it" >&2
  exit 0
fi
if ss -Hltn 'sport = :6060' | grep -q .; then
  who=$(ss -Hltnp 'sport = :6060' | grep -o 'users:(("[^"]*",pid=[0-9]*' | head -1 | sed 's/users:(("\(.*\)",pid=/\1, pid /')
  echo "start-example: port 6060 is already taken${who:+ by $who}; stop that process first" >&2
  exit 1
fi
command -v go >/dev/null || { echo "start-example: Go is missing; install it with: apt-get install -y golang-go" >&2; exit 1; }

src=test/fixtures/leaky
bin=.fleet/bin/leaky-$(cat "$src/go.mod" "$src/main.go" | sha256sum | cut -c1-16)
if [[ ! -x $bin ]]; then
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -o "$OLDPWD/$bin.tmp" .)
  mv "$bin.tmp" "$bin"
fi
ln -sfn "${bin##*/}" .fleet/bin/leaky # so the process is named "leaky"

setsid .fleet/bin/leaky -pprof "$addr" -leak chan-receive -rate 10 -pool 50 -churn 10 \
  </dev/null >.fleet/example.log 2>&1 &
echo $! >.fleet/example.pid
for _ in $(seq 50); do
  if curl -fsS "http://$addr/healthz" >/dev/null 2>&1; then
    echo "start-example: leaky service on http://$addr (pid $(cat .fleet/example.pid)), leaking in main.leakChanReceive" >&2
    exit 0
  fi
  kill -0 "$(cat .fleet/example.pid)" 2>/dev/null || break
  sleep 0.1
done
echo "start-example: the service did not come up; see .fleet/example.log:" >&2
cat .fleet/example.log >&2
bash scripts/stop-example.sh >/dev/null 2>&1 || true
exit 1
