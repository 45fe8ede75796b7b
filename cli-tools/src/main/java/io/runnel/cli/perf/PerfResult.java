package io.runnel.cli.perf;

import io.runnel.cli.output.Json;
import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.Map;

/**
 * The figures of one perf run in the units of Kafka's ProducerPerformance, so the two compare line by line:
 * records/s, MB/s (MB = 2^20 bytes), and latency in milliseconds (recorded in microseconds, so sub-millisecond
 * figures keep their decimals): average, p50, p95, p99, p99.9 and max.
 *
 * @param records   records sent (acknowledged) or received
 * @param bytes     their payload bytes (keys and values)
 * @param elapsedNs wall time from the first send (or poll) to the last acknowledgement (or record)
 * @param latencyUs latency of each record in microseconds
 */
record PerfResult(long records, long bytes, long elapsedNs, Histogram latencyUs) {
    private static final double MB = 1024.0 * 1024.0;

    double recordsPerSec() {
        return elapsedNs == 0 ? 0 : records * 1e9 / elapsedNs;
    }

    double mbPerSec() {
        return elapsedNs == 0 ? 0 : bytes / MB * 1e9 / elapsedNs;
    }

    private double ms(double micros) {
        return micros / 1000.0;
    }

    private double percentileMs(double percentile) {
        return latencyUs.getTotalCount() == 0 ? 0 : ms(latencyUs.getValueAtPercentile(percentile));
    }

    /**
     * Kafka's final line, e.g. {@code 1000 records sent, 250.0 records/sec (0.02 MB/sec), 2.10 ms avg latency,
     * 9.00 ms max latency, 2.00 ms 50th, 4.00 ms 95th, 8.00 ms 99th, 9.00 ms 99.9th.}
     */
    String line(String verb) {
        return String.format(Locale.ROOT, "%d records %s, %.1f records/sec (%.2f MB/sec), %.2f ms avg latency, "
                        + "%.2f ms max latency, %.2f ms 50th, %.2f ms 95th, %.2f ms 99th, %.2f ms 99.9th.",
                records, verb, recordsPerSec(), mbPerSec(), ms(latencyUs.getMean()), ms(latencyUs.getMaxValue()),
                percentileMs(50), percentileMs(95), percentileMs(99), percentileMs(99.9));
    }

    Map<String, Object> json() {
        return Json.object("records", records, "bytes", bytes, "elapsedMs", elapsedNs / 1_000_000,
                "recordsPerSec", round(recordsPerSec()), "mbPerSec", round(mbPerSec()),
                "latencyMs", Json.object("avg", round(ms(latencyUs.getMean())), "p50", round(percentileMs(50)),
                        "p95", round(percentileMs(95)), "p99", round(percentileMs(99)),
                        "p999", round(percentileMs(99.9)), "max", round(ms(latencyUs.getMaxValue()))));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
