#!/usr/bin/env bash
# Measures one node from the fat jar on a fresh data directory: cold start (initdb) and warm
# restart to ready, heap after start, then 1,000 sequential createPost calls next to a ping
# baseline from the same run. Usage: loadtest/scripts/measure-node.sh [count]
# Build first: mvn -B -q -pl node,loadtest -am package -DskipTests (NODE_JAR=... measures another build)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NODE_JAR="${NODE_JAR:-$ROOT/node/target/chorus-node-0.1.0-SNAPSHOT-all.jar}"
LOAD_JAR="$ROOT/loadtest/target/chorus-loadtest-0.1.0-SNAPSHOT-all.jar"
COUNT="${1:-1000}"
PORT=18065
URL="http://127.0.0.1:$PORT"
DATA="$(mktemp -d /tmp/chorus-measure-XXXXXX)"
export MM_SERVICESETTINGS_LISTENADDRESS="127.0.0.1:$PORT" MM_CLUSTERSETTINGS_MANAGEMENTPORT=18558
export MM_TEAMSETTINGS_ENABLEOPENSERVER=true MM_LOGSETTINGS_ENABLEFILE=false
pid=""
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$DATA"' EXIT

# shellcheck source=loadtest/scripts/node-process.sh
source "$ROOT/loadtest/scripts/node-process.sh"

start_node cold
stop_node
start_node warm
jcmd "$pid" GC.run > /dev/null
echo "heap after start (after a full GC): $(jcmd "$pid" GC.heap_info | sed -n 2p | sed 's/.*used \([0-9]*K\).*/\1/')"
echo "resident set size: $(ps -o rss= -p "$pid" | tr -d ' ') KB"
java -cp "$LOAD_JAR" chorus.loadtest.SequentialPosts "$URL" "$COUNT"
stop_node
