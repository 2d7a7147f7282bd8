# Vigil: the two commands.
#   make run   install what is missing, build, load the sample city and serve the dashboard
#   make test  install what is missing, build (dev preset: -Werror, ASan, UBSan) and the web,
#              run every test (the dashboard's browser test included)
SHELL := /bin/bash
JOBS ?= $(shell nproc)
STORE ?= out/vigil.sqlite
SEED ?= 7

.PHONY: run test deps build build-dev web fuzz lint format-check bench clean

deps:
	@scripts/install-deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

build-dev: deps
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev -j $(JOBS)

# The dashboard (web/): npm ci from the committed package-lock.json when it changed, then
# tsc + vite build into web/dist.
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/index.html web/vite.config.ts web/tsconfig.json

web/node_modules/.package-lock.json: web/package.json web/package-lock.json | deps
	@cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	@cd web && npm run --silent build -- --logLevel warn

web: web/dist/index.html

run: build web
	@scripts/run-demo.sh build/release/apps/vigil/vigil $(STORE) $(SEED)

test: build-dev web
	@ctest --preset dev -j $(JOBS)

fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	@scripts/run-fuzzers.sh build/fuzz 30

lint: deps
	@scripts/lint.sh

# The formatting half of lint alone: seconds, so .ci/run checks it on every change.
format-check: deps
	@scripts/lint.sh --format-only

bench: build
	@for b in build/release/bench/bench_*; do [ -x "$$b" ] && "$$b"; done

clean:
	rm -rf build out web/dist
