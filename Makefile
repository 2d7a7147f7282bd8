# Vigil: the two commands.
#   make run   install what is missing, build, run the main job on the embedded default
#   make test  install what is missing, build (dev preset: -Werror, ASan, UBSan), run every test
SHELL := /bin/bash
JOBS ?= $(shell nproc)
STORE ?= out/vigil.sqlite
SEED ?= 7

.PHONY: run test deps build build-dev fuzz lint bench clean

deps:
	@scripts/install-deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

build-dev: deps
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev -j $(JOBS)

run: build
	@scripts/run-demo.sh build/release/apps/vigil/vigil $(STORE) $(SEED)

test: build-dev
	@ctest --preset dev -j $(JOBS)

fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	@scripts/run-fuzzers.sh build/fuzz 30

lint: deps
	@scripts/lint.sh

bench: build
	@for b in build/release/bench/bench_*; do [ -x "$$b" ] && "$$b"; done

clean:
	rm -rf build out
