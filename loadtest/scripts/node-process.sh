# Sourced by the measure-*.sh scripts: runs one node from $NODE_JAR on $DATA and waits until it
# answers on $URL. start_node LABEL starts it (log in $DATA/node-LABEL.log, process id in $pid)
# and prints how long it took to be ready; stop_node stops it with SIGTERM and waits.
# NODE_JAVA_OPTS adds JVM options to the node only (e.g. a flight recording to profile it).

start_node() {
  local t0 t1
  t0=$(date +%s%N)
  java ${NODE_JAVA_OPTS:-} -jar "$NODE_JAR" run --data-dir "$DATA" > "$DATA/node-$1.log" 2>&1 &
  pid=$!
  until curl -sf "$URL/api/v4/system/ping?get_server_status=true" > /dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "node exited; see $DATA/node-$1.log"; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s%N)
  echo "$1 start to ready: $(( (t1 - t0) / 1000000 )) ms"
}

stop_node() {
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
}
