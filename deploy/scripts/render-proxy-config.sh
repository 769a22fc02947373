#!/usr/bin/env bash
# Writes the shipped nginx configuration with its placeholders filled in and prints the path of
# the result. nginx cannot read environment variables, so deploy/nginx/chorus.conf carries
# @LISTEN@, @NODE1@..@NODE3@ and @RUN_DIR@ instead (see the top of that file). HAProxy needs no
# rendering: it expands "${CHORUS_*}" itself, so for haproxy this prints the shipped file.
# Usage: deploy/scripts/render-proxy-config.sh nginx RUN_DIR LISTEN NODE1 NODE2 NODE3
#        deploy/scripts/render-proxy-config.sh haproxy
set -euo pipefail
DEPLOY="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

case "${1:-}" in
  haproxy)
    echo "$DEPLOY/haproxy/haproxy.cfg"
    ;;
  nginx)
    if [[ $# -ne 6 ]]; then
      echo "usage: render-proxy-config.sh nginx RUN_DIR LISTEN NODE1 NODE2 NODE3" >&2
      exit 2
    fi
    mkdir -p "$2"
    run_dir="$(cd "$2" && pwd)"
    for value in "$run_dir" "$3" "$4" "$5" "$6"; do
      # The values go into sed replacements and nginx directives unquoted.
      if [[ "$value" =~ [[:space:]\;\|\&\\\{\}\'\"] ]]; then
        echo "render-proxy-config: unsafe character in '$value'" >&2
        exit 2
      fi
    done
    out="$run_dir/nginx.conf"
    sed -e "s|@RUN_DIR@|$run_dir|g" -e "s|@LISTEN@|$3|g" \
      -e "s|@NODE1@|$4|g" -e "s|@NODE2@|$5|g" -e "s|@NODE3@|$6|g" \
      "$DEPLOY/nginx/chorus.conf" > "$out"
    if grep -q '@[A-Z0-9_]*@' "$out"; then
      echo "render-proxy-config: placeholders left in $out: $(grep -o '@[A-Z0-9_]*@' "$out" | sort -u | tr '\n' ' ')" >&2
      exit 1
    fi
    echo "$out"
    ;;
  *)
    echo "usage: render-proxy-config.sh nginx RUN_DIR LISTEN NODE1 NODE2 NODE3 | haproxy" >&2
    exit 2
    ;;
esac
