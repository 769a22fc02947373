#!/usr/bin/env bash
# The evidence behind the JVM options bin/chorus and the systemd unit start the node with: the
# 32-client post benchmark (measure-posts.sh) once per candidate set of options, each node
# logging its collections, then per candidate the posts/s, p99 and the collector's pauses
# (count, total, longest) read from that log. Run it on an otherwise idle machine; each run
# waits for the load average to fall below 1.5 (at most 5 minutes) first.
# Usage: loadtest/scripts/compare-jvm-options.sh [clients=32] [seconds=20]
#   CANDIDATES="name=options;name=options" replaces the default candidates.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLIENTS="${1:-32}"
SECONDS_MEASURED="${2:-20}"
CANDIDATES="${CANDIDATES:-default=;G1-fixed-1g=-XX:+UseG1GC -Xms1g -Xmx1g -XX:MaxGCPauseMillis=50;Parallel-1g=-XX:+UseParallelGC -Xms1g -Xmx1g}"
OUT="$(mktemp -d /tmp/chorus-jvm-XXXXXX)"

# Sums the pauses of a unified GC log (-Xlog:gc): lines end in "<ms>ms" after a "Pause" word.
pauses() {
  awk '/Pause/ && match($0, /[0-9.]+ms$/) { ms = substr($0, RSTART, RLENGTH - 2) + 0; n++; total += ms; if (ms > max) max = ms }
       END { printf "%d pauses, %.0f ms in all, longest %.1f ms", n, total, max }' "$1"
}

# Each run leaves the load average at 10-15 (32 clients, 32 backends and the node on few cores);
# the next starts only once it has decayed, so no candidate starts on the one before's load.
settle() {
  local waited=0
  until awk '{ exit !($1 < 1.5) }' /proc/loadavg || (( waited >= 300 )); do
    sleep 5
    waited=$((waited + 5))
  done
}

IFS=';' read -r -a entries <<< "$CANDIDATES"
for entry in "${entries[@]}"; do
  name="${entry%%=*}"
  options="${entry#*=}"
  log="$OUT/$name.gc.log"
  settle
  echo "== $name: ${options:-(JVM defaults)}"
  NODE_JAVA_OPTS="$options -Xlog:gc:file=$log" "$ROOT/loadtest/scripts/measure-posts.sh" "$CLIENTS" "$SECONDS_MEASURED" \
    | tee "$OUT/$name.out" | grep -E "load average|createPost|posts/s|p99" || true
  echo "   GC: $(pauses "$log")"
done
echo "logs: $OUT"
