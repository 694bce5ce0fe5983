#!/usr/bin/env bash
# The demo: a local broker with a small living estate, and Tributary reading it.
# Prints the URL; Ctrl-C stops everything. Ports: BROKER_PORT (9092), TRIBUTARY_PORT (3000),
# REGISTRY_PORT (8081).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$TRIBUTARY_ROOT"

"$TRIBUTARY_ROOT/scripts/setup.sh"
say "build: cargo leptos build"
cargo leptos build 2>&1 | grep -vE '^\s+(Compiling|Checking|Fresh)' || fail "the build failed"

broker_port=${BROKER_PORT:-9092}
app_port=${TRIBUTARY_PORT:-3000}
registry_port=${REGISTRY_PORT:-8081}
for port in "$broker_port" "$app_port" "$registry_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is in use; stop what uses it or set BROKER_PORT / TRIBUTARY_PORT / REGISTRY_PORT"
  fi
done

demo_dir="$RUN_DIR/demo"
mkdir -p "$demo_dir"
pids=()
stop_all() {
  trap - INT TERM EXIT
  echo
  say "stopping Tributary, the demo estate and the broker"
  # Reverse order: the server first, the broker last.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  say "stopped"
}
trap stop_all INT TERM EXIT

say "broker: tansu on 127.0.0.1:$broker_port (log: .run/demo/broker.log)"
pids+=("$(start_broker "$broker_port" "$demo_dir/broker.log")")
wait_for_port "$broker_port" 15 || fail "the broker did not start (see $demo_dir/broker.log)"

say "schema registry: the Confluent-compatible test double on 127.0.0.1:$registry_port (log: .run/demo/registry.log)"
target/debug/tributary registry-double --listen "127.0.0.1:$registry_port" >"$demo_dir/registry.log" 2>&1 &
pids+=($!)
wait_for_port "$registry_port" 15 || fail "the registry double did not start (see $demo_dir/registry.log)"

say "demo estate: topics, their datagen schemas, a producer and three consumer groups (log: .run/demo/demo-estate.log)"
target/debug/tributary demo-estate --bootstrap-servers "127.0.0.1:$broker_port" \
  --registry-url "http://127.0.0.1:$registry_port" >"$demo_dir/demo-estate.log" 2>&1 &
pids+=($!)

cat >"$demo_dir/tributary.toml" <<TOML
# Written by scripts/demo.sh.
[server]
listen = "127.0.0.1:$app_port"

[store]
url = "sqlite://$demo_dir/tributary.db"

[[clusters]]
alias = "local"
bootstrap_servers = "127.0.0.1:$broker_port"

[[schema_registries]]
name = "main"
url = "http://127.0.0.1:$registry_port"
clusters = ["local"]
TOML
target/debug/tributary serve --config "$demo_dir/tributary.toml" &
pids+=($!)
wait_for_url "http://127.0.0.1:$app_port/readyz" 60 || fail "Tributary did not become ready"

echo
say "Tributary is running: http://127.0.0.1:$app_port   (Ctrl-C stops everything)"
wait "${pids[-1]}"
