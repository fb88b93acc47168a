# Partner Center — the two quick-start commands are `make run` and `make test`.
# Each installs what is missing first (only from the package registries).

SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := 0.2.100

# wasm-opt comes from the npm package `binaryen` (Debian's is too old and
# breaks hydration); cargo-leptos finds it on PATH, through end2end/bin,
# which skips the tiny wasm-split chunks (see the script).
export PATH := $(CURDIR)/end2end/bin:$(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# Integration tests run on SQLite always and on PostgreSQL when
# TEST_DATABASE_URL is set; default to the local server when one answers.
ifeq ($(strip $(TEST_DATABASE_URL)),)
  ifeq ($(shell pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && echo yes),yes)
    export TEST_DATABASE_URL := postgres://postgres@127.0.0.1:5432/postgres
  endif
endif

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help tools rust-tools node-tools chromium build run test test-rust test-e2e bench clean

help:
	@echo "make run    build and serve http://127.0.0.1:3000 on SQLite with demo data"
	@echo "make test   unit, integration (SQLite + PostgreSQL) and end-to-end (Chromium) tests"
	@echo "make bench  first page load size (budget 350 KB) and server times at scale (SQLite + PostgreSQL)"

tools: rust-tools node-tools chromium

rust-tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)" || \
		{ echo "installing cargo-leptos $(CARGO_LEPTOS_VERSION) (one time, ~16 min)"; \
		  cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked; }
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --locked

node-tools: end2end/node_modules/.installed

end2end/node_modules/.installed: end2end/package.json end2end/package-lock.json
	cd end2end && npm ci --no-audit --no-fund
	@touch $@

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }
	@# Korean glyphs, so layout checks at 360 px measure real text; the same
	@# Noto Sans CJK is embedded in tax-invoice PDFs (src/tax/pdf.rs).
	@test -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc || { $(SUDO) apt-get update && $(SUDO) apt-get install -y fonts-noto-cjk; }

build: tools
	cargo leptos build --release --precompress --split

run: build
	DEMO_DATA=$${DEMO_DATA:-true} DEV_MODE=$${DEV_MODE:-true} SIMULATE=$${SIMULATE:-6} ./target/release/partner-center serve

test: tools test-rust build test-e2e

test-rust:
	@if [ -n "$$TEST_DATABASE_URL" ]; then echo "integration tests: SQLite and PostgreSQL ($$TEST_DATABASE_URL)"; \
	 else echo "integration tests: SQLite only — set TEST_DATABASE_URL for PostgreSQL"; fi
	cargo test --features ssr

test-e2e:
	cd end2end && npx playwright test

# PostgreSQL for the benchmarks: the local server when one answers.
BENCH_DATABASE_URL ?= $(TEST_DATABASE_URL)
export BENCH_DATABASE_URL

# Every measurement runs even when an earlier one is over its budget; the
# exit status says whether any failed.
bench: build
	@status=0; \
	node end2end/bench/first-load.mjs || status=1; \
	./target/release/partner-center bench products || status=1; \
	./target/release/partner-center bench orders || status=1; \
	exit $$status

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/.tmp data
