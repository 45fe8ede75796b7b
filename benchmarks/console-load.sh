#!/usr/bin/env bash
# Produce throughput with and without the web console working: Kafka's ProducerPerformance (from the Apache Kafka
# peer in ../shared/peers/kafka) against a Runnel broker, alternating rounds without console traffic and with the
# console's live tail streaming the topic and its search scanning it back to back (the HTTP requests the console
# page makes, sent by curl). Prints records/s per round.
# Usage: mvn -q -DskipTests package && benchmarks/console-load.sh [rounds] [records]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peer="${PEER_DIR:-$here/../../shared/peers/kafka}"
rounds="${1:-2}"
records="${2:-2000000}"
port=19095
http=127.0.0.1:19645
data=/tmp/runnel-console-load
"$peer/setup.sh" > /dev/null || exit 1
source "$peer/env.sh"
tools=(java -Xmx512m -cp "$PEER_LIB/tools/*")
perf() { # $1 records
  "${tools[@]}" org.apache.kafka.tools.ProducerPerformance --topic load --num-records "$1" --record-size 100 \
    --throughput -1 --producer-props bootstrap.servers=127.0.0.1:$port acks=1 linger.ms=5 batch.size=65536 \
    2>/dev/null | tail -1
}
rm -rf "$data"
${RUNNEL_BROKER:-$here/../bin/runnel-broker} --port "$port" --data-dir "$data" --set http.listener=$http \
  --set auto.create.topics.enable=true > /tmp/console-load-broker.log 2>&1 &
broker=$!
trap 'kill $broker 2>/dev/null; wait $broker 2>/dev/null' EXIT
for _ in $(seq 1 150); do curl -sf "http://$http/ready" > /dev/null && break; sleep 0.2; done
echo "prefill: $(perf 1000000)"
for round in $(seq 1 "$rounds"); do
  echo "round $round, no console:        $(perf "$records")"
  curl -sN "http://$http/api/v1/topics/load/tail" > /dev/null &
  tail=$!
  (while :; do curl -s "http://$http/api/v1/topics/load/search?q=needle&maxBytes=67108864&maxMs=3000" \
     > /tmp/console-load-search.json; done) &
  search=$!
  echo "round $round, tail + search:     $(perf "$records")"
  kill $search $tail 2>/dev/null; wait $search $tail 2>/dev/null
  grep -o '"scan":{[^}]*' /tmp/console-load-search.json | head -1
done
echo "load average: $(cat /proc/loadavg)"
