#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (never a browser downloaded by a test tool: these
# machines reach only the package registries). Installs it when missing and we are root.
set -euo pipefail
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "chromium is not installed and cannot be installed here (needs root and apt-get):" >&2
echo "  sudo apt-get install -y chromium" >&2
# Outside CI the browser tests then skip with this reason; under CI they fail.
[ "${CI:-}" = "true" ] && exit 1 || exit 0
