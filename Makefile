# npu-codesign: `make demo` evaluates a bundled network on a bundled design and explores a
# bundled chip x model space; `make test` runs the tests; `make bench` prints throughput
# figures from a release build.
SWIFT      ?= swift
BIN        := .build/release/npu-codesign
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# One optimised build serves the demo, the benchmarks and the tests (testing enabled so the
# test targets may use @testable): the tests run ILP mappers and network schedules, which an
# unoptimised build runs several times slower (test phase 344 s in debug, 75 s optimised),
# and `make demo` then `make test` build the sources once.
BUILD      := -c release -Xswiftc -enable-testing

.PHONY: demo test test-slurm bench release deps clean screenshot

# System libraries: GLPK (libglpk-dev) for the ILPs, SQLite (libsqlite3-dev) for GRDB.
deps:
	@if [ ! -f /usr/include/glpk.h ] || [ ! -f /usr/include/sqlite3.h ]; then \
	  echo "installing libglpk-dev libsqlite3-dev"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libglpk-dev libsqlite3-dev; \
	fi

release: deps
	$(SWIFT) build $(BUILD) --product npu-codesign

# One design evaluated in full, then a 432-point chip x model exploration with its report.
demo: release
	$(BIN) evaluate --design Designs/eyeriss-like.yaml --workload Workloads/mobilenet_v2.yaml
	rm -rf Reports/demo Reports/demo.sqlite
	$(BIN) explore --workload Workloads/smart-camera.yaml --space Designs/edge-npu-space.yaml \
	  --db Reports/demo.sqlite --out Reports/demo
	@echo "open Reports/demo/report.html (or read Reports/demo/report.md)"

test: deps
	$(SWIFT) build $(BUILD) --build-tests
	$(SWIFT) test $(BUILD) --skip-build

# The README's Slurm array job (scripts/slurm/sweep.sbatch) on a one-node Slurm cluster
# started on this machine: installs Debian's slurm-wlm and munge if missing, needs root.
test-slurm: release
	BIN=$(BIN) scripts/slurm/test-slurm.sh

# The committed screenshot of the example report, from BrowserTests' headless Chromium
# (Debian's chromium package).
screenshot: deps
	$(SWIFT) build $(BUILD) --build-tests
	rm -rf .build/screenshots
	BROWSER_SCREENSHOTS=.build/screenshots $(SWIFT) test $(BUILD) --skip-build --filter ReportPagesTests
	cp .build/screenshots/example-report.png Reports/example/report.png

bench: release
	$(BIN) bench

clean:
	rm -rf .build
