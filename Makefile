# Pagewire's build. `make test` is the full suite CI runs; `make run` serves
# the demo app.
GO ?= go
DEBIAN_DEPS := chromium redis-server

.PHONY: test run dev bench bench-deps fuzz deps vet fmt-check templ-check js-check generate node-modules soak

# The packages' tests run one package at a time (-p 1): several build and
# run programs (the examples, the scaffolder's app, the tour) or drive
# Chromium against a real server, and on two cores running them side by
# side starves the browser tests' servers past the runtime's reply wait.
test: deps vet fmt-check templ-check generate-check js-check
	$(GO) test -race -count=1 -p 1 ./...
	$(GO) test -run '^$$' -bench . -benchtime 1x ./...

# bench runs every benchmark once and writes BENCHMARKS.md (about 7
# minutes). The comparison with the bare-bytes floor alone (wrk against the
# demo app and a bare echo server sending the same bytes, about two and a half minutes):
# `go run ./cmd/pagewire-bench floor`.
bench: deps bench-deps
	$(GO) run ./cmd/pagewire-bench all -out BENCHMARKS.md

# bench-deps installs wrk, the HTTP load generator of make bench's floor
# comparison, when it is missing, the way deps does; without it the
# comparison falls back to the Go load client and the report says so.
bench-deps:
	@if ! command -v wrk >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing: wrk"; \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wrk; \
		else \
			echo "missing: wrk (install with: sudo apt-get install -y wrk)" >&2; \
		fi; \
	fi

# fuzz runs every fuzz target of the module for FUZZTIME each, one after
# another (go test fuzzes one target per package at a time); the targets'
# seed corpora (f.Add and testdata/fuzz) already run in make test. A
# failing input is written under the package's testdata/fuzz.
FUZZTIME ?= 20s
fuzz:
	@set -e; \
	for dir in $$(grep -rl --include='*_test.go' --exclude-dir=node_modules '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
		for target in $$($(GO) test -list '^Fuzz' $$dir | grep '^Fuzz'); do \
			echo "fuzz: $$dir $$target for $(FUZZTIME)"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$dir; \
		done; \
	done

# soak keeps 1,000 simulated tabs on the benchmark app for 10 minutes
# (navs, callbacks, pushes every 100 ms), closes them, and fails on any
# error or when the server's goroutines and heap do not come back to their
# baseline; it writes the "## Soak" section of BENCHMARKS.md in place.
soak:
	$(GO) run ./cmd/pagewire-bench soak -tabs 1000 -d 10m -out BENCHMARKS.md

run:
	$(GO) run .

# dev is the development loop: templ watches the tree and regenerates a
# saved .templ file. A change of Go code (a .go file, a .templ file's Go)
# restarts `go run . -dev` (Config.Dev, which implies Config.Debug), whose
# open tabs reload when they reconnect to the new server; a change of a
# .templ file's text alone goes to templ's text file, which the running
# server (TEMPL_DEV_MODE=true) serves at once and watches: it tells the open
# tabs to reload. A failing layout or callback shows an overlay naming its
# file:line.
dev:
	$(GO) tool templ generate -include-version=false --watch --cmd "$(GO) run . -dev"

# generate rewrites the generated files: templ generate over the whole tree
# (templ.go's directive), the minification of framework/runtime/*.js into
# runtime.min.js and of framework/runtime/ext/*.js into runtime-ext.min.js
# (framework/runtime.go's directive) and plotly.js vendored
# from node_modules into framework/vendor/plotly.min.js.gz
# (framework/plotly.go's directive; rewritten only when package.json's pin
# changed). Not go generate ./...: the scaffold's skeleton has a directive
# of its own, for scaffolded apps.
generate: node-modules
	$(GO) tool templ generate -include-version=false
	$(GO) generate ./framework

# node-modules installs package.json's exact pins (npm ci): tsc for js-check
# and plotly.js, which go generate vendors. Without npm it says so, and
# fails under CI=true.
node-modules:
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --silent; \
	elif [ "$$CI" = true ]; then echo "npm is missing and CI=true: node_modules (tsc, plotly.js) must be installed" >&2; exit 1; \
	else echo "npm is missing: node_modules not installed (js-check and the plotly.js vendoring skip)" >&2; fi

# deps installs the Debian packages the tests need when they are missing:
# as root with apt-get; otherwise it says what to install, and the tests
# that need them skip (or fail, under CI=true).
deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing:$$missing"; \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
		else \
			echo "missing:$$missing (install with: sudo apt-get install -y$$missing)" >&2; \
		fi; \
	fi

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

# templ-check regenerates the *_templ.go files and fails when they differ
# from what is committed.
templ-check:
	$(GO) tool templ generate -include-version=false
	@git diff --exit-code -- '*_templ.go' || { echo "generated templ files are stale: run make generate and commit"; exit 1; }
	@untracked=$$(git ls-files --others --exclude-standard -- '*_templ.go'); \
	if [ -n "$$untracked" ]; then echo "uncommitted generated files: $$untracked"; exit 1; fi

# generate-check minifies the runtime and vendors plotly.js again, and
# fails when framework/runtime.min.js, framework/runtime-ext.min.js or
# framework/vendor/plotly.min.js.gz differs from what is committed, or is
# not committed (templ-check covers the *_templ.go files).
GENERATED := framework/runtime.min.js framework/runtime-ext.min.js framework/vendor/plotly.min.js.gz
.PHONY: generate-check
generate-check: node-modules
	$(GO) generate ./framework
	@git diff --exit-code --stat -- $(GENERATED) || { echo "generated files are stale: run make generate and commit"; exit 1; }
	@untracked=$$(git ls-files --others --exclude-standard -- $(GENERATED)); \
	if [ -n "$$untracked" ]; then echo "uncommitted generated files: $$untracked"; exit 1; fi

# js-check type-checks the runtime's JSDoc with tsc (pinned in package.json)
# and checks that the vendored plotly.js is node_modules' plotly.min.js.
js-check: node-modules
	@if command -v npm >/dev/null 2>&1; then \
		npx --no-install tsc -p framework/jsconfig.json && echo "runtime/*.js, runtime/ext/*.js: tsc --checkJs ok" && \
		$(GO) run ./internal/cmd/vendorgz -check -in node_modules/plotly.js-dist-min/plotly.min.js -out framework/vendor/plotly.min.js.gz && \
		echo "framework/vendor/plotly.min.js.gz: plotly.js-dist-min $$(node -p 'require("./node_modules/plotly.js-dist-min/package.json").version') ok"; \
	elif [ "$$CI" = true ]; then echo "npm is missing and CI=true: the runtime's type check must run" >&2; exit 1; \
	else echo "npm is missing: runtime type check skipped" >&2; fi
