#!/bin/sh
# make asan: builds the C core with AddressSanitizer and UBSan into
# build/asan/, runs the whole busted suite on the C backend with it, then
# fuzzes the scanner (C against Lua) for a bounded time. Exits non-zero on any
# sanitizer report, test failure or scanner mismatch.
#   CABLE_FUZZ_SECONDS (default 30), CABLE_FUZZ_SEED (default 1)
set -u
LUA_VERSION=${LUA_VERSION:-5.4}
CC=${CC:-cc}
out=build/asan/$LUA_VERSION
log=build/asan/sanitizer.log
mkdir -p "$out/cable"
$CC -std=c99 -O1 -g -fPIC -fsanitize=address,undefined -fno-sanitize-recover=all \
  -fno-omit-frame-pointer -Wall -Wextra -I/usr/include/lua$LUA_VERSION -shared \
  -o "$out/cable/core.so" src/scan.c src/core.c || exit 1

# lua itself is not instrumented: the ASan runtime must come first, and leak
# checks are off (the interpreter's own allocations are not tracked).
libasan=$($CC -print-file-name=libasan.so)
[ -f "$libasan" ] || { echo "asan: no libasan.so for $CC" >&2; exit 1; }
export LD_PRELOAD="$libasan"
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:log_path=$PWD/$log"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$PWD/$log"
export LUA_PATH="lua/?.lua;lua/?/init.lua;;"
export LUA_CPATH="$out/?.so;;"
export CABLE_BACKEND=c
rm -f "$log".*

status=0
echo "== busted suite, Lua $LUA_VERSION, C core with ASan + UBSan"
busted --lua=lua$LUA_VERSION -o utfTerminal tests > build/asan/busted.out 2>&1 || status=1
tail -n 3 build/asan/busted.out
echo "== scanner fuzz, C against Lua"
lua$LUA_VERSION tools/fuzz-scan.lua "${CABLE_FUZZ_SECONDS:-30}" "${CABLE_FUZZ_SEED:-1}" || status=1

if ls "$log".* >/dev/null 2>&1; then
  echo "asan: sanitizer reports:" >&2
  cat "$log".* >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "asan: no sanitizer report, suite and fuzz passed" || echo "asan: FAILED" >&2
exit $status
