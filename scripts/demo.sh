#!/usr/bin/env bash
# The demo: a real Apache Kafka broker with a small living estate (a producer, consumer
# groups, a Kafka Streams application with exactly-once writes, a Kafka Connect worker
# with a source and a sink connector), a schema registry, and Tributary reading it all.
# Prints the URL once the estate is settled; Ctrl-C stops everything (scripts/demo_stops.sh
# checks that nothing is left running). Ports: BROKER_PORT (9092), TRIBUTARY_PORT (3000),
# REGISTRY_PORT (8081), CONNECT_PORT (8083); files in DEMO_DIR (.run/demo).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$TRIBUTARY_ROOT"

"$TRIBUTARY_ROOT/scripts/setup.sh"
say "build: cargo leptos build"
cargo leptos build 2>&1 | grep -vE '^\s+(Compiling|Checking|Fresh)' || fail "the build failed"

broker_port=${BROKER_PORT:-9092}
app_port=${TRIBUTARY_PORT:-3000}
registry_port=${REGISTRY_PORT:-8081}
connect_port=${CONNECT_PORT:-8083}
for port in "$broker_port" "$app_port" "$registry_port" "$connect_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is in use; stop what uses it or set BROKER_PORT / TRIBUTARY_PORT / REGISTRY_PORT / CONNECT_PORT"
  fi
done

demo_dir="${DEMO_DIR:-$RUN_DIR/demo}"
mkdir -p "$demo_dir"
pids=()
# The pids are those of the processes themselves (the JVMs included: see KAFKA_JAVA),
# never of a subshell that started one, so that stopping them stops them.
stop_all() {
  trap - INT TERM EXIT
  echo
  say "stopping Tributary, the applications, the demo estate and the broker"
  # Everything but the broker at once (Tributary, the demo estate, the Streams app and
  # the Connect worker each take their time to leave), then the broker they all used.
  local others=("${pids[@]:1}")
  for pid in "${others[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${others[@]}"; do stop_pid "$pid" 20; done
  [ ${#pids[@]} -gt 0 ] && stop_pid "${pids[0]}" 20
  forget_ports
  say "stopped"
}
trap stop_all INT TERM EXIT

say "broker: Apache Kafka $KAFKA_VERSION on 127.0.0.1:$broker_port (log: .run/demo/kafka/broker.log)"
rm -rf "$demo_dir/kafka"
pids+=("$(start_apache_kafka "$broker_port" "$demo_dir/kafka")")
wait_for_port "$broker_port" 60 || fail "the broker did not start (see $demo_dir/kafka/broker.log)"

say "schema registry: the Confluent-compatible test double on 127.0.0.1:$registry_port (log: .run/demo/registry.log)"
target/debug/tributary registry-double --listen "127.0.0.1:$registry_port" >"$demo_dir/registry.log" 2>&1 &
pids+=($!)
wait_for_port "$registry_port" 15 || fail "the registry double did not start (see $demo_dir/registry.log)"

say "demo estate: topics, their datagen schemas, a producer and three consumer groups (log: .run/demo/demo-estate.log)"
target/debug/tributary demo-estate --bootstrap-servers "127.0.0.1:$broker_port" \
  --registry-url "http://127.0.0.1:$registry_port" >"$demo_dir/demo-estate.log" 2>&1 &
pids+=($!)

say "applications: a Kafka Streams app and a Connect worker (logs: .run/demo/streams, .run/demo/connect)"
compile_kafka_apps "$demo_dir/classes" || fail "the demo's Java applications did not compile"
# The Streams app joins orders with customers (both created by demo-estate): wait for them.
for _ in $(seq 1 60); do
  kafka_java -cp "$KAFKA_LIBS/*" org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$broker_port" --list 2>/dev/null \
    | grep -q '^shop.customers$' && break
  sleep 1
done
pids+=("$(start_streams_app "$demo_dir/classes" "127.0.0.1:$broker_port" "$demo_dir/streams" shop.orders shop.customers shop.orders.enriched)")
pids+=("$(start_connect_worker "$demo_dir/classes" "127.0.0.1:$broker_port" "$connect_port" "$demo_dir/connect")")
wait_for_port "$connect_port" 90 || fail "the Connect worker did not start (see $demo_dir/connect/connect.log)"
create_connector "http://127.0.0.1:$connect_port" clicks-importer \
  '{"connector.class": "tributary.test.TestConnectors$TickSource", "topic": "web.clicks", "connection.password": "demo-secret"}' \
  || fail "the source connector was not created"
create_connector "http://127.0.0.1:$connect_port" orders-archive \
  '{"connector.class": "tributary.test.TestConnectors$DiscardSink", "topics": "shop.orders.enriched"}' \
  || fail "the sink connector was not created"

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

[[connect_clusters]]
name = "connect"
url = "http://127.0.0.1:$connect_port"
clusters = ["local"]

# Edit these while the demo runs: Tributary re-reads them within two seconds.
[compliance]
profiles_dir = "$TRIBUTARY_ROOT/server/data/demo-profiles"

# The shop's topics as code (a kafka-gitops state file): the Estate page's drift.
[[estate_sources]]
path = "$TRIBUTARY_ROOT/server/data/demo-estate"
cluster = "local"

# Anyone may read; stewards sign in to record decisions.
[auth]
anonymous = "read"
TOML
# One steward account, its password made on the first run and kept (readable by you
# only) beside the demo's store, so that a later run can say it again.
steward_password_file="$demo_dir/steward-password"
[ -s "$steward_password_file" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$steward_password_file")
if ! added=$(target/debug/tributary --config "$demo_dir/tributary.toml" user add steward --role steward \
  <"$steward_password_file" 2>&1); then
  case "$added" in *"exists already"*) ;; *) fail "the demo's steward account could not be made: $added" ;; esac
fi
target/debug/tributary serve --config "$demo_dir/tributary.toml" &
pids+=($!)
wait_for_url "http://127.0.0.1:$app_port/readyz" 60 || fail "Tributary did not become ready"
# The URL is worth opening once the estate shows: the demo's groups reading, the Streams
# application and the connectors seen.
say "waiting for the demo's groups, the Streams application and the connectors to show"
for _ in $(seq 1 90); do
  seen=$(curl -fsS "http://127.0.0.1:$app_port/api/v1/groups" 2>/dev/null |
    grep -oE 'payment-service|shipping-service|clickstream-analytics|order-enricher|connect-orders-archive' | sort -u | wc -l || true)
  [ "$seen" -ge 5 ] && break
  sleep 1
done

echo
say "Tributary is running: http://127.0.0.1:$app_port   (Ctrl-C stops everything)"
say "anyone may read; to record stewards' decisions sign in as steward, password $(cat "$steward_password_file")"
wait "${pids[-1]}"
