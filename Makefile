# fwenv — build, test, benchmark. Linux and macOS.
GO ?= go
BIN := bin/fwenv

.PHONY: build test test-short deps demo bench vet fmt

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN) ./cmd/fwenv

# Everything the tests need on a fresh Debian machine: the shells whose
# activation scripts are tested for real. Needs root (apt-get).
deps:
	@missing=""; for c in bash zsh dash fish tcsh; do command -v $$c >/dev/null 2>&1 || missing="$$missing $$c"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	$(GO) mod download

# All tests, as CI runs them.
test: deps
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 20m ./...

# The quick loop for developers.
test-short:
	$(GO) test -short ./...

# The bundled tutorial (docs/tutorial).
demo: build
	bash docs/tutorial/run.sh

# Side-by-side timings; see docs/benchmarks.md.
bench: build
	$(GO) test -run '^$$' -bench . -benchtime 200x ./env/... ./resolver/... ./archive/...
	$(GO) run ./cmd/fwenv-bench -fwenv $(BIN)

vet:
	$(GO) vet ./...

fmt:
	gofmt -w cmd env resolver lockfile archive
