# Partner Center — the two quick-start commands are `make run` and `make test`.
# Each installs what is missing first (only from the package registries).

SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO_LEPTOS_VERSION := 0.3.11
# Must equal the `wasm-bindgen = "=…"` pin in Cargo.toml: the CLI and the
# crate have to agree on the bindings' format.
WASM_BINDGEN_VERSION := 0.2.129

# wasm-opt comes from the npm package `binaryen` (Debian's is too old and
# breaks hydration); cargo-leptos finds it on PATH, through end2end/bin,
# which skips the tiny wasm-split chunks (see the script).
# cargo install puts tools in $CARGO_HOME/bin (~/.cargo/bin by default).
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CURDIR)/end2end/bin:$(CURDIR)/end2end/node_modules/.bin:$(CARGO_BIN):$(PATH)

# Where cargo builds: ./target, or CARGO_TARGET_DIR (.ci/run points it at a
# cache outside the clone, so the next run on this machine rebuilds only what
# changed). The site (bundle, CSS, public/) is always ./target/site.
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
export CI_TIMES ?= $(CURDIR)/target/ci-times.tsv
PHASE := $(CURDIR)/.ci/phase

# Integration tests run on SQLite always and on PostgreSQL when
# TEST_DATABASE_URL is set; default to the local server when one answers.
ifeq ($(strip $(TEST_DATABASE_URL)),)
  ifeq ($(shell pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && echo yes),yes)
    export TEST_DATABASE_URL := postgres://postgres@127.0.0.1:5432/postgres
  endif
endif

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: fuzz front-with-tools help tools install-tools wasm-target cargo-leptos wasm-bindgen-cli node-tools chromium build front run test test-rust test-rust-build test-rust-run test-e2e e2e-when-built e2e-run ci-times bench clean

help:
	@echo "make run       build and serve http://127.0.0.1:3000 on SQLite with demo data"
	@echo "make test      unit, integration (SQLite + PostgreSQL) and end-to-end (Chromium) tests"
	@echo "make bench     first page load size (budget 350 KB) and server times at scale (SQLite + PostgreSQL)"
	@echo "make ci-times  how long each phase of the last make test took"
	@echo "make fuzz      fuzz the spreadsheet uploads and the Channel API bodies, FUZZ_SECONDS (600) per target"

tools:
	@$(PHASE) tools $(MAKE) --no-print-directory install-tools

# The four installs are independent: the two cargo builds overlap each
# other's single-threaded tails, apt and npm wait on the network meanwhile.
install-tools:
	@$(MAKE) --no-print-directory -j4 wasm-target cargo-leptos wasm-bindgen-cli node-tools chromium

wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# Our tools are built for a quick install, not for their own speed: no fat
# LTO and single codegen unit (cargo-leptos asks for both), opt-level 1
# except the brotli that precompresses the bundle. They drive the build;
# building cargo-leptos was most of a fresh machine's CI (27 of 56 minutes).
TOOL_PROFILE := CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=1
TOOL_CONFIG := --config 'profile.release.package.brotli.opt-level=3'

# cargo-leptos 0.3.11's locked dependencies need a newer rustc than stable
# 1.95, so it is built with the machine's nightly toolchain; it then drives
# the stable toolchain for our own builds.
cargo-leptos:
	@cargo leptos --version 2>/dev/null | grep -q " $(CARGO_LEPTOS_VERSION)$$" || \
		{ echo "installing cargo-leptos $(CARGO_LEPTOS_VERSION) with the nightly toolchain (one time)"; \
		  $(TOOL_PROFILE) cargo +nightly install $(TOOL_CONFIG) cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked; }

wasm-bindgen-cli:
	@wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)$$" || \
		{ echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (one time)"; \
		  $(TOOL_PROFILE) cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --locked; }

node-tools: end2end/node_modules/.installed

end2end/node_modules/.installed: end2end/package.json end2end/package-lock.json
	cd end2end && npm ci --no-audit --no-fund
	@touch $@

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }
	@# Korean glyphs, so layout checks at 360 px measure real text; the same
	@# Noto Sans CJK is embedded in tax-invoice PDFs (src/settlement/tax/pdf.rs).
	@test -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc || { $(SUDO) apt-get update && $(SUDO) apt-get install -y fonts-noto-cjk; }

# After every release bundle: the small wasm-split chunks lose what they do
# not use (see the script).
SHRINK_CHUNKS := node end2end/bin/shrink-wasm-chunks.mjs target/site/pkg

# The optimised server and the release browser bundle: make run, make bench
# and the artefact one would deploy.
build: tools
	cargo leptos build --release --precompress --split
	$(SHRINK_CHUNKS)

# The release browser bundle alone (WASM, JS, CSS, public/), into target/site.
front:
	@$(PHASE) wasm-build bash -c 'cargo leptos build --release --precompress --split --frontend-only && $(SHRINK_CHUNKS)'

run: build
	DEMO_DATA=$${DEMO_DATA:-true} DEV_MODE=$${DEV_MODE:-true} SIMULATE=$${SIMULATE:-6} $(TARGET_DIR)/release/partner-center serve

# The browser tests run the release bundle (where hydration can break)
# against the server that the Rust test build already linked (dev profile,
# shared dependencies): building an optimised server only for them cost
# 21 minutes of CI. See the README, "Build, CI and the toolchain".
#
# Two lines run side by side: the Rust tests (build, then run), and the
# tools then the WASM build (the browser profile compiles our crate as one
# codegen unit, on one core), then the browser tests, which start as soon
# as the bundle and the test build are there, beside the Rust test run.
# The Rust tests need none of the tools, so on a fresh machine their build
# overlaps the tools' install.
test:
	@$(MAKE) --no-print-directory -j2 test-rust e2e-when-built

front-with-tools: tools
	@$(MAKE) --no-print-directory front

test-rust: test-rust-run

test-rust-build:
	@if [ -n "$$TEST_DATABASE_URL" ]; then echo "integration tests: SQLite and PostgreSQL ($$TEST_DATABASE_URL)"; \
	 else echo "integration tests: SQLite only — set TEST_DATABASE_URL for PostgreSQL"; fi
	@$(PHASE) rust-test-build cargo test --features ssr --no-run

# Niced: beside it run the WASM build and then the browser tests, the
# longer line of make test, which should have the cores first.
test-rust-run: test-rust-build
	@mkdir -p target
	@set -o pipefail; $(PHASE) rust-test-run nice -n 10 cargo test --features ssr --no-fail-fast 2>&1 | tee target/test-output.log
	@.ci/test-counts target/test-output.log

e2e-when-built: front-with-tools test-rust-build
	@$(MAKE) --no-print-directory e2e-run

# The browser tests alone (after make front): the test build, then Playwright.
test-e2e: test-rust-build
	@$(MAKE) --no-print-directory e2e-run

# Playwright against the test build's server binary (cargo test links it for
# the integration tests; a plain cargo build would compile the dependencies
# again, with the features the dev-dependencies do not add), told which
# hashed files the release bundle has (cargo-leptos writes hash.txt beside
# the release binary). No cargo here: beside `cargo test`, which holds the
# build folder's lock while its tests run, it would wait for them.
e2e-run:
	cp $(TARGET_DIR)/release/hash.txt $(TARGET_DIR)/debug/hash.txt
	@cd end2end && PARTNER_CENTER_BIN=$(TARGET_DIR)/debug/partner-center $(PHASE) e2e npx playwright test

ci-times:
	@.ci/times

# PostgreSQL for the benchmarks: the local server when one answers.
BENCH_DATABASE_URL ?= $(TEST_DATABASE_URL)
export BENCH_DATABASE_URL

# Every measurement runs even when an earlier one is over its budget; the
# exit status says whether any failed.
bench: build
	@status=0; \
	PARTNER_CENTER_BIN=$(TARGET_DIR)/release/partner-center node end2end/bench/first-load.mjs || status=1; \
	$(TARGET_DIR)/release/partner-center bench products || status=1; \
	$(TARGET_DIR)/release/partner-center bench orders || status=1; \
	$(TARGET_DIR)/release/partner-center bench promotions || status=1; \
	exit $$status

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/.tmp data

# Fuzzing, not part of make test or CI: each target of fuzz/ (a cargo-fuzz
# project of its own, nightly toolchain) runs FUZZ_SECONDS, one after the
# other, at the lowest priority. Without a sanitizer (safe Rust: what it
# finds is panics, overflows — debug assertions are on — hangs and memory
# blow-ups, not memory errors), 16 codegen units: the whole server crate is
# instrumented, and a cold build is long enough as it is. New inputs go to
# fuzz/target/corpus/<target>, the committed seeds in fuzz/corpus/<target>
# are only read; a crash is kept in fuzz/artifacts/<target>/ and ends the
# run with a non-zero status (turn it into a unit test, see the README).
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := products_upload invoices_upload channel_api_json
FUZZ_FLAGS := -O --debug-assertions --sanitizer none --codegen-units 16

fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	nice -n 19 cargo +nightly fuzz build $(FUZZ_FLAGS)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p fuzz/target/corpus/$$t; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		nice -n 19 cargo +nightly fuzz run $(FUZZ_FLAGS) $$t fuzz/target/corpus/$$t fuzz/corpus/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 || exit 1; \
	done
