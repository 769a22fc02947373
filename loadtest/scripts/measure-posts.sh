#!/usr/bin/env bash
# The 32-client post benchmark: one node from the fat jar on a fresh data directory (embedded
# PostgreSQL); CLIENTS closed-loop clients pinging it for SECONDS (the HTTP layer's baseline),
# then posting into a channel each for SECONDS, each phase after a warm-up of at least 30 s that
# lasts until the node's JIT compilers are quiet (at most 180 s); then pgbench
# with as many clients doing single-row INSERTs on the node's own PostgreSQL, and the ratios.
# Usage: loadtest/scripts/measure-posts.sh [clients=32] [seconds=20]
#   NODE_JAR=path/to/chorus-node-*-all.jar to measure another build (e.g. an older commit's).
# Build first: mvn -B -q -pl node,loadtest -am package -DskipTests
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NODE_JAR="${NODE_JAR:-$ROOT/node/target/chorus-node-0.1.0-SNAPSHOT-all.jar}"
LOAD_JAR="$ROOT/loadtest/target/chorus-loadtest-0.1.0-SNAPSHOT-all.jar"
CLIENTS="${1:-32}"
SECONDS_MEASURED="${2:-20}"
PORT=18065
URL="http://127.0.0.1:$PORT"
DATA="$(mktemp -d /tmp/chorus-posts-XXXXXX)"
PGBENCH="$("$ROOT/loadtest/scripts/fetch-pgbench.sh")"
export MM_SERVICESETTINGS_LISTENADDRESS="127.0.0.1:$PORT" MM_CLUSTERSETTINGS_MANAGEMENTPORT=18558
export MM_TEAMSETTINGS_ENABLEOPENSERVER=true MM_LOGSETTINGS_ENABLEFILE=false
pid=""
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$DATA"' EXIT

echo "node: $NODE_JAR; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck source=loadtest/scripts/node-process.sh
source "$ROOT/loadtest/scripts/node-process.sh"
start_node posts
# postmaster.pid's first line is the postmaster's process id, its fourth the port it listens on.
PG_PORT="$(sed -n 4p "$DATA/postgres/postmaster.pid")"
PG_PID="$(sed -n 1p "$DATA/postgres/postmaster.pid")"
java -Dchorus.nodePid="$pid" -Dchorus.postgresPid="$PG_PID" -cp "$LOAD_JAR" chorus.loadtest.ConcurrentPosts "$URL" "$CLIENTS" "$SECONDS_MEASURED" "$PGBENCH" "$PG_PORT"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
