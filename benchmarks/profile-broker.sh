#!/usr/bin/env bash
# CPU profile of a running broker JVM (Runnel's or Kafka's) with async-profiler, Java and kernel frames together,
# plus each thread's CPU over the same window (from /proc), so that "where does the CPU go per request" has an
# answer that includes wake-ups and system calls.
#
# Usage: benchmarks/profile-broker.sh <pid> <seconds> [out-dir]      (default out-dir /tmp/broker-profile)
#   Run the load (e.g. ProducerPerformance) while it samples. Writes <out>/profile.collapsed (one stack per line,
#   flame-graph input), <out>/threads.txt (CPU seconds per thread) and prints the top frames.
# async-profiler comes from Maven Central (tools.profiler:async-profiler, its jar carries the native library); it
# is loaded into the target JVM through the JDK's attach API. Needs perf_event_paranoid <= 2 (or root).
set -euo pipefail
pid="$1"; secs="$2"; out="${3:-/tmp/broker-profile}"
version="${ASYNC_PROFILER_VERSION:-4.1}"
mkdir -p "$out/lib"
jar="$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar"
[[ -f "$jar" ]] || mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$version" > /dev/null
arch=linux-x64; [[ "$(uname -m)" == aarch64 ]] && arch=linux-arm64
unzip -o -q -j "$jar" "$arch/libasyncProfiler.so" -d "$out/lib"
cat > "$out/lib/Attach.java" <<'JAVA'
import com.sun.tools.attach.VirtualMachine;

/** Loads a native agent into a running JVM: Attach <pid> <library> <options>. */
public class Attach {
    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
JAVA
attach() { java "$out/lib/Attach.java" "$pid" "$out/lib/libasyncProfiler.so" "$1"; }
threads() {
  for t in /proc/"$pid"/task/*; do
    printf '%s %s %s\n' "$(basename "$t")" "$(tr ' ' '_' < "$t/comm")" "$(awk '{print $14+$15}' "$t/stat")"
  done | sort
}
threads > "$out/threads0"; p0=$(awk '{print $14+$15}' "/proc/$pid/stat")
attach "start,event=cpu,interval=1ms,threads"
sleep "$secs"
attach "stop,file=$out/profile.collapsed,collapsed"
threads > "$out/threads1"; p1=$(awk '{print $14+$15}' "/proc/$pid/stat")
hz=$(getconf CLK_TCK)
{
  echo "process CPU: $(awk -v a="$p0" -v b="$p1" -v h="$hz" 'BEGIN{printf "%.2f", (b-a)/h}') s in ${secs} s"
  echo "per thread (CPU s; threads that ended in the window are only in the process total):"
  join "$out/threads0" "$out/threads1" | awk -v h="$hz" '{d=$5-$3; if (d>0) printf "  %-28s %.2f\n", $2, d/h}' \
    | sort -k2 -rn
} | tee "$out/threads.txt"
python3 - "$out/profile.collapsed" <<'PY'
import collections, sys
self_c, total = collections.Counter(), 0
for line in open(sys.argv[1]):
    stack, n = line.rsplit(' ', 1)
    n = int(n)
    total += n
    self_c[stack.split(';')[-1]] += n
print('samples: %d; top frames by self time:' % total)
for frame, n in self_c.most_common(25):
    print('  %5.1f%%  %s' % (100.0 * n / total, frame[:140]))
PY
