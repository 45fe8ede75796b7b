#!/usr/bin/env bash
# Transactional producer throughput, Runnel against Apache Kafka 4.4.0, with Kafka's ProducerPerformance
# (--transactional-id, --transaction-duration-ms), alternating A B A B on one machine, next to the same producer
# without transactions (to show the transaction coordinator costs plain traffic nothing).
# Both brokers must already run: Kafka via ../shared/peers/kafka/start.sh (127.0.0.1:19092), Runnel via
# bin/runnel-broker --port 29092. Prints per-run figures, then medians and Runnel/Kafka ratios.
# Usage: benchmarks/txn-compare.sh [runs] [records]     (defaults 3, 300000; 100-byte records)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peer="${PEER_DIR:-$here/../../shared/peers/kafka}"
source "$peer/env.sh"
runs="${1:-3}"
records="${2:-300000}"
kafka=127.0.0.1:19092
runnel=127.0.0.1:${RUNNEL_PORT:-29092}
kafka_pid=$(cat "$PEER_PID")
runnel_pid=$(pgrep -f "runnel-broker.jar.*--port ${runnel##*:}" | head -1)
tools=("$JAVA" $TOOLS_HEAP_OPTS -Dlog4j2.configurationFile="$PEER_CONF/log4j2.properties" -cp "$PEER_LIB/tools/*")
cpu_s() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat"; }
out=/tmp/txn-compare; rm -rf "$out"; mkdir -p "$out"

# one BROKER CASE RUN: prints "case broker run rec/s broker-cpu-us-per-record"
one() {
  local name=$1 boot=$2 pid=$3 kase=$4 run=$5 topic="txn-perf-$4-$5-$RANDOM"
  "${tools[@]}" org.apache.kafka.tools.TopicCommand --bootstrap-server "$boot" --create --topic "$topic" \
    --partitions 3 --replication-factor 1 > /dev/null
  local extra=()
  [[ $kase == txn ]] && extra=(--transactional-id "perf-$topic" --transaction-duration-ms 100)
  local before after
  before=$(cpu_s "$pid")
  "${tools[@]}" org.apache.kafka.tools.ProducerPerformance --topic "$topic" --num-records "$records" \
    --record-size 100 --throughput -1 "${extra[@]}" \
    --producer-props bootstrap.servers="$boot" acks=all linger.ms=5 batch.size=65536 \
    > "$out/$name-$kase-$run.log" 2>&1
  after=$(cpu_s "$pid")
  local rate
  rate=$(grep -o '[0-9.]* records/sec' "$out/$name-$kase-$run.log" | tail -1 | cut -d' ' -f1)
  echo "$kase $name $run $rate $(awk -v a="$after" -v b="$before" -v n="$records" 'BEGIN{printf "%.2f", (a-b)*1e6/n}')"
  "${tools[@]}" org.apache.kafka.tools.TopicCommand --bootstrap-server "$boot" --delete --topic "$topic" \
    > /dev/null 2>&1 || true
}

for run in $(seq 1 "$runs"); do
  for kase in txn plain; do
    one kafka "$kafka" "$kafka_pid" "$kase" "$run"
    one runnel "$runnel" "$runnel_pid" "$kase" "$run"
  done
done | tee "$out/results.txt"

python3 - "$out/results.txt" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
med = {}
for kase in ("txn", "plain"):
    for broker in ("kafka", "runnel"):
        sel = [r for r in rows if r[0] == kase and r[1] == broker]
        med[kase, broker] = (statistics.median(float(r[3]) for r in sel), statistics.median(float(r[4]) for r in sel))
    k, r = med[kase, "kafka"], med[kase, "runnel"]
    print(f"{kase:5s} medians: kafka {k[0]:,.0f} rec/s {k[1]:.2f} us/rec broker CPU | runnel {r[0]:,.0f} rec/s "
          f"{r[1]:.2f} us/rec | throughput ratio {r[0]/k[0]:.2f}x, broker CPU per record ratio {r[1]/k[1]:.2f}x")
PY
