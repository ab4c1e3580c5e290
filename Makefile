# fwenv — build, test, benchmark. Linux and macOS.
GO ?= go
BIN := bin/fwenv

.PHONY: build test test-short deps demo demo-deps bench bench-wheels vet fmt

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN) ./cmd/fwenv

# The user id; installing with apt-get needs root (0). Without root what is
# missing is named and skipped: the tests that need it skip themselves.
USER_ID ?= $(shell id -u)

# Everything the tests need on a fresh Debian machine: the shells whose
# activation scripts are tested for real, and git (version-control
# requirements). Installing them needs root (apt-get).
deps: demo-deps
	@missing=""; for cp in bash:bash zsh:zsh dash:dash fish:fish tcsh:tcsh script:bsdutils git:git; do \
		command -v $${cp%%:*} >/dev/null 2>&1 || missing="$$missing $${cp#*:}"; done; \
	if [ -n "$$missing" ] && [ "$(USER_ID)" != 0 ]; then \
		echo "not installing$$missing: apt-get needs root (sudo make deps); the tests that need them are skipped"; \
	elif [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	$(GO) mod download

# All tests, as CI runs them. The resolver is compared with pip's on 200
# seeded random scenarios (about a minute); the default go test runs six.
test: deps
	$(GO) vet ./...
	FWENV_RESOLVER_DIFF=200 $(GO) test -count=1 -timeout 20m ./...

# The quick loop for developers.
test-short:
	$(GO) test -short ./...

# The bundled tutorial (docs/tutorial), on fwenv's default interpreter or on
# PYTHON (make demo PYTHON=3.13; any -p value). Its build requirements come
# offline from the interpreters' ensurepip bundles (setuptools, 3.8-3.11), the
# upstream setuptools CPython 3.12/3.13 ship as test data, and Debian's
# python3-wheel-whl (wheel), installed here when missing (as root; without
# root the demo is skipped with a message).
PYTHON ?=
demo: build demo-deps
	@if ls /usr/share/python-wheels/wheel-*.whl >/dev/null 2>&1; then PYTHON="$(PYTHON)" bash docs/tutorial/run.sh; \
	else echo "skipping the demo: it needs python3-wheel-whl (sudo make demo-deps, or sudo apt-get install python3-wheel-whl)"; fi

demo-deps:
	@if ls /usr/share/python-wheels/wheel-*.whl >/dev/null 2>&1; then :; \
	elif [ "$(USER_ID)" != 0 ]; then \
		echo "not installing python3-wheel-whl: apt-get needs root (sudo make demo-deps)"; \
	else \
		echo "installing python3-wheel-whl"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-wheel-whl >/dev/null; \
	fi

# Side-by-side timings; see docs/benchmarks.md. BENCH_DIR is where the
# harness makes its folders (default $TMPDIR; the figures in the docs use /).
BENCH_DIR ?=
bench: build
	$(GO) test -run '^$$' -bench . -benchtime 200x ./env/... ./resolver/... ./archive/...
	$(GO) run ./cmd/fwenv-bench -fwenv $(BIN) -dir "$(BENCH_DIR)" -mode create
	$(GO) run ./cmd/fwenv-bench -fwenv $(BIN) -dir "$(BENCH_DIR)" -mode phases
	$(GO) run ./cmd/fwenv-bench -fwenv $(BIN) -dir "$(BENCH_DIR)" -mode editable

# The ~90-wheel set rebuilt from the machine's Python 3.11 (needs ../shared).
WHEELHOUSE ?= /tmp/fwenv-wheelhouse
bench-wheels: build
	test -d $(WHEELHOUSE) || python3 ../shared/tools/make_wheelhouse.py $(WHEELHOUSE)
	$(GO) run ./cmd/fwenv-bench -fwenv $(BIN) -dir "$(BENCH_DIR)" -mode wheels -wheels $(WHEELHOUSE)

vet:
	$(GO) vet ./...

fmt:
	gofmt -w cmd env resolver lockfile archive
