#!/usr/bin/env bash
# Prints the path of a headless-capable Chromium for the browser tests, installing Debian's
# package when there is none: CI runs as root on a fresh machine, and a test tool's download of
# its own browser cannot reach its servers from here. CHROMIUM, when set, names the binary to use.
set -euo pipefail

works() { "$1" --version > /dev/null 2>&1; }

for candidate in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [[ -n "$candidate" && -x "$candidate" ]] && works "$candidate"; then
    echo "$candidate"
    exit 0
  fi
done

if [[ "$(id -u)" != 0 ]]; then
  echo "chromium.sh: no Chromium found; install Debian's package (apt-get install chromium) or set CHROMIUM" >&2
  exit 1
fi

has_candidate() {
  local version
  version="$(apt-cache policy chromium 2>/dev/null | awk '/Candidate:/ {print $2}')"
  [[ -n "$version" && "$version" != "(none)" ]]
}

# A fresh machine's package lists were never fetched.
has_candidate || apt-get update > /dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium > /dev/null
works /usr/bin/chromium
echo /usr/bin/chromium
