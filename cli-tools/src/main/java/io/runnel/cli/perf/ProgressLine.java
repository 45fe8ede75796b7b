package io.runnel.cli.perf;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every 2 s, when a person watches (stderr is a terminal), one line on stderr about the last interval:
 * {@code 52310 records sent, 26155.0 records/sec (2.49 MB/sec), 3.1 ms avg latency, 12.0 ms max latency.} Also
 * keeps the whole run's histogram. Latencies are recorded in microseconds from any thread ({@link Recorder} is
 * safe for concurrent writers).
 */
final class ProgressLine implements AutoCloseable {
    private static final long INTERVAL_MS = 2000;
    private static final double MB = 1024.0 * 1024.0;

    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private final LongAdder bytes = new LongAdder();
    private final ScheduledExecutorService timer;
    private final PrintWriter err;
    private final String verb;
    private long lastNs = System.nanoTime();
    private Histogram interval;

    ProgressLine(PrintWriter err, boolean interactive, String verb) {
        this.err = err;
        this.verb = verb;
        if (interactive) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "runnel-perf-progress");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::print, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    /** One record of {@code size} bytes done after {@code latencyUs}. */
    void record(long latencyUs, int size) {
        recorder.recordValue(Math.max(0, latencyUs));
        bytes.add(size);
    }

    private synchronized void drain() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
    }

    private synchronized void print() {
        long now = System.nanoTime();
        long intervalBytes = bytes.sumThenReset();
        drain();
        double seconds = (now - lastNs) / 1e9;
        lastNs = now;
        long count = interval.getTotalCount();
        err.println(String.format(Locale.ROOT, "%d records %s, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency,"
                        + " %.1f ms max latency.", count, verb, count / seconds, intervalBytes / MB / seconds,
                interval.getMean() / 1000, interval.getMaxValue() / 1000.0));
        err.flush();
    }

    /** Stops the timer and returns the whole run's latencies. */
    synchronized Histogram finish() {
        close();
        drain();
        return total.copy();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
