#!/bin/sh
# Installs the Debian packages cable needs to build and test, when missing:
# with apt-get as root, otherwise it prints the command to run and stops.
set -u
missing=""
need() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed" || missing="$missing $1"; }
for pkg in gcc make lua5.4 liblua5.4-dev lua5.3 liblua5.3-dev lua-lpeg lua-busted lua-cjson lua-dkjson pandoc luarocks; do
  need "$pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "cable: installing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq $missing >/dev/null || {
    echo "cable: apt-get install failed for:$missing" >&2; exit 1; }
else
  echo "cable: missing Debian packages:$missing" >&2
  echo "run: sudo apt-get install -y$missing" >&2
  exit 1
fi
