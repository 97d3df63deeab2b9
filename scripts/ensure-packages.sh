#!/usr/bin/env bash
# Debian packages the tests drive: Chromium for the browser tests (never a browser downloaded
# by a test tool: these machines reach only the package registries), nginx and Caddy for the
# deploy tests. Installs what is missing when we are root; services are not started.
#   scripts/ensure-packages.sh chromium=chromium nginx=nginx /usr/lib/...so=libnginx-mod-...
# Each argument is "command-or-file=package".
set -euo pipefail
missing=()
for pair in "$@"; do
  check="${pair%%=*}" package="${pair#*=}"
  if [[ "$check" == /* ]]; then [ -e "$check" ] && continue; else command -v "$check" >/dev/null 2>&1 && continue; fi
  missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's ${missing[*]} for the tests…" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Debian starts a server's service on install; the tests start their own on 127.0.0.1.
  policy=/usr/sbin/policy-rc.d
  own_policy=false
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && own_policy=true; fi
  trap '$own_policy && rm -f "$policy"' EXIT
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "missing and cannot be installed here (needs root and apt-get):" >&2
echo "  sudo apt-get install -y ${missing[*]}" >&2
# Outside CI the tests that need them then skip with this reason; under CI they fail.
[ "${CI:-}" = "true" ] && exit 1 || exit 0
