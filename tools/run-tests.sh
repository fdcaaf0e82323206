#!/bin/sh
# Runs the busted suite on both backends (C core and pure Lua + LPeg), under
# Lua 5.4 and under Lua 5.3 (the Lua of Debian's pandoc), then prints one
# closing line "N passed, N failed".
set -u
passed=0; failed=0; status=0
for lua in 5.4 5.3; do
  for backend in c lua; do
    echo "== Lua $lua, backend $backend"
    out=$(LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="build/$lua/?.so;;" CABLE_BACKEND=$backend \
      busted --lua=lua$lua -o utfTerminal tests 2>&1)
    rc=$?
    echo "$out" | tail -n 40 | grep -v '^$' | tail -n 15
    line=$(echo "$out" | grep -E '[0-9]+ success(es)? / [0-9]+ failures? / [0-9]+ errors?' | tail -n 1)
    if [ -z "$line" ]; then
      echo "no busted summary for Lua $lua, backend $backend" >&2; failed=$((failed + 1)); status=1; continue
    fi
    set -- $(echo "$line" | sed 's/\x1b\[[0-9;]*m//g' | tr -cs '0-9' ' ')
    s=$1; f=$2; e=$3
    passed=$((passed + s)); failed=$((failed + f + e))
    [ "$rc" -ne 0 ] && status=1
  done
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
