# The two commands: `make demo` and `make test`. Both install what is missing,
# build, and are quick when everything is already in place.
BUILD_DIR ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEB_PACKAGES := g++ cmake make pkg-config libcpp-httplib-dev rapidjson-dev libspdlog-dev \
                catch2 libssl-dev libsqlite3-dev zlib1g-dev liblz4-dev libdeflate-dev \
                openssl nodejs npm
SERVER_DIR := tests/fhir-server

.PHONY: all deps build test demo bench profiles clean

all: build

deps: $(BUILD_DIR)/.deps-debian $(SERVER_DIR)/node_modules/.package-lock.json

$(BUILD_DIR)/.deps-debian: Makefile
	@scripts/install-deps.sh $(DEB_PACKAGES)
	@mkdir -p $(BUILD_DIR) && touch $@

$(SERVER_DIR)/node_modules/.package-lock.json: $(SERVER_DIR)/package-lock.json $(BUILD_DIR)/.deps-debian
	cd $(SERVER_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(BUILD_DIR)/CMakeCache.txt: CMakeLists.txt $(BUILD_DIR)/.deps-debian
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure

demo: build
	scripts/demo.sh $(BUILD_DIR)

# Regenerates profiles/ from the code (catalogue, canonical URLs) and adds the
# StructureDefinitions' snapshots. `make test` fails when profiles/ is stale.
profiles: build
	rm -f profiles/*.json
	$(BUILD_DIR)/als-adapter conformance --out profiles
	node $(SERVER_DIR)/snapshot.js profiles

bench: build
	bench/run.sh $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR)
