#!/usr/bin/env bash
# Light load, end-to-end latency, start-up and idle cost of Runnel and Apache Kafka 4.4, measured alternately
# (A B A B ...) on one machine with Kafka's own tools, so that both see the same neighbours. Per run and broker:
#   start-up   launch of the JVM -> first answered Metadata request (raw-protocol probe), RSS at that moment
#   idle       broker CPU and RSS over IDLE_SECONDS with no client, after a 5 s settle
#   warm-up    WARM_SECONDS at 1,000 records/s, as light-1000 (the first ~10,000 small requests after start run
#              while the JIT compiles their path: reported, it is what a broker pays once; the cases below are
#              measured after it)
#   light-R    ProducerPerformance --throughput R, 100-byte records, acks=1 linger.ms=0 (R in RATES): broker CPU
#              (/proc/<pid>/stat utime+stime) per produce request (the client's request-total) and per record
#   e2e        EndToEndLatency, one 100-byte record produced, consumed and acknowledged at a time: p50/p99/p99.9
# then prints the medians per broker and the Runnel/Kafka ratios of the medians (markdown), and keeps every raw
# tool output with its exact command under $OUT.
#
# Usage (from a clean clone): mvn -B -q -DskipTests package && benchmarks/compare-light.sh [runs]   (default 3)
# Env: RATES="100 1000 10000" SECONDS_PER_RATE=20 WARM_SECONDS=40 E2E_RECORDS=5000 IDLE_SECONDS=20
#      OUT=/tmp/cmp-light  PEER_DIR=../shared/peers/kafka (the Kafka peer scripts: Kafka 4.4.0 and its tools)
#      B_HOME=<another Runnel tree or install>: compare that Runnel (as "A") with this one instead of Kafka
# Kafka runs with its peer's defaults (-Xmx1g -Xms1g, G1), Runnel with bin/runnel-broker's (-Xms64m -Xmx1g, G1).
# When another process already serves Kafka on 127.0.0.1:19092 it is reused (topics with unique names), and its
# start-up, idle figures and CPU (shared with that process's other clients) are reported as NA / marked shared.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
home="$(cd "$here/.." && pwd)"
peer="${PEER_DIR:-$home/../shared/peers/kafka}"
[[ -d "$peer" ]] || peer="$home/../../shared/peers/kafka"
[[ -f "$peer/env.sh" ]] || { echo "compare-light: Kafka peer scripts not found (set PEER_DIR)" >&2; exit 1; }
# shellcheck source=/dev/null
source "$peer/env.sh"
"$peer/setup.sh" > /dev/null || { echo "compare-light: peer setup failed" >&2; exit 1; }

runs="${1:-3}"
RATES="${RATES:-100 1000 10000}"
SECONDS_PER_RATE="${SECONDS_PER_RATE:-20}"
WARM_SECONDS="${WARM_SECONDS:-40}"
E2E_RECORDS="${E2E_RECORDS:-5000}"
IDLE_SECONDS="${IDLE_SECONDS:-20}"
OUT="${OUT:-/tmp/cmp-light}"
B_HOME="${B_HOME:-}"
runnel_port=19097
runnel_data=/tmp/cmp-light-runnel-data
CLK_TCK=$(getconf CLK_TCK)
TOOLS=("$JAVA" $TOOLS_HEAP_OPTS -Dlog4j2.configurationFile="$PEER_CONF/log4j2.properties" -cp "$PEER_LIB/tools/*")
rm -rf "$OUT"; mkdir -p "$OUT"
results="$OUT/results.tsv"
printf 'run\tbroker\tmetric\tvalue\n' > "$results"

ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
kb() { awk -v k="$2:" '$1==k{print $2}' "/proc/$1/status"; }
record() { printf '%s\t%s\t%s\t%s\n' "$run" "$label" "$1" "$2" >> "$results"; }
cpu_s() { awk -v a="$1" -v b="$2" -v h="$CLK_TCK" 'BEGIN{printf "%.3f", (b-a)/h}'; }

# Starts a Runnel broker from $1 (a tree with bin/runnel-broker); sets pid, boot; records start-up.
start_runnel() {
  local rhome="$1" jar
  jar=$(ls "$rhome"/broker-server/target/runnel-broker.jar "$rhome"/lib/runnel-broker.jar 2>/dev/null | head -1)
  [[ -n "$jar" ]] || { echo "compare-light: no runnel-broker.jar under $rhome (mvn -DskipTests package)" >&2; exit 1; }
  if ss -ltn "( sport = :$runnel_port )" | grep -q LISTEN; then
    echo "compare-light: port $runnel_port is in use" >&2; exit 1
  fi
  if [[ ! -f "${jar%.jar}.jsa" && "${RUNNEL_CDS:-true}" != false ]]; then
    # The first run writes the class-data archive at exit; start-up is measured with it, as users get it.
    rm -rf "$runnel_data"
    "$rhome/bin/runnel-broker" --port "$runnel_port" --data-dir "$runnel_data" > "$OUT/runnel-cds.log" 2>&1 &
    local p=$!
    python3 "$peer/probe_metadata.py" "127.0.0.1:$runnel_port" 60 0.05 > /dev/null
    kill -TERM "$p"; wait "$p" 2>/dev/null
  fi
  rm -rf "$runnel_data"
  local t0; t0=$(now_ms)
  "$rhome/bin/runnel-broker" --port "$runnel_port" --data-dir "$runnel_data" > "$OUT/$label-$run-broker.log" 2>&1 &
  pid=$!
  local probe; probe=$(python3 "$peer/probe_metadata.py" "127.0.0.1:$runnel_port" 60 0.02)
  [[ "$probe" == ok* ]] || { echo "compare-light: $label did not start: $probe" >&2; exit 1; }
  record startup_ms $(( $(awk '{print $2}' <<<"$probe") - t0 ))
  record startup_rss_kB "$(kb "$pid" VmRSS)"
  boot="127.0.0.1:$runnel_port"; owned=1
}

start_kafka() {
  boot="$PEER_HOST:$PEER_PORT"
  if ss -ltn "( sport = :$PEER_PORT )" | grep -q LISTEN; then
    pid=$(cat "$PEER_PID" 2>/dev/null || true)
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || { echo "compare-light: $PEER_PORT busy, not the peer" >&2; exit 1; }
    echo "compare-light: reusing the Kafka another process started (pid $pid): start-up and idle are NA"
    record startup_ms NA; record startup_rss_kB NA; owned=0; label_note="shared"
    return
  fi
  local line
  line=$(FRESH=1 "$peer/start.sh" 2>&1 | tee "$OUT/$label-$run-start.log" | grep 'metadata ok after')
  pid=$(cat "$PEER_PID")
  record startup_ms "$(sed -E 's/.*metadata ok after ([0-9]+) ms.*/\1/' <<<"$line")"
  record startup_rss_kB "$(sed -E 's/.*VmRSS ([0-9]+) kB.*/\1/' <<<"$line")"
  owned=1
}

stop_broker() {
  [[ "$owned" == 1 ]] || return 0
  if [[ "$label" == kafka ]]; then "$peer/stop.sh" > /dev/null 2>&1
  else kill -TERM "$pid"; wait "$pid" 2>/dev/null; fi
}

topic_cmd() { timeout -k 5 60 "${TOOLS[@]}" org.apache.kafka.tools.TopicCommand --bootstrap-server "$boot" "$@"; }

# One ProducerPerformance run at $1 records/s for $2 records on topic $3; records the broker's CPU per request.
light() {
  local rate="$1" n="$2" topic="$3" name="$4" log="$OUT/$label-$run-$4.log"
  local cmd=("${TOOLS[@]}" org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$boot" --topic "$topic"
             --num-records "$n" --record-size 100 --throughput "$rate" --print-metrics
             --command-property acks=1 linger.ms=0)
  echo "# ${cmd[*]}" > "$log"
  local c0 c1; c0=$(ticks "$pid")
  timeout -k 5 $(( n / rate + 120 )) "${cmd[@]}" >> "$log" 2>&1
  c1=$(ticks "$pid")
  local req; req=$(awk '$1 ~ /^producer-metrics:request-total:/ {printf "%d", $NF}' "$log")
  local cpu; cpu=$(cpu_s "$c0" "$c1")
  record "$name.broker_cpu_s" "$cpu"
  record "$name.requests" "${req:-NA}"
  if [[ -n "$req" && "$req" -gt 0 ]]; then
    record "$name.us_per_request" "$(awk -v c="$cpu" -v r="$req" 'BEGIN{printf "%.1f", c*1e6/r}')"
  fi
  record "$name.us_per_record" "$(awk -v c="$cpu" -v r="$n" 'BEGIN{printf "%.1f", c*1e6/r}')"
  local sum; sum=$(grep -E 'records sent,.*99.9th' "$log" | tail -1)
  record "$name.produce_p99_ms" "$(sed -nE 's/.* ([0-9]+) ms 99th.*/\1/p' <<<"$sum")"
  echo "  $name: ${req:-?} requests, broker ${cpu}s CPU | $sum"
}

e2e() {
  local topic="$1" log="$OUT/$label-$run-e2e.log"
  local cmd=("${TOOLS[@]}" org.apache.kafka.tools.EndToEndLatency --bootstrap-server "$boot" --topic "$topic"
             --num-records "$E2E_RECORDS" --producer-acks 1 --record-size 100)
  echo "# ${cmd[*]}" > "$log"
  local c0 c1; c0=$(ticks "$pid")
  timeout -k 5 300 "${cmd[@]}" >> "$log" 2>&1
  c1=$(ticks "$pid")
  local pct; pct=$(grep -E '^Percentiles:' "$log" | tail -1)
  record e2e.avg_ms "$(sed -nE 's/^Avg latency: ([0-9.]+) ms.*/\1/p' "$log" | tail -1)"
  record e2e.p50_ms "$(sed -nE 's/.*50th = ([0-9.]+).*/\1/p' <<<"$pct")"
  record e2e.p99_ms "$(sed -nE 's/.*99th = ([0-9.]+),.*/\1/p' <<<"$pct")"
  record e2e.p99_9_ms "$(sed -nE 's/.*99\.9th = ([0-9.]+).*/\1/p' <<<"$pct")"
  record e2e.broker_cpu_s "$(cpu_s "$c0" "$c1")"
  echo "  e2e: $(grep -E '^Avg latency' "$log" | tail -1) | $pct"
}

one() { # $1 label: kafka | runnel | runnel-b
  label="$1"; label_note=""
  echo "== run $run: $label ($(date -Is), load $(cut -d' ' -f1-3 /proc/loadavg))"
  case "$label" in
    kafka) start_kafka ;;
    runnel-b) start_runnel "$B_HOME" ;;
    runnel) start_runnel "$home" ;;
  esac
  local tp="light-$label-$run-$$"
  if [[ "$owned" == 1 ]]; then
    sleep 5
    local c0 c1; c0=$(ticks "$pid"); sleep "$IDLE_SECONDS"; c1=$(ticks "$pid")
    record idle.cpu_pct_of_core "$(awk -v a="$c0" -v b="$c1" -v h="$CLK_TCK" -v s="$IDLE_SECONDS" 'BEGIN{printf "%.2f", 100*(b-a)/h/s}')"
    record idle.rss_kB "$(kb "$pid" VmRSS)"
  else
    record idle.cpu_pct_of_core NA; record idle.rss_kB NA
  fi
  topic_cmd --create --topic "$tp" --partitions 1 --replication-factor 1 > "$OUT/$label-$run-topics.log" 2>&1
  topic_cmd --create --topic "$tp-e2e" --partitions 1 --replication-factor 1 >> "$OUT/$label-$run-topics.log" 2>&1
  light 1000 $(( 1000 * WARM_SECONDS )) "$tp" warmup
  local rate
  for rate in $RATES; do light "$rate" $(( rate * SECONDS_PER_RATE )) "$tp" "light$rate"; done
  e2e "$tp-e2e"
  record rss_after_kB "$(kb "$pid" VmRSS)"
  record hwm_kB "$(kb "$pid" VmHWM)"
  [[ -n "$label_note" ]] && record note "$label_note"
  topic_cmd --delete --topic "$tp" >> "$OUT/$label-$run-topics.log" 2>&1
  topic_cmd --delete --topic "$tp-e2e" >> "$OUT/$label-$run-topics.log" 2>&1
  stop_broker
}

a_label=kafka; [[ -n "$B_HOME" ]] && a_label=runnel-b
{
  echo "date: $(date -Is)"; echo "host: $(uname -srm), $(nproc) cpus, $(awk '/MemTotal/{print $2" kB"}' /proc/meminfo)"
  echo "java: $("$JAVA" -version 2>&1 | head -1)"; echo "runnel: $(git -C "$home" log -1 --format='%h %s' 2>/dev/null)"
  [[ -n "$B_HOME" ]] && echo "runnel-b: $B_HOME $(git -C "$B_HOME" log -1 --format='%h %s' 2>/dev/null)"
  echo "kafka tools: $(ls "$PEER_LIB/tools" | grep -E '^kafka-tools-')"
  echo "runs=$runs RATES=$RATES SECONDS_PER_RATE=$SECONDS_PER_RATE WARM_SECONDS=$WARM_SECONDS E2E_RECORDS=$E2E_RECORDS IDLE_SECONDS=$IDLE_SECONDS"
} | tee "$OUT/env.txt"
for run in $(seq 1 "$runs"); do
  one "$a_label"
  one runnel
done
echo "loadavg at end: $(cat /proc/loadavg)" >> "$OUT/env.txt"

python3 "$here/light-summary.py" "$results" "$a_label" | tee "$OUT/summary.md"
echo "raw outputs and exact commands: $OUT"
