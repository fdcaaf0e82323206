# cable: build the C accelerator for one Lua ABI, run the tests on both
# backends, the demo, the benchmark and the corpus reports.
#   make                     build build/$(LUA_VERSION)/cable/core.so
#   make LUA_VERSION=5.3     the same for Debian's pandoc (Lua 5.3)
#   make test | pandoc-test | demo | bench | asan | coverage | accuracy | install

LUA_VERSION ?= 5.4
LUA ?= lua$(LUA_VERSION)
LUA_INCDIR ?= /usr/include/lua$(LUA_VERSION)
CC ?= cc
CFLAGS ?= -O2
CFLAGS += -std=c99 -fPIC -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
LIBFLAG ?= -shared

PREFIX ?= /usr/local
PANDOCDIR ?= $(PREFIX)/share/cable/pandoc
LUADIR ?= $(PREFIX)/share/lua/$(LUA_VERSION)
LIBDIR ?= $(PREFIX)/lib/lua/$(LUA_VERSION)
BINDIR ?= $(PREFIX)/bin
DESTDIR ?=

BUILD := build/$(LUA_VERSION)
CORE := $(BUILD)/cable/core.so
SOURCES := src/scan.c src/core.c
HEADERS := src/scan.h

export LUA_PATH := lua/?.lua;lua/?/init.lua;;
export LUA_CPATH := $(BUILD)/?.so;;

.PHONY: all deps test pandoc-test demo bench asan coverage accuracy install clean

all: $(CORE)

$(CORE): $(SOURCES) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I$(LUA_INCDIR) $(LIBFLAG) -o $@ $(SOURCES) $(LDFLAGS)

deps:
	@sh tools/deps.sh

# The whole suite on both backends, under Lua 5.4 and under Lua 5.3 (pandoc's).
test: deps
	@$(MAKE) --no-print-directory $(CORE)
	@$(MAKE) --no-print-directory LUA_VERSION=5.3 build/5.3/cable/core.so
	@sh tools/run-tests.sh

# The Pandoc reader and filter alone: runs pandoc (its own Lua 5.3, C core from
# build/5.3 and pure Lua backend) and diffs with tests/pandoc/expected/.
pandoc-test: deps
	@$(MAKE) --no-print-directory LUA_VERSION=5.3 build/5.3/cable/core.so
	busted --lua=$(LUA) -o utfTerminal tests/pandoc_spec.lua

demo: deps $(CORE)
	@$(LUA) bin/cable parse --to summary tests/fixtures/aad/1978LIMA00921.txt
	@$(LUA) bin/cable parse --to json --pretty tests/fixtures/aad/1978LIMA00921.txt

bench: deps $(CORE)
	@$(LUA) tools/bench.lua

# The suite again with AddressSanitizer and UBSan in the C core.
asan: deps
	@sh tools/asan.sh

coverage: deps $(CORE)
	@$(LUA) tools/coverage.lua

accuracy: deps $(CORE)
	@$(LUA) tools/accuracy.lua

install: $(CORE)
	install -d $(DESTDIR)$(LUADIR)/cable $(DESTDIR)$(LIBDIR)/cable $(DESTDIR)$(BINDIR)
	cd lua && find cable -type d -exec install -d $(DESTDIR)$(LUADIR)/{} \;
	cd lua && find cable -type f -exec install -m 644 {} $(DESTDIR)$(LUADIR)/{} \;
	install -d $(DESTDIR)$(LUADIR)/cable/grammar
	install -m 644 grammar/*.lua $(DESTDIR)$(LUADIR)/cable/grammar/
	install -m 755 $(CORE) $(DESTDIR)$(LIBDIR)/cable/core.so
	install -m 755 bin/cable $(DESTDIR)$(BINDIR)/cable
	install -d $(DESTDIR)$(PANDOCDIR)
	install -m 644 pandoc/cable-reader.lua pandoc/cable-filter.lua pandoc/setup.lua $(DESTDIR)$(PANDOCDIR)/

clean:
	rm -rf build
