#!/usr/bin/env bash
# Checks that the shipped proxy configurations parse with the proxy they were written for:
# fetches the proxy (fetch-proxy.sh), fills in loopback addresses, runs `haproxy -c` and
# `nginx -t`. No traffic is sent and nothing needs to listen on those addresses.
# Usage: deploy/scripts/check-proxy-config.sh [haproxy|nginx]...   (default: both)
set -euo pipefail
SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/chorus-proxy-check.XXXXXX")"
trap 'rm -rf "$RUN_DIR"' EXIT
LISTEN=127.0.0.1:18080
NODES=(127.0.0.1:18065 127.0.0.1:18066 127.0.0.1:18067)

check() {
  local bin config
  bin="$("$SCRIPTS/fetch-proxy.sh" "$1")"
  case "$1" in
    haproxy)
      config="$("$SCRIPTS/render-proxy-config.sh" haproxy)"
      CHORUS_LISTEN="$LISTEN" CHORUS_NODE1="${NODES[0]}" CHORUS_NODE2="${NODES[1]}" CHORUS_NODE3="${NODES[2]}" \
        "$bin" -c -f "$config"
      ;;
    nginx)
      config="$("$SCRIPTS/render-proxy-config.sh" nginx "$RUN_DIR/nginx" "$LISTEN" "${NODES[@]}")"
      "$bin" -t -q -c "$config"
      ;;
    *)
      echo "usage: check-proxy-config.sh [haproxy|nginx]..." >&2
      exit 2
      ;;
  esac
  echo "check-proxy-config: $1 ($("$bin" -v 2>&1 | head -1)) accepts $config"
}

if [[ $# -eq 0 ]]; then
  set -- haproxy nginx
fi
for name in "$@"; do
  check "$name"
done
