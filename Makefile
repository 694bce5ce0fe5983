# The two commands of the README, plus their parts.
.PHONY: demo test setup build

## demo: local broker + demo estate + Tributary on http://127.0.0.1:3000 (Ctrl-C stops)
demo:
	@scripts/demo.sh

## test: installs what is missing, builds, runs unit, integration and browser tests
test:
	@scripts/test.sh

## setup: installs the tools only
setup:
	@scripts/setup.sh

## build: the server binary, the wasm bundle and the CSS (debug)
build: setup
	@bash -c 'source scripts/common.sh && cargo leptos build'
