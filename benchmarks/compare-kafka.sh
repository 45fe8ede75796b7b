#!/usr/bin/env bash
# Side-by-side throughput of Apache Kafka 4.4.0 and Runnel with Kafka's own perf tools, alternating runs on one
# machine. Uses the peer scripts in ../shared/peers/kafka (they assemble Kafka from Maven Central and run its
# ProducerPerformance/ConsumerPerformance against any loopback bootstrap). Results: /tmp/cmp/<broker>-<run>/.
# Usage: mvn -q -DskipTests package && benchmarks/compare-kafka.sh [runs]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peer="${PEER_DIR:-$here/../../shared/peers/kafka}"
runs="${1:-2}"
export RECORDS="${RECORDS:-1000000}" WARMUP_RECORDS="${WARMUP_RECORDS:-300000}" CASES="${CASES:-a c e}"
export QUIET_WAIT_MAX="${QUIET_WAIT_MAX:-60}" CASE_TIMEOUT="${CASE_TIMEOUT:-120}"
port=19094
data=/tmp/runnel-perf
for run in $(seq 1 "$runs"); do
  FRESH=1 "$peer/start.sh" > "/tmp/cmp-kafka-start-$run.log" 2>&1 || { echo "kafka did not start"; exit 1; }
  LABEL=kafka OUT="/tmp/cmp/kafka-$run" "$peer/bench.sh" > "/tmp/cmp-kafka-$run.log" 2>&1
  "$peer/stop.sh" > /dev/null 2>&1
  rm -rf "$data"
  "$here/../bin/runnel-broker" --port "$port" --data-dir "$data" > "/tmp/cmp-runnel-start-$run.log" 2>&1 &
  for _ in $(seq 1 100); do grep -q "started on" "/tmp/cmp-runnel-start-$run.log" && break; sleep 0.2; done
  pid=$(pgrep -f "runnel-broker.jar --port $port" | head -1)
  BROKER_PID=$pid BROKER_DATA=$data LABEL=runnel OUT="/tmp/cmp/runnel-$run" \
    "$peer/bench.sh" "127.0.0.1:$port" > "/tmp/cmp-runnel-$run.log" 2>&1
  kill -TERM "$pid"; wait "$pid" 2>/dev/null
done
for f in /tmp/cmp/*/summary.tsv; do echo "== $f"; cut -f1,2,6,7,15 "$f"; done
