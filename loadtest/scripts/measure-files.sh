#!/usr/bin/env bash
# File storage throughput and heap: a node from the fat jar uploads and downloads one file
# (default 100 MiB) through the API on each driver — local directory and S3 (s3proxy, file-system
# backed, on this machine) — next to baselines timed in the same run: a plain `cp` of the same
# file (upload: cp + sync, as the driver fsyncs; download: cat into a file, as curl writes one)
# for the local driver, a raw signed PUT/GET to the same s3proxy for the S3 driver. Then the
# node's heap while it streams a 1 GiB upload (the node runs with -Xmx256m, so a driver that
# buffered whole files would fail outright; the figure is used-heap growth sampled by jstat).
#
# Usage: loadtest/scripts/measure-files.sh [size-MiB] [big-MiB]
# Build first: mvn -B -q -pl node -am package -DskipTests
#   and the s3proxy classpath: mvn -B -q -pl persistence -am test-compile
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NODE_JAR="$ROOT/node/target/chorus-node-0.1.0-SNAPSHOT-all.jar"
SIZE_MB="${1:-100}"
BIG_MB="${2:-1024}"
PORT=18075
S3_PORT=18076
URL="http://127.0.0.1:$PORT/api/v4"
WORK="$(mktemp -d /tmp/chorus-files-measure-XXXXXX)"
ACCESS=bench-access
SECRET=bench-secret
node_pid=""
s3_pid=""
jstat_pid=""
cleanup() {
  for p in "$jstat_pid" "$node_pid" "$s3_pid"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

ms() { echo $(( ($2 - $1) / 1000000 )); }
rate() { awk -v bytes="$1" -v ms="$2" 'BEGIN { printf "%.1f MiB/s", (bytes / 1048576) / (ms / 1000) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# --- s3proxy, started from the test classpath the build already resolved ---
CP="$(cd "$ROOT" && mvn -B -o -q -Dstyle.color=never -pl persistence dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)"
mkdir -p "$WORK/s3data/bench"
cat > "$WORK/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$ACCESS
s3proxy.credential=$SECRET
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/s3data
jclouds.identity=$ACCESS
jclouds.credential=$SECRET
CONF
java -cp "$CP" org.gaul.s3proxy.Main --properties "$WORK/s3proxy.conf" > "$WORK/s3proxy.log" 2>&1 &
s3_pid=$!
until curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/"; do kill -0 "$s3_pid" || { cat "$WORK/s3proxy.log"; exit 1; }; sleep 0.2; done

head -c $((SIZE_MB * 1048576)) /dev/urandom > "$WORK/payload.bin"
BYTES=$(stat -c %s "$WORK/payload.bin")

start_node() { # $1 = name; env selects the driver
  java -Xmx256m -jar "$NODE_JAR" run --data-dir "$WORK/data-$1" > "$WORK/node-$1.log" 2>&1 &
  node_pid=$!
  until curl -sf "$URL/system/ping" > /dev/null; do
    kill -0 "$node_pid" 2>/dev/null || { echo "node exited; see log:"; tail -20 "$WORK/node-$1.log"; exit 1; }
    sleep 0.2
  done
  curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"username":"bench","email":"bench@example.com","password":"Passw0rd!"}' "$URL/users" || true
  TOKEN=$(curl -sf -D - -o /dev/null -H 'Content-Type: application/json' -d '{"login_id":"bench","password":"Passw0rd!"}' "$URL/users/login" | tr -d '\r' | awk -F': ' 'tolower($1)=="token" {print $2}')
  local team
  team=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench$RANDOM\",\"display_name\":\"Bench\",\"type\":\"O\"}" "$URL/teams" | sed 's/.*"id":"\([a-z0-9]*\)".*/\1/')
  CHANNEL=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"team_id\":\"$team\",\"name\":\"files$RANDOM\",\"display_name\":\"Files\",\"type\":\"O\"}" "$URL/channels" | sed 's/.*"id":"\([a-z0-9]*\)".*/\1/')
}

stop_node() { kill -TERM "$node_pid"; wait "$node_pid" 2>/dev/null || true; node_pid=""; }

upload() { # $1 = file; prints the new file id
  curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/octet-stream' -X POST -T "$1" \
    "$URL/files?channel_id=$CHANNEL&filename=$(basename "$1")" | sed 's/.*"file_infos":\[{"id":"\([a-z0-9]*\)".*/\1/'
}

measure_api() { # $1 = driver name; prints upload and download ms
  local t0 t1 t2 id
  t0=$(date +%s%N); id=$(upload "$WORK/payload.bin"); t1=$(date +%s%N)
  curl -sf -H "Authorization: Bearer $TOKEN" -o "$WORK/download.bin" "$URL/files/$id"; t2=$(date +%s%N)
  cmp -s "$WORK/payload.bin" "$WORK/download.bin" || { echo "$1: downloaded bytes differ"; exit 1; }
  rm -f "$WORK/download.bin"
  API_UP=$(ms "$t0" "$t1"); API_DOWN=$(ms "$t1" "$t2")
}

measure_heap() { # $1 = driver name: used heap after a full GC, then its peak while a BIG_MB upload streams
  local before after t0 t1 id peak
  head -c $((BIG_MB * 1048576)) /dev/zero > "$WORK/big.bin"
  jcmd "$node_pid" GC.run > /dev/null
  before=$(jstat -gc "$node_pid" | awk 'NR==2 {printf "%.0f", ($3+$4+$6+$8)/1024}')
  jstat -gc "$node_pid" 250 > "$WORK/jstat.txt" &
  jstat_pid=$!
  t0=$(date +%s%N); id=$(upload "$WORK/big.bin"); t1=$(date +%s%N)
  kill "$jstat_pid" 2>/dev/null || true; wait "$jstat_pid" 2>/dev/null || true; jstat_pid=""
  rm -f "$WORK/big.bin"
  [[ -n "$id" ]] || { echo "$1: the $BIG_MB MiB upload failed"; exit 1; }
  peak=$(awk '$1 ~ /^[0-9]/ {u=($3+$4+$6+$8)/1024; if (u>max) max=u} END {printf "%.0f", max}' "$WORK/jstat.txt")
  jcmd "$node_pid" GC.run > /dev/null
  after=$(jstat -gc "$node_pid" | awk 'NR==2 {printf "%.0f", ($3+$4+$6+$8)/1024}')
  echo "heap during a $BIG_MB MiB upload ($1, -Xmx256m): used after a full GC $before MiB before, $after MiB after;" \
    "peak used (garbage included) $peak MiB, growth $((peak - before)) MiB; upload $(rate $((BIG_MB * 1048576)) "$(ms "$t0" "$t1")")"
}

echo "file: $SIZE_MB MiB; machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, load $(cut -d' ' -f1 /proc/loadavg)"
echo

# --- local driver vs cp ---
export MM_SERVICESETTINGS_LISTENADDRESS="127.0.0.1:$PORT" MM_CLUSTERSETTINGS_MANAGEMENTPORT=18559
export MM_TEAMSETTINGS_ENABLEOPENSERVER=true MM_LOGSETTINGS_ENABLEFILE=false
export MM_FILESETTINGS_MAXFILESIZE=$(( (BIG_MB + 16) * 1048576 ))
export MM_FILESETTINGS_DRIVERNAME=local MM_FILESETTINGS_DIRECTORY="$WORK/nas"
start_node local
t0=$(date +%s%N); cp "$WORK/payload.bin" "$WORK/copy.bin"; sync "$WORK/copy.bin"; t1=$(date +%s%N)
cat "$WORK/copy.bin" > "$WORK/copy2.bin"; t2=$(date +%s%N)
CP_UP=$(ms "$t0" "$t1"); CP_DOWN=$(ms "$t1" "$t2"); rm -f "$WORK/copy.bin" "$WORK/copy2.bin"
measure_api local
echo "local driver  upload   $(rate "$BYTES" "$API_UP") ($API_UP ms)   baseline cp+sync $(rate "$BYTES" "$CP_UP")   ratio $(ratio "$CP_UP" "$API_UP")"
echo "local driver  download $(rate "$BYTES" "$API_DOWN") ($API_DOWN ms)   baseline cat>file $(rate "$BYTES" "$CP_DOWN")   ratio $(ratio "$CP_DOWN" "$API_DOWN")"

# --- heap during a big upload (local driver, -Xmx256m) ---
measure_heap local
stop_node

# --- S3 driver vs raw s3proxy ---
export MM_FILESETTINGS_DRIVERNAME=amazons3 MM_FILESETTINGS_AMAZONS3BUCKET=bench MM_FILESETTINGS_AMAZONS3ENDPOINT="127.0.0.1:$S3_PORT"
export MM_FILESETTINGS_AMAZONS3ACCESSKEYID=$ACCESS MM_FILESETTINGS_AMAZONS3SECRETACCESSKEY=$SECRET MM_FILESETTINGS_AMAZONS3SSL=false
start_node s3
SIGN=(--aws-sigv4 "aws:amz:us-east-1:s3" --user "$ACCESS:$SECRET" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD")
t0=$(date +%s%N); curl -sf "${SIGN[@]}" -T "$WORK/payload.bin" "http://127.0.0.1:$S3_PORT/bench/baseline.bin" > /dev/null; t1=$(date +%s%N)
curl -sf "${SIGN[@]}" -o "$WORK/raw.bin" "http://127.0.0.1:$S3_PORT/bench/baseline.bin"; t2=$(date +%s%N); rm -f "$WORK/raw.bin"
RAW_UP=$(ms "$t0" "$t1"); RAW_DOWN=$(ms "$t1" "$t2")
measure_api s3
echo "S3 driver     upload   $(rate "$BYTES" "$API_UP") ($API_UP ms)   baseline raw PUT $(rate "$BYTES" "$RAW_UP")   ratio $(ratio "$RAW_UP" "$API_UP")"
echo "S3 driver     download $(rate "$BYTES" "$API_DOWN") ($API_DOWN ms)   baseline raw GET $(rate "$BYTES" "$RAW_DOWN")   ratio $(ratio "$RAW_DOWN" "$API_DOWN")"

measure_heap S3
stop_node
