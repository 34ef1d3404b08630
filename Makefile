# graphdoc: Graph reference pages -> OpenAPI -> Go.
GO ?= go
CORPUS ?= $(or $(GRAPHDOC_CORPUS),../shared/corpus/graph-docs-2021/beta)

.PHONY: run test regen bench lint build

## run: generate the bundled example (testdata/userpfx -> gen/userpfx) and print what was written
run:
	$(GO) run ./cmd/graphdoc generate -config testdata/userpfx/graphdoc.yaml

## test: all tests (corpus tests run when $(CORPUS) exists, and skip otherwise)
test:
	$(GO) test ./...

## regen: rewrite every golden file (specs in testdata/, packages in gen/)
regen:
	$(GO) test ./... -update

## bench: benchmarks (corpus benchmarks need $(CORPUS))
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## lint: gofmt, go vet, and graphdoc's own lint on the bundled example
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || (gofmt -l . && exit 1)
	$(GO) vet ./...
	$(GO) run ./cmd/graphdoc lint testdata/userpfx/docs

## build: build the graphdoc binary into ./bin
build:
	$(GO) build -o bin/graphdoc ./cmd/graphdoc
