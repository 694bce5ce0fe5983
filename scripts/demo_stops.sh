#!/usr/bin/env bash
# Checks that `make demo` stops as a person stops it: the demo is started in a session
# of its own, on free ports, until it prints its URL; then SIGINT goes to its whole
# process group, as Ctrl-C in a terminal sends it. Passes when the URL came once the
# demo's groups showed, the script exits within
# STOP_LIMIT seconds, no process of its session is left (the Kafka broker, the Streams
# application and the Connect worker are JVMs that ignore SIGINT and must be stopped by
# the script), and nothing listens on any port it used. Prints one count line.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$TRIBUTARY_ROOT"

# From the demo's start to its URL: the broker, the apps' compilation, Connect, Tributary.
START_LIMIT=300
# From Ctrl-C to the script's exit: every process asked to stop, KILL after 20 s each.
STOP_LIMIT=60

work=$(mktemp -d "$RUN_DIR/demo-stops.XXXXXX")
ports=("$(free_port)" "$(free_port)" "$(free_port)" "$(free_port)")
log="$work/demo.log"
# A session (and process group) of its own, with SIGINT at its default: a script started
# in the background by a non-interactive shell would otherwise ignore it.
BROKER_PORT=${ports[0]} TRIBUTARY_PORT=${ports[1]} REGISTRY_PORT=${ports[2]} CONNECT_PORT=${ports[3]} \
  DEMO_DIR="$work/demo" python3 -c '
import os, signal, sys
os.setsid()
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' scripts/demo.sh >"$log" 2>&1 </dev/null &
demo=$!

failures=()
started=$SECONDS
until grep -q "Tributary is running" "$log"; do
  if ! kill -0 "$demo" 2>/dev/null || [ $((SECONDS - started)) -ge "$START_LIMIT" ]; then
    failures+=("the demo did not print its URL within ${START_LIMIT}s")
    break
  fi
  sleep 1
done
say "demo: URL printed after $((SECONDS - started))s"
# The URL is printed once the estate shows: its groups, the Streams app, the sink's group.
shown=$(curl -fsS "http://127.0.0.1:${ports[1]}/api/v1/groups" 2>/dev/null |
  grep -oE 'payment-service|shipping-service|clickstream-analytics|order-enricher|connect-orders-archive' | sort -u | wc -l || true)
[ "${shown:-0}" -ge 5 ] || failures+=("the URL was printed before the demo's groups showed ($shown of 5)")
say "demo: sending SIGINT to its process group"

stop_started=$SECONDS
kill -INT -- "-$demo" 2>/dev/null || true
while kill -0 "$demo" 2>/dev/null && [ $((SECONDS - stop_started)) -lt "$STOP_LIMIT" ]; do sleep 0.5; done
if kill -0 "$demo" 2>/dev/null; then
  failures+=("the demo was still running ${STOP_LIMIT}s after SIGINT")
fi
say "demo: stopped after $((SECONDS - stop_started))s"
sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -q '^==> stopped$' || failures+=("the demo did not say it stopped")

left=$(pgrep -s "$demo" -a || true)
if [ -n "$left" ]; then
  failures+=("processes of the demo are left running: $left")
fi
# Free as the next `make demo` checks it: nothing listens there (connections the demo
# closed may linger in TIME_WAIT; servers bind past them).
for port in "${ports[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    failures+=("port $port is still in use")
  fi
done

# Whatever was left is stopped here, so that a failure does not leak into later tests.
pkill -KILL -s "$demo" 2>/dev/null || true
forget_ports
if [ ${#failures[@]} -eq 0 ]; then
  echo "demo stop: 1 passed, 0 failed"
else
  printf 'demo stop: %s\n' "${failures[@]}"
  tail -n 30 "$log"
  echo "demo stop: 0 passed, 1 failed"
  exit 1
fi
