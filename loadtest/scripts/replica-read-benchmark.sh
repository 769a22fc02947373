#!/usr/bin/env bash
# Issue 4's closing-note numbers: API read throughput with 0/1/2 read replicas, worst latency
# while a replica is stopped, and how long a lagging replica stays in rotation. Starts a primary
# and two streaming standbys from the embedded binaries plus one node, all on this host.
# Usage: loadtest/scripts/replica-read-benchmark.sh [extra mvn -D options, e.g. -Dchorus.bench.seconds=20]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -o -q -pl node -am test -Dtest=ReplicaReadBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dchorus.bench=true -Dbenchmarks= -Dgroups=benchmark "$@"
cat node/target/replica-read-benchmark.txt
