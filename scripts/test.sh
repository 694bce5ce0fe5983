#!/usr/bin/env bash
# The whole test suite: set-up, build, unit + integration tests (real broker, SQLite and
# PostgreSQL), then browser tests (Playwright + Debian's Chromium) and the API contract
# test (schemathesis) against a running Tributary with the demo estate. Ends with one
# summary line; non-zero exit on failure.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$TRIBUTARY_ROOT"
suite_started=$SECONDS

# Adds up the numbers in the lines of file $2 that match the pattern $1 ("12 passed").
sum_counts() { grep -oE "$1" "$2" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}' || true; }
# Prints "<passed> <failed>" from a runner's log $1 (count lines start with $2) and its
# exit status $3; a failing exit with no failed test counted (a build error, a crash)
# counts as one failure.
tally() {
  local passed failed
  passed=$(sum_counts "$2[0-9]+ passed" "$1")
  failed=$(sum_counts "$2[0-9]+ failed" "$1")
  if [ "$3" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  echo "$passed $failed"
}

"$TRIBUTARY_ROOT/scripts/setup.sh"
setup_seconds=$((SECONDS - suite_started))

# A clean build of everything the suite runs fills about 5.3 GiB under target/; with
# less free, the compiler fails midway with a message easy to miss. Warned below
# MIN_FREE_DISK_GIB, a margin over that.
MIN_FREE_DISK_GIB=14
free_gib=$(df --output=avail -BG "$TRIBUTARY_ROOT" | tail -n 1 | tr -dc '0-9')
if [ "${free_gib:-0}" -lt "$MIN_FREE_DISK_GIB" ]; then
  say "warning: ${free_gib} GiB free on the disk of $TRIBUTARY_ROOT; a clean build fills about 5.3 GiB"
fi

mkdir -p "$RUN_DIR"
say "lint gate: rustfmt, clippy (-D warnings), import rules"
lint_started=$SECONDS
lint_failed=0
if ! cargo fmt --all --check >"$RUN_DIR/rustfmt.log" 2>&1; then
  head -n 40 "$RUN_DIR/rustfmt.log"
  say "rustfmt: the code is not formatted (run cargo fmt --all)"
  lint_failed=1
fi
if ! cargo clippy --workspace --all-targets --features ssr --quiet -- -D warnings >"$RUN_DIR/clippy.log" 2>&1; then
  tail -n 60 "$RUN_DIR/clippy.log"
  say "clippy: warnings are errors here"
  lint_failed=1
fi
# Crates keep the layers apart; inside each crate, this keeps folders and files one-way.
if ! python3 scripts/import_rules.py server/src crates/core/src crates/model/src app/src; then
  say "import rules: a circle, or an import ARCHITECTURE.md forbids (see above)"
  lint_failed=1
fi
lint_seconds=$((SECONDS - lint_started))

say "build: cargo leptos build (server + wasm + CSS)"
build_started=$SECONDS
cargo leptos build 2>&1 | grep -vE '^\s+(Compiling|Checking|Fresh)' || fail "the build failed"
build_seconds=$((SECONDS - build_started))

mkdir -p "$RUN_DIR"
run=$(mktemp -d "$RUN_DIR/test.XXXXXX")
# Outside the work tree: the postgres account must be able to reach it.
pg_dir=$(mktemp -d /tmp/tributary-pg.XXXXXX)
pids=()
cleanup() {
  # Reverse start order: the server, the demo estate, then the broker.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  "$TRIBUTARY_ROOT/scripts/postgres.sh" stop "$pg_dir" || true
  rm -rf "$pg_dir"
  forget_ports
}
trap cleanup EXIT

say "PostgreSQL: starting a throwaway server"
TRIBUTARY_TEST_POSTGRES_URL=$("$TRIBUTARY_ROOT/scripts/postgres.sh" start "$pg_dir" "$(free_port)")
export TRIBUTARY_TEST_POSTGRES_URL TRIBUTARY_REQUIRE_POSTGRES=1
TANSU_BIN=$(tansu_bin)
export TANSU_BIN
# The real Apache Kafka broker the tests start (and must find: no silent skip here).
export TRIBUTARY_KAFKA_LIBS="$KAFKA_LIBS" TRIBUTARY_REQUIRE_KAFKA=1
# The real OpenID Connect provider the sign-in tests start.
export TRIBUTARY_OIDC_PROVIDER="$OIDC_PROVIDER" TRIBUTARY_REQUIRE_OIDC=1

say "unit and integration tests: cargo test --workspace --features ssr --no-fail-fast"
tests_started=$SECONDS
set +e
cargo test --workspace --features ssr --no-fail-fast 2>&1 | tee "$run/cargo-test.log" | grep -E '^(test |running |test result|failures|---- )|panicked'
cargo_status=${PIPESTATUS[0]}
set -e
# Only cargo's own summary lines count: test output (librdkafka's "... :46155 failed")
# must not.
grep -a '^test result:' "$run/cargo-test.log" >"$run/cargo-results.log" || true
read -r cargo_passed cargo_failed < <(tally "$run/cargo-results.log" '' "$cargo_status")
if [ "$cargo_status" -ne 0 ] && [ ! -s "$run/cargo-results.log" ]; then
  # Nothing ran: the build of the tests failed (a compile error, a full disk).
  grep -aE -A12 '^error' "$run/cargo-test.log" | head -n 60 || tail -n 40 "$run/cargo-test.log"
  say "cargo test ran no test: its build failed (see $run/cargo-test.log)"
fi
cargo_seconds=$((SECONDS - tests_started))

say "FFI leak check: the librdkafka admin calls under failure, in valgrind"
ffi_tests=$(grep -oE 'Running unittests src/lib.rs \(target/debug/deps/tributary-[0-9a-f]+\)' "$run/cargo-test.log" | grep -oE 'target/debug/deps/tributary-[0-9a-f]+' | head -1 || true)
leak_failed=0
if [ -z "$ffi_tests" ]; then
  say "leak check failed: cargo test built no unit-test program to run it on (see $run/cargo-test.log)"
  leak_failed=1
elif valgrind --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
    --error-exitcode=1 --suppressions=scripts/ffi-leaks.supp "$ffi_tests" ingest::kafka::ffi --test-threads=1 \
    >"$run/valgrind.log" 2>&1; then
  grep -E "definitely lost|ERROR SUMMARY" "$run/valgrind.log" || true
else
  tail -n 40 "$run/valgrind.log" 2>/dev/null || true
  say "leak check failed (see $run/valgrind.log)"
  leak_failed=1
fi

say "browser tests: broker + demo estate + tributary serve, then Playwright"
browser_started=$SECONDS
broker_port=$(free_port)
pids+=("$(start_broker "$broker_port" "$run/broker.log")")
wait_for_port "$broker_port" 15 || fail "the broker did not start (see $run/broker.log)"
registry_port=$(free_port)
target/debug/tributary registry-double --listen "127.0.0.1:$registry_port" >"$run/registry.log" 2>&1 &
pids+=($!)
wait_for_port "$registry_port" 15 || fail "the registry double did not start (see $run/registry.log)"
target/debug/tributary demo-estate --bootstrap-servers "127.0.0.1:$broker_port" \
  --registry-url "http://127.0.0.1:$registry_port" >"$run/demo-estate.log" 2>&1 &
pids+=($!)
app_port=$(free_port)
# The demo shop's code, in a directory the browser tests add hostile files to.
mkdir -p "$run/estate"
cp "$TRIBUTARY_ROOT/server/data/demo-estate/shop-state.yaml" "$run/estate/"
cat >"$run/tributary.toml" <<TOML
[server]
listen = "127.0.0.1:$app_port"
[store]
url = "sqlite://$run/e2e.db"
[ingest]
poll_interval_secs = 1
[[clusters]]
alias = "local"
bootstrap_servers = "127.0.0.1:$broker_port"
[[schema_registries]]
name = "main"
url = "http://127.0.0.1:$registry_port"
clusters = ["local"]
[compliance]
profiles_dir = "$TRIBUTARY_ROOT/server/data/demo-profiles"
[[estate_sources]]
path = "$run/estate"
cluster = "local"
TOML
target/debug/tributary serve --config "$run/tributary.toml" >"$run/tributary.log" 2>&1 &
pids+=($!)
base_url="http://127.0.0.1:$app_port"
wait_for_url "$base_url/readyz" 60 || fail "tributary did not become ready (see $run/tributary.log)"
# The demo groups join within seconds; wait for them so the browser sees a settled estate.
for _ in $(seq 1 60); do
  groups=$(curl -fsS "$base_url/api/v1/clusters/local" 2>/dev/null | grep -oE 'payment-service|shipping-service|clickstream-analytics' | sort -u | wc -l || true)
  subjects=$(curl -fsS "$base_url/api/v1/subjects?topic=shop.orders" 2>/dev/null | grep -c 'shop.orders-value' || true)
  [ "$groups" -eq 3 ] && [ "$subjects" -ge 1 ] && break
  sleep 1
done

# The API contract first, while no account exists: the first-run mode (reads answered,
# every change 401).
say "API contract (first-run mode): schemathesis against $base_url/api/v1/openapi.json"
first_run_started=$SECONDS
set +e
"$TRIBUTARY_ROOT/scripts/api_contract.sh" "$base_url" --no-color >"$run/schemathesis.log" 2>&1
contract_status=$?
set -e
tail -n 25 "$run/schemathesis.log"
first_run_seconds=$((SECONDS - first_run_started))

# The journeys run signed in, as a browser would be: an admin with markup in its name,
# signed in by the form; Playwright gets its session cookie and CSRF token.
e2e_account='Ada <e2e>'
e2e_password="e2e password $(date +%s%N)"
printf '%s\n' "$e2e_password" |
  target/debug/tributary --config "$run/tributary.toml" user add "$e2e_account" --role admin >>"$run/e2e-account.log" 2>&1
e2e_cookie=$(curl -sS -o /dev/null -D - --data-urlencode "name=$e2e_account" --data-urlencode "password=$e2e_password" \
  --data-urlencode "next=/" "$base_url/auth/sign-in" | tr -d '\r' | sed -nE 's/^[Ss]et-[Cc]ookie: tributary_session=([^;]+).*/\1/p')
[ -n "$e2e_cookie" ] || fail "the browser tests' account could not sign in (see $run/e2e-account.log)"
e2e_csrf=$(curl -sS -H "Cookie: tributary_session=$e2e_cookie" "$base_url/" | grep -oE 'name="csrf" value="[^"]+"' |
  head -n 1 | sed -E 's/.*value="([^"]+)"/\1/')
cat >"$run/e2e-state.json" <<JSON
{"cookies": [{"name": "tributary_session", "value": "$e2e_cookie", "domain": "127.0.0.1", "path": "/",
  "expires": -1, "httpOnly": true, "secure": false, "sameSite": "Lax"}], "origins": []}
JSON

set +e
(cd end2end && TRIBUTARY_URL="$base_url" BROKER_URL="tcp://127.0.0.1:$broker_port" \
  REGISTRY_URL="http://127.0.0.1:$registry_port" ESTATE_DIR="$run/estate" E2E_ACCOUNT="$e2e_account" E2E_STORAGE_STATE="$run/e2e-state.json" \
  E2E_CSRF="$e2e_csrf" npx playwright test) 2>&1 | tee "$run/playwright.log"
browser_status=${PIPESTATUS[0]}
set -e
read -r browser_passed browser_failed < <(tally "$run/playwright.log" '^\s+' "$browser_status")
browser_seconds=$((SECONDS - browser_started - first_run_seconds))

# Then, accounts existing: every operation again with an admin's token (all scopes), and
# every operation without one must answer 401.
contract_started=$SECONDS
set +e
say "API contract with an admin's token, then without any token"
contract_admin_password="contract admin $(date +%s%N)"
printf '%s\n' "$contract_admin_password" |
  target/debug/tributary --config "$run/tributary.toml" user add contract-admin --role admin >>"$run/schemathesis.log" 2>&1
contract_token=$(target/debug/tributary --config "$run/tributary.toml" token add --user contract-admin \
  --scopes read,lineage:write,tags:write,reports --label "API contract" 2>>"$run/schemathesis.log")
"$TRIBUTARY_ROOT/scripts/api_contract.sh" "$base_url" --no-color -H "Authorization: Bearer $contract_token" \
  >"$run/schemathesis-token.log" 2>&1
token_status=$?
tail -n 12 "$run/schemathesis-token.log"
python3 "$TRIBUTARY_ROOT/scripts/api_unauthorized.py" "$base_url" | tee "$run/unauthorized.log"
unauthorized_status=${PIPESTATUS[0]}
[ "$token_status" -eq 0 ] && [ "$unauthorized_status" -eq 0 ] || contract_status=1
set -e
if [ "$contract_status" -eq 0 ]; then contract_passed=1 contract_failed=0; else contract_passed=0 contract_failed=1; fi
contract_seconds=$((first_run_seconds + SECONDS - contract_started))

say "make demo: started, stopped with Ctrl-C, nothing left running"
demo_started=$SECONDS
set +e
"$TRIBUTARY_ROOT/scripts/demo_stops.sh" 2>&1 | tee "$run/demo-stops.log" | grep -vE '^\s+(Compiling|Checking|Fresh)'
demo_status=${PIPESTATUS[0]}
set -e
read -r demo_passed demo_failed < <(tally "$run/demo-stops.log" 'demo stop: ' "$demo_status")
demo_seconds=$((SECONDS - demo_started))

passed=$((cargo_passed + browser_passed + contract_passed + demo_passed + 2 - lint_failed - leak_failed))
failed=$((cargo_failed + browser_failed + contract_failed + demo_failed + lint_failed + leak_failed))
echo
say "timings: set-up ${setup_seconds}s, lint ${lint_seconds}s, build ${build_seconds}s, cargo tests ${cargo_seconds}s, browser tests ${browser_seconds}s, API contract ${contract_seconds}s, demo stop ${demo_seconds}s, total $((SECONDS - suite_started))s"
say "lint gate: $([ "$lint_failed" -eq 0 ] && echo passed || echo failed); FFI leak check: $([ "$leak_failed" -eq 0 ] && echo passed || echo failed)"
say "cargo tests: $cargo_passed passed, $cargo_failed failed; browser tests: $browser_passed passed, $browser_failed failed; API contract (schemathesis): $([ "$contract_failed" -eq 0 ] && echo passed || echo failed); demo stop: $([ "$demo_failed" -eq 0 ] && echo passed || echo failed)"
say "screenshots: end2end/test-results/*.png; logs: ${run#"$TRIBUTARY_ROOT"/}"
echo "Summary: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
