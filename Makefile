# graphdoc: Graph reference pages -> OpenAPI -> Go.
GO ?= go
CORPUS ?= $(or $(GRAPHDOC_CORPUS),../shared/corpus/graph-docs-2021/beta)

.PHONY: run check test regen bench lint build corpus-build slice-build fuzz determinism

## run: generate the bundled example (testdata/userpfx -> gen/userpfx) and print what was written
run:
	$(GO) run ./cmd/graphdoc generate -config testdata/userpfx/graphdoc.yaml

## check: fail (exit 1, with diffs) if the checked-in generated files differ from what the docs produce
check:
	$(GO) run ./cmd/graphdoc check -config testdata/userpfx/graphdoc.yaml
	$(GO) run ./cmd/graphdoc check -config examples/downstream/graphdoc.yaml

## test: all tests (corpus tests run when $(CORPUS) exists, and skip otherwise)
test:
	$(GO) test ./...

## regen: rewrite every golden file (specs in testdata/, packages in gen/)
regen:
	$(GO) test ./... -update

## bench: benchmarks (corpus benchmarks need $(CORPUS)), then what the generated Go
## costs (lines, generate, build) against the previous layout (.ci/codegen-bench;
## INPUTS="example slice corpus" adds the whole corpus)
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	.ci/codegen-bench

## fuzz: run every fuzz target for FUZZTIME each (default 2m: 17 targets, 34 minutes in all)
FUZZTIME ?= 2m
fuzz:
	GO=$(GO) .ci/fuzz ./spec/page FuzzScan $(FUZZTIME)
	GO=$(GO) .ci/fuzz ./spec/page FuzzParseType $(FUZZTIME)
	GO=$(GO) .ci/fuzz ./spec/page FuzzParseAnnotation $(FUZZTIME)
	GO=$(GO) .ci/fuzz ./spec/page FuzzHTTPBlock $(FUZZTIME)
	GO=$(GO) .ci/fuzz ./spec/page FuzzBlocks $(FUZZTIME)
	GO=$(GO) .ci/fuzz ./spec/page FuzzDecodeJSON $(FUZZTIME)
	GO=$(GO) .ci/fuzz ./spec/page FuzzIsScope $(FUZZTIME)
	GO=$(GO) .ci/fuzz ./spec/include FuzzExpand $(FUZZTIME)
	GO=$(GO) .ci/fuzz ./spec FuzzPageToSpec $(FUZZTIME)
	GO=$(GO) .ci/fuzz ./graphrt/impl FuzzDecoder $(FUZZTIME)
	GO=$(GO) .ci/fuzz ./graphrt/impl FuzzParseError $(FUZZTIME)
	GO=$(GO) .ci/fuzz ./graphrt/impl FuzzUnmarshalPlan $(FUZZTIME)
	GO=$(GO) .ci/fuzz ./graphrt/impl FuzzRouter $(FUZZTIME)
	GO=$(GO) .ci/fuzz ./graphrt/impl FuzzRouterIntercept $(FUZZTIME)
	GO=$(GO) .ci/fuzz ./graphrt FuzzParseDuration $(FUZZTIME)
	GO=$(GO) .ci/fuzz ./graphrt FuzzParseDateTime $(FUZZTIME)
	GO=$(GO) .ci/fuzz ./graphrt/odata FuzzFilter $(FUZZTIME)

## determinism: the whole corpus (spec and generated Go) in file order with GOMAXPROCS=1 and shuffled with 4: byte-identical (needs $(CORPUS); minutes, ~6 GB)
determinism:
	GRAPHDOC_CORPUS=$(abspath $(CORPUS)) GRAPHDOC_DETERMINISM=code $(GO) test ./internal/build -run '^TestCorpusDeterministic$$' -count=1 -v -timeout 30m

## lint: gofmt, go vet, and graphdoc's own lint on the bundled example
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || (gofmt -l . && exit 1)
	$(GO) vet ./...
	$(GO) run ./cmd/graphdoc lint testdata/userpfx/docs

## build: build the graphdoc binary into ./bin
build:
	$(GO) build -o bin/graphdoc ./cmd/graphdoc

## corpus-build: generate Go for the whole beta corpus and go build + go vet it (needs $(CORPUS); ~3 minutes, ~2.6 GB on 2 cores)
corpus-build:
	GRAPHDOC_CORPUS=$(CORPUS) .ci/corpus-build all

## slice-build: generate the intune-raimportcerts-* slice and build it with a cold build cache
slice-build:
	GRAPHDOC_CORPUS=$(CORPUS) .ci/corpus-build slice
